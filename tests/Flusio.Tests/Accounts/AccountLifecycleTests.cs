using Flusio.Web.Accounts;
using System.Net;
using Flusio.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Accounts;

public sealed class AccountLifecycleTests(AppsFixture apps) : IClassFixture<AppsFixture>
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Deleting_the_account_needs_the_password_and_removes_everything_of_the_user(Db db)
    {
        var app = apps[db];
        var (browser, user) = await app.LoggedInAsync(admin: true);
        using var other = app.Browser();
        await other.LoginAsync(user.UserName!);
        var invitations = await browser.GetAsync("/settings/invitations");
        await browser.PostAsync("/settings/invitations", new Dictionary<string, string>(), invitations.AntiforgeryToken);

        var refused = await browser.SubmitAsync("/settings/account", "/settings/account/delete", new Dictionary<string, string> { ["DeleteAccount.Password"] = "nope" });
        Assert.Contains("The password is incorrect.", refused.Text, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(d => d.Set<User>().AnyAsync(u => u.Id == user.Id)));

        var deleted = await browser.SubmitAsync("/settings/account", "/settings/account/delete", new Dictionary<string, string> { ["DeleteAccount.Password"] = TestAccounts.Password });
        Assert.True(deleted.IsRedirectTo("/login"));
        Assert.False(await app.WithDbAsync(d => d.Set<User>().AnyAsync(u => u.Id == user.Id)));
        Assert.False(await app.WithDbAsync(d => d.Set<UserSession>().AnyAsync(s => s.UserId == user.Id)));
        Assert.False(await app.WithDbAsync(d => d.Set<Invitation>().AnyAsync(i => i.CreatedById == user.Id)));
        Assert.False(await app.WithDbAsync(d => d.Set<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>().AnyAsync(t => t.UserId == user.Id)));
        Assert.True((await other.GetAsync("/news")).IsRedirectTo("/login"));
        Assert.Contains("Incorrect", (await app.Browser().LoginAsync(user.UserName!)).Text, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Preferences_change_theme_and_language_and_refuse_unknown_values(Db db)
    {
        var app = apps[db];
        var (browser, user) = await app.LoggedInAsync();

        var saved = await browser.SubmitAsync("/settings/preferences", "/settings/preferences", new Dictionary<string, string> { ["Locale"] = "fr", ["Theme"] = "dark" });
        Assert.True(saved.IsRedirectTo("/settings/preferences"));
        var page = await browser.GetAsync("/news");
        Assert.Contains("<html lang=\"fr\" data-theme=\"dark\">", page.Html, StringComparison.Ordinal);

        var bad = await browser.SubmitAsync("/settings/preferences", "/settings/preferences", new Dictionary<string, string> { ["Locale"] = "xx", ["Theme"] = "neon" });
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        var stored = await app.WithDbAsync(d => d.Set<User>().SingleAsync(u => u.Id == user.Id));
        Assert.Equal(("fr", "dark"), (stored.Locale, stored.Theme));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_sessions_page_marks_this_browser(Db db)
    {
        var (browser, _) = await apps[db].LoggedInAsync();
        var page = await browser.GetAsync("/settings/sessions");
        Assert.Contains("this browser", page.Text, StringComparison.Ordinal);
        Assert.Contains("Unknown device", page.Text, StringComparison.Ordinal);
    }
}
