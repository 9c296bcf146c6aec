using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Flusio.Tests.Media;
using Microsoft.Playwright;
using SkiaSharp;
using static Microsoft.Playwright.Assertions;

namespace Flusio.Tests.Browser;

/// <summary>A saved link's page fills in with its metadata as the job reads it, without a reload.</summary>
[Collection("browser")]
public sealed class LinkMetadataBrowserTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task The_saved_links_page_fills_in_when_its_metadata_arrives()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/article", "<html><head><title>Plain</title><meta property=\"og:title\" content=\"Arrived by itself\"><meta property=\"og:description\" content=\"Filled in without a reload\"><meta property=\"og:image\" content=\"/cover.png\"></head><body><p>Words</p></body></html>", "text/html");
        server.Bytes("/cover.png", TestImages.Encoded(1200, 630, SKEncodedImageFormat.Png), "image/png");
        server.DelayOf = path => path == "/article" ? TimeSpan.FromSeconds(2) : TimeSpan.Zero;
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        var user = await browser.App.CreateUserAsync();
        await page.LogInAsync(user.UserName!);
        await Expect(page).ToHaveURLAsync(new Regex("/news$"));

        await page.GotoAsync("/links/new");
        await page.GetByLabel("Address of the page").FillAsync(server.Url("/article"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the link" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/links/[0-9a-f-]{36}/collections$"));
        var url = page.Url;
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reading the page…" })).ToBeVisibleAsync();

        await Expect(page.Locator("[data-field=title]")).ToHaveTextAsync("Arrived by itself", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-field=description]")).ToHaveTextAsync("Filled in without a reload");
        await Expect(page.Locator("img[data-field=illustration]")).ToHaveAttributeAsync("src", new Regex("^/media/[0-9a-f]{2}/[0-9a-f]{64}\\.webp$"));
        await Expect(page.Locator("img[data-field=illustration]")).ToBeVisibleAsync();
        Assert.Equal(url, page.Url);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
