using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Flusio.Web.Demo;
using Flusio.Web.Feeds;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Demo;

/// <summary>
/// A demo instance (DEMO=true): the banner and the shared account's credentials, the account
/// made at start with its seed data, every change to the account itself refused, and the
/// nightly reset bringing the seed back whatever visitors did.
/// </summary>
public sealed class DemoModeTests
{
    private const string Refusal = "The demo account cannot be changed";

    private static FlusioApp DemoApp(Db db) =>
        new(db, new Dictionary<string, string?> { ["DEMO"] = "true", ["WORKER_IN_PROCESS"] = "false" });

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_demo_account_is_seeded_at_start_and_the_reset_brings_the_seed_back(Db db)
    {
        await using var app = DemoApp(db);
        using var browser = app.Browser();
        // The password rules would refuse "demo": the seeding sets it all the same.
        Assert.True((await browser.LoginAsync(DemoAccount.Username, DemoAccount.Password)).IsRedirectTo("/news"));
        var seeded = await SnapshotAsync(app);
        Assert.Equal(["Open web", "Self-hosting"], seeded.Collections);
        Assert.Equal(DemoSeed.FeedUrls.Order(StringComparer.Ordinal), seeded.Feeds);
        Assert.Equal(5, seeded.Links.Count);
        Assert.Equal(5, seeded.Notes);
        Assert.Equal([DemoSeed.GroupName], seeded.Groups);
        Assert.False(seeded.IsAdmin);
        // Nothing fetched, nothing queued: the seed carries its titles, the schedule refreshes the feeds.
        Assert.Equal(0, await app.WithDbAsync(d => d.Set<Job>().CountAsync()));

        var openWeb = await app.WithDbAsync(d => d.Set<Collection>().Where(c => c.Name == "Open web").Select(c => c.Id).SingleAsync());
        var deleted = await browser.SubmitAsync($"/collections/{openWeb}/edit", $"/collections/{openWeb}/delete", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.Status);
        var saved = await browser.SubmitAsync("/links/new", "/links/new", new Dictionary<string, string> { ["url"] = "https://visitor.example.org/page" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var changed = await SnapshotAsync(app);
        Assert.Equal(["Self-hosting"], changed.Collections);
        Assert.Contains("https://visitor.example.org/page", changed.Links);

        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<DemoSeed>().ResetAsync();
            return 0;
        });

        var reset = await SnapshotAsync(app);
        Assert.Equal(seeded with { UserId = reset.UserId }, reset);
        Assert.DoesNotContain("https://visitor.example.org/page", reset.Links);
        // The feeds are the instance's: the reset follows the same rows again.
        Assert.Equal(3, await app.WithDbAsync(d => d.Set<Feed>().CountAsync()));
        using var again = app.Browser();
        Assert.True((await again.LoginAsync(DemoAccount.Username, DemoAccount.Password)).IsRedirectTo("/news"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Every_change_to_the_demo_account_itself_is_refused_and_changes_nothing(Db db)
    {
        await using var app = DemoApp(db);
        using var browser = app.Browser();
        using var other = app.Browser();
        Assert.True((await browser.LoginAsync(DemoAccount.Username, DemoAccount.Password)).IsRedirectTo("/news"));
        Assert.True((await other.LoginAsync(DemoAccount.Username, DemoAccount.Password)).IsRedirectTo("/news"));
        var before = await AccountAsync(app);
        var sessionId = await app.WithDbAsync(d => d.Set<UserSession>().Where(s => s.UserId == before.Id).Select(s => s.Id).FirstAsync());

        var attempts = new (string Page, string Action, Dictionary<string, string> Fields)[]
        {
            ("/settings/account", "/settings/account/email", new() { ["ChangeEmail.Email"] = "taken@example.org", ["ChangeEmail.CurrentPassword"] = DemoAccount.Password }),
            ("/settings/account", "/settings/account/password", new() { ["ChangePassword.CurrentPassword"] = DemoAccount.Password, ["ChangePassword.NewPassword"] = "a much longer new passphrase" }),
            ("/settings/account", "/settings/account/delete", new() { ["DeleteAccount.Password"] = DemoAccount.Password }),
            ("/settings/security", "/settings/security/totp", new() { ["Code"] = "123456" }),
            ("/settings/security", "/settings/security/totp/disable", new() { ["Password"] = DemoAccount.Password }),
            ("/settings/security", "/settings/security/recovery-codes", new() { ["Password"] = DemoAccount.Password }),
            ("/settings/security", "/settings/security/passkeys", new() { ["credential"] = "{}", ["name"] = "Mine" }),
            ("/settings/security", "/settings/security/passkeys/AQID/delete", []),
            ("/settings/sessions", $"/settings/sessions/{sessionId}/revoke", []),
            ("/settings/sessions", "/settings/sessions/revoke-others", []),
        };
        foreach (var (page, action, fields) in attempts)
        {
            var answer = await browser.SubmitAsync(page, action, fields);
            Assert.True(answer.IsRedirectTo(page), $"{action}: {answer.Status} {answer.Location}");
            var shown = await browser.GetAsync(page);
            Assert.Contains(Refusal, shown.Text, StringComparison.Ordinal);
        }

        var setup = await browser.GetAsync("/settings/security/totp");
        Assert.True(setup.IsRedirectTo("/settings/security"));

        var after = await AccountAsync(app);
        Assert.Equal(before, after);
        Assert.Equal(2, await app.WithDbAsync(d => d.Set<UserSession>().CountAsync(s => s.UserId == before.Id)));
        Assert.True((await other.GetAsync("/settings/account")).Status == HttpStatusCode.OK);

        // Everyone else's account is theirs to change on a demo instance too.
        var (person, user) = await app.LoggedInAsync();
        var changed = await person.SubmitAsync("/settings/account", "/settings/account/password", new Dictionary<string, string>
        {
            ["ChangePassword.CurrentPassword"] = TestAccounts.Password,
            ["ChangePassword.NewPassword"] = "a much longer new passphrase",
        });
        Assert.True(changed.IsRedirectTo("/settings/account"));
        Assert.DoesNotContain(Refusal, (await person.GetAsync("/settings/account")).Text, StringComparison.Ordinal);
        Assert.NotEqual(user.PasswordHash, await app.WithDbAsync(d => d.Set<User>().Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task The_refusal_is_in_French_for_a_French_visitor()
    {
        await using var app = DemoApp(Db.Sqlite);
        using var browser = app.Browser();
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        Assert.True((await browser.LoginAsync(DemoAccount.Username, DemoAccount.Password)).IsRedirectTo("/news"));
        await browser.SubmitAsync("/settings/sessions", "/settings/sessions/revoke-others", new Dictionary<string, string>());
        var page = await browser.GetAsync("/settings/sessions");
        Assert.Contains("Le compte de démo ne peut pas être modifié", page.Text, StringComparison.Ordinal);
        Assert.Contains("les données sont réinitialisées chaque nuit", page.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_banner_and_the_credentials_show_only_on_a_demo_instance(bool demo)
    {
        await using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["DEMO"] = demo ? "true" : "false", ["WORKER_IN_PROCESS"] = "false" });
        using var browser = app.Browser();
        var login = await browser.GetAsync("/login");
        var home = await browser.GetAsync("/");
        Assert.Equal(demo, login.Html.Contains("banner--demo", StringComparison.Ordinal));
        Assert.Equal(demo, home.Html.Contains("This is a demo: data is reset every night.", StringComparison.Ordinal));
        Assert.Equal(demo, login.Html.Contains("<code class=\"code\">demo</code>", StringComparison.Ordinal));
        Assert.Equal(demo, login.Text.Contains("Try this demo with its shared account", StringComparison.Ordinal));
        Assert.Equal(demo, await app.WithDbAsync(d => d.Set<User>().AnyAsync(u => u.UserName == DemoAccount.Username)));
        Assert.Equal(demo, app.Services.GetServices<RecurringJob>().Any(j => j.Name == DemoSeed.Name));
    }

    [Fact]
    public void The_reset_is_scheduled_for_the_next_night()
    {
        var job = new RecurringJob(DemoSeed.Name, TimeSpan.FromDays(1)) { FirstAt = DemoSeed.ResetTime };
        Assert.Equal(DateTimeOffset.Parse("2026-12-03T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture), job.FirstRun(DateTimeOffset.Parse("2026-12-02T16:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(DateTimeOffset.Parse("2026-12-02T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture), job.FirstRun(DateTimeOffset.Parse("2026-12-02T01:30:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        var now = DateTimeOffset.Parse("2026-12-02T16:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(now, new RecurringJob("other", TimeSpan.FromDays(1)).FirstRun(now));
    }

    private sealed record Snapshot(Guid UserId, bool IsAdmin, List<string> Collections, List<string> Feeds, List<string> Links, int Notes, List<string> Groups, int ReadLater)
    {
        public bool Equals(Snapshot? other) =>
            other is not null && UserId == other.UserId && IsAdmin == other.IsAdmin && Notes == other.Notes && ReadLater == other.ReadLater
            && Collections.SequenceEqual(other.Collections) && Feeds.SequenceEqual(other.Feeds)
            && Links.SequenceEqual(other.Links) && Groups.SequenceEqual(other.Groups);

        public override int GetHashCode() => UserId.GetHashCode();
    }

    private static Task<Snapshot> SnapshotAsync(FlusioApp app) => app.WithDbAsync(async d =>
    {
        var user = await d.Set<User>().SingleAsync(u => u.UserName == DemoAccount.Username);
        var feeds = await d.Set<FeedFollow>().Where(f => f.UserId == user.Id).Join(d.Set<Feed>(), f => f.FeedId, f => f.Id, (_, f) => f.Url).ToListAsync();
        var readLater = await d.Set<Collection>().Where(c => c.UserId == user.Id && c.Kind == CollectionKind.ReadLater)
            .SelectMany(c => d.Set<CollectionLink>().Where(l => l.CollectionId == c.Id)).CountAsync();
        return new Snapshot(
            user.Id,
            user.IsAdmin,
            [.. (await d.Set<Collection>().Where(c => c.UserId == user.Id && c.Kind == CollectionKind.Collection).Select(c => c.Name!).ToListAsync()).Order(StringComparer.Ordinal)],
            [.. feeds.Order(StringComparer.Ordinal)],
            [.. (await d.Set<Link>().Where(l => l.UserId == user.Id).Select(l => l.Url).ToListAsync()).Order(StringComparer.Ordinal)],
            await d.Set<Note>().CountAsync(n => n.UserId == user.Id),
            [.. (await d.Set<Group>().Where(g => g.UserId == user.Id).Select(g => g.Name).ToListAsync()).Order(StringComparer.Ordinal)],
            readLater);
    });

    private sealed record AccountState(Guid Id, string? Email, string? PasswordHash, string? SecurityStamp, bool TwoFactor, int Passkeys);

    private static Task<AccountState> AccountAsync(FlusioApp app) => app.WithDbAsync(async d =>
    {
        var user = await d.Set<User>().AsNoTracking().SingleAsync(u => u.UserName == DemoAccount.Username);
        var passkeys = await d.Set<Microsoft.AspNetCore.Identity.IdentityUserPasskey<Guid>>().CountAsync(p => p.UserId == user.Id);
        return new AccountState(user.Id, user.Email, user.PasswordHash, user.SecurityStamp, user.TwoFactorEnabled, passkeys);
    });
}
