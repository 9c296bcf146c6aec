using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flusio.Tests.Browser;

/// <summary>Every page a person can reach, photographed (see Screenshots) while walking through them.</summary>
[Collection("browser")]
public sealed class ScreenshotTests(BrowserFixture browser)
{
    private readonly List<string> files = [];

    [BrowserFact]
    public async Task Pages_before_logging_in()
    {
        var page = await browser.NewPageAsync();
        var user = await browser.App.CreateUserAsync();

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Follow what matters, keep what is worth it" })).ToBeVisibleAsync();
        await ShootAsync(page, "home");

        await page.GotoAsync("/login");
        await ShootAsync(page, "login");
        await page.LogInAsync(user.UserName!, "not the password");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Incorrect");
        await ShootAsync(page, "login-failed");

        await page.GotoAsync("/register");
        await ShootAsync(page, "register");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();
        await ShootAsync(page, "register-invalid");

        await page.GotoAsync("/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await ShootAsync(page, "password-forgot");
        await page.GetByLabel("E-mail").FillAsync(user.Email!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your inbox" })).ToBeVisibleAsync();
        await ShootAsync(page, "password-forgot-sent");

        await page.GotoAsync(await BrowserSteps.MailedLinkAsync(user.Email!, "Reset your password"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose a new password" })).ToBeVisibleAsync();
        await ShootAsync(page, "password-reset");
        await page.GotoAsync("/password/reset");
        await ShootAsync(page, "password-reset-invalid");

        var missing = await page.GotoAsync("/no/such/page");
        Assert.Equal(404, missing!.Status);
        await ShootAsync(page, "not-found");
        var limited = await page.GotoAsync("/error/429");
        Assert.Equal(429, limited!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Too many attempts" })).ToBeVisibleAsync();
        await ShootAsync(page, "too-many-attempts");

        Screenshots.AssertWritten(files);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Pages_of_a_demo_instance()
    {
        await using var demo = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["DEMO"] = "true", ["WORKER_IN_PROCESS"] = "false" }, kestrel: true);
        var page = await browser.NewPageAsync(demo.BaseUrl);
        await page.GotoAsync("/login");
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("This is a demo");
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("Try this demo");
        await ShootAsync(page, "demo-login");

        await page.LogInAsync(Flusio.Web.Accounts.DemoAccount.Username, Flusio.Web.Accounts.DemoAccount.Password);
        await Expect(page).ToHaveURLAsync(new Regex("/news$"));
        await page.GotoAsync("/collections");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open web" })).ToBeVisibleAsync();
        await ShootAsync(page, "demo-collections");

        await page.GotoAsync("/settings/sessions");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out this session" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The demo account cannot be changed");
        await ShootAsync(page, "demo-refused");

        Screenshots.AssertWritten(files);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Pages_of_a_signed_in_admin()
    {
        var page = await browser.NewPageAsync();
        var admin = await browser.App.CreateUserAsync(admin: true);
        await page.LogInAsync(admin.UserName!);
        await Expect(page).ToHaveURLAsync(new Regex("/news$"));

        foreach (var (path, name) in new[] { ("/news", "news"), ("/read-later", "read-later"), ("/collections", "collections"), ("/feeds", "feeds") })
        {
            await page.GotoAsync(path);
            await ShootAsync(page, name);
        }

        await page.Locator(".account-menu summary").ClickAsync();
        await ShootAsync(page, "account-menu");

        foreach (var name in new[] { "account", "security", "sessions", "preferences" })
        {
            await page.GotoAsync($"/settings/{name}");
            await ShootAsync(page, $"settings-{name}");
        }

        await page.GotoAsync("/settings/invitations");
        await ShootAsync(page, "settings-invitations-empty");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create an invitation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToBeVisibleAsync();
        await ShootAsync(page, "settings-invitations");

        await page.GotoAsync("/settings/tokens");
        await ShootAsync(page, "settings-tokens-empty");
        await page.GetByLabel("Name").FillAsync("Feed reader on the phone");
        await page.GetByLabel("Read and write").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a token" }).ClickAsync();
        await Expect(page.Locator("[data-new-token]")).ToBeVisibleAsync();
        await ShootAsync(page, "settings-tokens-created");
        await page.GotoAsync("/settings/tokens");
        await Expect(page.GetByRole(AriaRole.Table)).ToBeVisibleAsync();
        await ShootAsync(page, "settings-tokens");

        // The admin page with something in each of its tables.
        await browser.App.CreateUserAsync();
        await browser.App.WithDbAsync(async d =>
        {
            var now = DateTimeOffset.UtcNow;
            var url = $"https://unreachable-{Guid.NewGuid():N}.example.org/a/rather/long/path/to/its/feed.xml";
            d.Add(new Flusio.Web.Feeds.Feed { Id = Guid.CreateVersion7(now), Url = url, UrlHash = Flusio.Web.Links.UrlHash.Of(url), Host = "unreachable.example.org", Title = "Unreachable", CreatedAt = now, NextCheckAt = now.AddHours(2), ErrorKind = "Dns", ErrorSince = now.AddHours(-5), FailureCount = 4 });
            d.Add(new Flusio.Web.Jobs.Job { Name = "account-mail", Arguments = "{}", RunAt = now, Attempts = 8, MaxAttempts = 8, FailedAt = now, LastError = "SmtpException: the mail server refused the connection", CreatedAt = now });
            return await d.SaveChangesAsync();
        });
        await page.GotoAsync("/admin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Administration", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry" }).First).ToBeVisibleAsync();
        await ShootAsync(page, "admin");

        await page.GotoAsync("/settings/security/totp");
        await ShootAsync(page, "settings-totp");
        var authenticator = await page.ReadAuthenticatorAsync();
        await page.GetByLabel("Code").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable two-factor authentication" }).ClickAsync();
        await ShootAsync(page, "settings-totp-wrong-code");
        var (code, step) = authenticator.FreshCode();
        await page.GetByLabel("Code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable two-factor authentication" }).ClickAsync();
        await Expect(page.Locator("[data-recovery-codes]")).ToBeVisibleAsync();
        await ShootAsync(page, "settings-recovery-codes");
        await page.GotoAsync("/settings/security");
        await ShootAsync(page, "settings-security-2fa");

        await page.LogOutAsync();
        await page.LogInAsync(admin.UserName!);
        await Expect(page).ToHaveURLAsync(new Regex("/login/two-factor"));
        await ShootAsync(page, "login-two-factor");
        await page.GetByRole(AriaRole.Link, new() { Name = "Use a recovery code" }).ClickAsync();
        await ShootAsync(page, "login-recovery-code");

        Screenshots.AssertWritten(files);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Pages_of_collections_and_links()
    {
        var page = await browser.NewPageAsync();
        var user = await browser.App.CreateUserAsync();
        await page.LogInAsync(user.UserName!);
        await Expect(page).ToHaveURLAsync(new Regex("/news$"));

        await page.GotoAsync("/collections/new");
        await ShootAsync(page, "collection-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the collection" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Give the collection a name.");
        await ShootAsync(page, "collection-new-invalid");

        // A long name without spaces and a description with most of what Markdown offers.
        await page.GetByLabel("Name").FillAsync("Readings-about-the-small-web-and-its-" + new string('w', 50));
        await page.GetByLabel("Description").FillAsync("""
            Pages **worth** keeping, from [the small web](https://example.org/a/very/long/address/that/does/not/break/by/itself/anywhere).

            - one *point*
            - another, with `code`
            """);
        await page.GetByLabel("Public", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the collection" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/collections/[0-9a-f-]{36}$"));
        var collectionUrl = page.Url;
        await ShootAsync(page, "collection-empty");

        await page.GotoAsync("/links/new");
        await ShootAsync(page, "link-new");
        await page.GetByLabel("Address of the page").FillAsync("ftp://files.example/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("http://");
        await ShootAsync(page, "link-new-invalid");
        foreach (var n in new[] { 1, 2, 3 })
        {
            await page.GotoAsync("/links/new");
            await page.GetByLabel("Address of the page").FillAsync($"https://site.example/articles/{n}/a-long-path-that-goes-on-and-on-without-a-single-space-{new string('x', 40)}");
            await page.GetByRole(AriaRole.Checkbox, new() { Name = "Readings-about" }).CheckAsync();
            if (n == 3)
            {
                await page.GetByLabel("New collection").FillAsync("Made on the spot");
                await ShootAsync(page, "link-new-filled");
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Save the link" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/links/[0-9a-f-]{36}/collections$"));
        }

        await ShootAsync(page, "link-collections");
        await page.GotoAsync("/links/new?text=" + Uri.EscapeDataString($"Shared: https://site.example/articles/4/{new string('y', 60)}?id=4&utm_source=a-newsletter-with-a-long-name&utm_medium=email&fbclid=IwAR{new string('z', 40)}"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the link" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/links/[0-9a-f-]{36}/collections$"));
        await page.GotoAsync(page.Url.Replace("/collections", "/repair", StringComparison.Ordinal));
        await Expect(page.GetByLabel("Use the address without tracking parameters")).ToBeVisibleAsync();
        await ShootAsync(page, "link-repair");
        await page.GotoAsync("/links");
        await ShootAsync(page, "links");
        await page.GotoAsync("/collections");
        await ShootAsync(page, "collections-list");
        await page.GotoAsync(collectionUrl);
        await ShootAsync(page, "collection");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await ShootAsync(page, "collection-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Tick the box");
        await ShootAsync(page, "collection-delete-unconfirmed");
        await page.Context.CloseAsync();

        // The public page, as an anonymous visitor sees it.
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync(collectionUrl);
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Readings-about");
        await ShootAsync(visitor, "collection-public-anonymous");

        Screenshots.AssertWritten(files);
        await visitor.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Pages_of_groups_follows_and_shares()
    {
        var owner = await browser.App.CreateUserAsync();
        var friend = await browser.App.CreateUserAsync();
        var page = await browser.NewPageAsync();
        await page.LogInAsync(owner.UserName!);
        await Expect(page).ToHaveURLAsync(new Regex("/news$"));

        await page.GotoAsync("/groups");
        await ShootAsync(page, "groups-empty");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the group" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Give the group a name.");
        await ShootAsync(page, "groups-invalid");
        await page.GetByLabel("Name").FillAsync("Readings-of-the-week-and-the-month-" + new string('w', 40));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the group" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Readings-of-the-week" })).ToBeVisibleAsync();
        await ShootAsync(page, "groups");
        await page.GetByRole(AriaRole.Link, new() { Name = "Readings-of-the-week" }).ClickAsync();
        await ShootAsync(page, "group-edit");

        await page.GotoAsync("/collections/new");
        await page.GetByLabel("Name").FillAsync("Shared picks");
        await page.GetByLabel("Group").SelectOptionAsync(new SelectOptionValue { Label = "Readings-of-the-week-and-the-month-" + new string('w', 40) });
        await page.GetByLabel("Public", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the collection" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/collections/[0-9a-f-]{36}$"));
        var collectionUrl = page.Url;
        await page.GotoAsync("/collections");
        await ShootAsync(page, "collections-by-group");

        await page.GotoAsync(collectionUrl + "/shares");
        await page.GetByLabel("Username").FillAsync("nobody-by-this-name");
        await page.GetByRole(AriaRole.Button, new() { Name = "Share", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("No user has this username.");
        await ShootAsync(page, "shares-invalid");
        await page.GetByLabel("Username").FillAsync(friend.UserName!);
        await page.GetByLabel("May add and remove links").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Share", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Read and write")).ToBeVisibleAsync();
        await ShootAsync(page, "shares");
        await page.Context.CloseAsync();

        // The friend: the collection shared with them, its page with the follow form, their follows.
        var other = await browser.NewPageAsync();
        await other.LogInAsync(friend.UserName!);
        await Expect(other).ToHaveURLAsync(new Regex("/news$"));
        await other.GotoAsync("/collections");
        await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "Shared with me" })).ToBeVisibleAsync();
        await ShootAsync(other, "collections-shared-with-me");
        await other.GotoAsync(collectionUrl);
        await ShootAsync(other, "collection-followable");
        await other.GetByLabel("Added in the last day").CheckAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "Follow", Exact = true }).ClickAsync();
        await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "You follow this collection" })).ToBeVisibleAsync();
        await ShootAsync(other, "collection-followed");
        await other.GotoAsync("/feeds");
        await ShootAsync(other, "feeds-with-collections");

        Screenshots.AssertWritten(files);
        await other.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Pages_of_a_new_account_and_of_a_closed_instance()
    {
        var page = await browser.NewPageAsync();
        var user = await browser.App.CreateUserAsync(validated: false);
        await page.LogInAsync(user.UserName!);
        await Expect(page.GetByText("not validated yet")).ToBeVisibleAsync();
        await ShootAsync(page, "news-unvalidated");
        await page.Context.CloseAsync();

        page = await browser.NewPageAsync(browser.ClosedApp.BaseUrl);
        await page.GotoAsync("/register");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registration is closed" })).ToBeVisibleAsync();
        await ShootAsync(page, "register-closed");
        await page.GotoAsync("/terms");
        await ShootAsync(page, "terms");

        Screenshots.AssertWritten(files);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Pages_in_french_whose_words_are_longer()
    {
        var page = await browser.NewPageAsync(locale: "fr-FR");
        await page.GotoAsync("/login");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await ShootAsync(page, "fr-login");
        await page.GotoAsync("/register");
        await ShootAsync(page, "fr-register");

        // The labels are French here: the form is filled by field.
        var admin = await browser.App.CreateUserAsync(admin: true);
        await page.GotoAsync("/login");
        await page.Locator("#Identifier").FillAsync(admin.UserName!);
        await page.Locator("#Password").FillAsync(TestAccounts.Password);
        await page.Locator("form[action='/login'] button[type=submit]").ClickAsync();
        // Signed in, the account's language wins: choose French in the preferences.
        await page.GotoAsync("/settings/preferences");
        await page.Locator("#Locale").SelectOptionAsync("fr");
        await page.Locator("form[action='/settings/preferences'] button[type=submit]").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await page.GotoAsync("/news");
        await ShootAsync(page, "fr-news");
        foreach (var name in new[] { "account", "security", "sessions", "preferences", "invitations" })
        {
            await page.GotoAsync($"/settings/{name}");
            await ShootAsync(page, $"fr-settings-{name}");
        }

        await page.GotoAsync("/settings/security/totp");
        await ShootAsync(page, "fr-settings-totp");

        Screenshots.AssertWritten(files);
        await page.Context.CloseAsync();
    }

    private async Task ShootAsync(IPage page, string name) => files.AddRange(await Screenshots.ShootAsync(page, name));
}
