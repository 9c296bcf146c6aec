using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flusio.Tests.Browser;

/// <summary>
/// The links and collections issue's walk, in Chromium: add a link and see its metadata
/// arrive, curate it into a collection, write a note, share the collection with a second user
/// who then sees it, that user follows another public collection, and search finds the link.
/// </summary>
[Collection("browser")]
public sealed class LinksAndCollectionsFlowTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_link_is_saved_curated_annotated_shared_followed_and_found()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/essay", "<html lang=\"en\"><head><title>Plain title</title><meta property=\"og:title\" content=\"Sourdough in winter\"><meta property=\"og:description\" content=\"Keeping a starter alive when the kitchen is cold\"></head><body><p>Flour, water, patience.</p></body></html>", "text/html");
        server.DelayOf = path => path == "/essay" ? TimeSpan.FromSeconds(1) : TimeSpan.Zero;
        var keeper = await browser.App.CreateUserAsync();
        var friend = await browser.App.CreateUserAsync();

        var page = await browser.NewPageAsync();
        await page.LogInAsync(keeper.UserName!);
        await Expect(page).ToHaveURLAsync(new Regex("/news$"));

        // A collection to curate into.
        await page.GotoAsync("/collections/new");
        await page.GetByLabel("Name").FillAsync("Kitchen notes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the collection" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/collections/[0-9a-f-]{36}$"));
        var collectionUrl = page.Url;

        // Add the link: the answer comes at once, the metadata after, without a reload.
        await page.GotoAsync("/links/new");
        await page.GetByLabel("Address of the page").FillAsync(server.Url("/essay"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the link" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/links/[0-9a-f-]{36}/collections$"));
        var saved = page.Url;
        await Expect(page.Locator("[data-field=title]").First).ToHaveTextAsync("Sourdough in winter", new() { Timeout = 30_000 });
        Assert.Equal(saved, page.Url);

        // Curate it into the collection.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Add\\W+Kitchen notes$") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Remove\\W+Kitchen notes$") })).ToBeVisibleAsync();

        // A note on it, from the reader view.
        await page.GotoAsync(saved.Replace("/collections", "", StringComparison.Ordinal));
        await page.GetByLabel("Add a note").FillAsync("Feed the starter **twice** a day.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the note" }).ClickAsync();
        await Expect(page.Locator(".note__content strong")).ToHaveTextAsync("twice");

        // Share the collection with the friend, read only.
        await page.GotoAsync(collectionUrl + "/shares");
        await page.GetByLabel("Username").FillAsync(friend.UserName!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Share", Exact = true }).ClickAsync();
        await Expect(page.GetByText(friend.UserName!, new() { Exact = true })).ToBeVisibleAsync();

        // Search finds the link by a word of its description (the metadata the job wrote).
        await page.GotoAsync("/links");
        await page.GetByLabel("Search my links").FillAsync("starter");
        await page.GetByLabel("Search my links").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/links\\?q=starter"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sourdough in winter" }).First).ToBeVisibleAsync();
        await page.GetByLabel("Search my links").FillAsync("-sourdough winter");
        await page.GetByLabel("Search my links").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sourdough in winter" })).ToHaveCountAsync(0);

        // A public collection of the keeper's, for the friend to follow.
        await page.GotoAsync("/collections/new");
        await page.GetByLabel("Name").FillAsync("Open bakery");
        await page.GetByLabel("Public", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the collection" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/collections/[0-9a-f-]{36}$"));
        var publicUrl = page.Url;
        await page.Context.CloseAsync();

        // The friend sees the shared collection, its link and the note, and follows the public one.
        var other = await browser.NewPageAsync();
        await other.LogInAsync(friend.UserName!);
        await Expect(other).ToHaveURLAsync(new Regex("/news$"));
        await other.GotoAsync("/collections");
        await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "Shared with me" })).ToBeVisibleAsync();
        await other.GetByRole(AriaRole.Link, new() { Name = "Kitchen notes" }).ClickAsync();
        await Expect(other).ToHaveURLAsync(collectionUrl);
        await Expect(other.GetByRole(AriaRole.Link, new() { Name = "Sourdough in winter", Exact = true })).ToBeVisibleAsync();
        await Expect(other.Locator(".note__content strong")).ToHaveTextAsync("twice");

        await other.GotoAsync(publicUrl);
        await other.GetByRole(AriaRole.Button, new() { Name = "Follow", Exact = true }).ClickAsync();
        await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "You follow this collection" })).ToBeVisibleAsync();
        await other.GotoAsync("/feeds");
        await Expect(other.GetByRole(AriaRole.Link, new() { Name = "Open bakery", Exact = true })).ToBeVisibleAsync();
        await other.Context.CloseAsync();
    }
}
