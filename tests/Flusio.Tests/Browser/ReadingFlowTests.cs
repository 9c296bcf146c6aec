using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flusio.Tests.Browser;

[Collection("browser")]
public sealed partial class ReadingFlowTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_reader_follows_a_feed_fills_the_news_and_reads_by_button_and_by_keyboard()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/feed.xml", TestFeeds.Rss("The Example Journal", Enumerable.Range(1, 5).Select(n => new TestFeeds.Item(
            $"e{n}", $"Story number {n} about something worth reading", $"https://site.example/story-{n}", DateTimeOffset.UtcNow - TimeSpan.FromHours(n),
            $"<p>The full text of story {n}, with <em>emphasis</em> and a <a href=\"https://site.example/\">link</a>.</p>"))));
        var page = await browser.NewPageAsync();
        var user = await browser.App.CreateUserAsync();
        await page.LogInAsync(user.UserName!);
        await Expect(page).ToHaveURLAsync(new Regex("/news$"));
        var shots = new List<string>(await Screenshots.ShootAsync(page, "news-empty"));

        // Follow, by its address.
        await page.GotoAsync("/feeds");
        await page.GetByRole(AriaRole.Link, new() { Name = "Follow a feed" }).ClickAsync();
        shots.AddRange(await Screenshots.ShootAsync(page, "feeds-new"));
        await page.GetByLabel("Address of a feed or of a website").FillAsync(server.Url("/feed.xml"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Follow" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(FeedPage());
        await browser.App.WaitForJobsAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The Example Journal", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-link]")).ToHaveCountAsync(5);
        shots.AddRange(await Screenshots.ShootAsync(page, "feed-page"));
        await page.GotoAsync("/feeds");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "The Example Journal" })).ToBeVisibleAsync();
        shots.AddRange(await Screenshots.ShootAsync(page, "feeds"));

        // What's new: five links, grouped by day and source.
        await page.GotoAsync("/news");
        await page.GetByRole(AriaRole.Button, new() { Name = "What's new" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("5 new links");
        var links = page.Locator("[data-link]");
        await Expect(links).ToHaveCountAsync(5);
        shots.AddRange(await Screenshots.ShootAsync(page, "news"));

        // By button: the link leaves the news in place.
        var first = links.First;
        var firstTitle = await first.Locator("h3").InnerTextAsync();
        await first.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Mark as read") }).ClickAsync();
        await Expect(links).ToHaveCountAsync(4);

        // By keyboard: j moves on, l keeps the current link for later, d dismisses the next, o opens one.
        await page.Keyboard.PressAsync("j");
        var current = page.Locator(".link--current");
        await Expect(current).ToHaveCountAsync(1);
        var later = await current.Locator("h3").InnerTextAsync();
        await page.Keyboard.PressAsync("l");
        await Expect(links).ToHaveCountAsync(3);
        await page.Keyboard.PressAsync("d");
        await Expect(links).ToHaveCountAsync(2);
        await page.Keyboard.PressAsync("?");
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" })).ToBeVisibleAsync();
        shots.AddRange(await Screenshots.ShootAsync(page, "news-shortcuts"));
        await page.Keyboard.PressAsync("Escape");
        var opened = await links.First.Locator("h3").InnerTextAsync();
        await links.First.FocusAsync();
        await page.Keyboard.PressAsync("o");
        await Expect(page).ToHaveURLAsync(new Regex("/links/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = opened, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".reader__content em")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Read on the original site" })).ToHaveAttributeAsync("href", new Regex("^https://site.example/story-"));
        shots.AddRange(await Screenshots.ShootAsync(page, "reader"));

        await page.GotoAsync("/read-later");
        await Expect(page.Locator("[data-link] h3")).ToHaveTextAsync([later]);
        shots.AddRange(await Screenshots.ShootAsync(page, "read-later"));
        await page.GotoAsync("/read");
        await Expect(page.Locator("[data-link] h3")).ToHaveTextAsync([firstTitle]);
        shots.AddRange(await Screenshots.ShootAsync(page, "read"));

        // Import an OPML file through the page and watch it end.
        server.Feed("/second.xml", TestFeeds.Rss("A Second Journal", []));
        var opml = Path.Combine(Path.GetTempPath(), $"flusio-{Guid.NewGuid():N}.opml");
        await File.WriteAllTextAsync(opml, $"<opml version=\"2.0\"><body><outline text=\"Reading\"><outline text=\"Second\" xmlUrl=\"{server.Url("/second.xml")}\"/><outline text=\"Again\" xmlUrl=\"{server.Url("/feed.xml")}\"/></outline></body></opml>");
        try
        {
            await page.GotoAsync("/feeds");
            await page.GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true }).ClickAsync();
            shots.AddRange(await Screenshots.ShootAsync(page, "feeds-import"));
            await page.GetByLabel("OPML file").SetInputFilesAsync(opml);
            await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/feeds/import/[0-9a-f-]{36}$"));
            await Expect(page.Locator("[data-import-progress]")).ToContainTextAsync("of 2 feeds");
            await browser.App.WaitForJobsAsync();
            await page.ReloadAsync();
            await Expect(page.Locator("[data-import-progress]")).ToHaveTextAsync("2 of 2 feeds");
            await Expect(page.GetByText("1 new follows; the others you followed already.")).ToBeVisibleAsync();
            shots.AddRange(await Screenshots.ShootAsync(page, "feeds-import-done"));
            await page.GetByRole(AriaRole.Link, new() { Name = "See your feeds" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reading" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "A Second Journal" })).ToBeVisibleAsync();
        }
        finally
        {
            File.Delete(opml);
        }

        Screenshots.AssertWritten(shots);
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("/feeds/[0-9a-f-]{36}$")]
    private static partial Regex FeedPage();
}
