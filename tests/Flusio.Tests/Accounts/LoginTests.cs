using Flusio.Web.Accounts;
using System.Net;
using Flusio.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Accounts;

public sealed class LoginTests(AppsFixture apps) : IClassFixture<AppsFixture>
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Logging_in_works_with_the_username_or_the_email_and_logging_out_ends_the_session(Db db)
    {
        var app = apps[db];
        var user = await app.CreateUserAsync();

        using var byName = app.Browser();
        Assert.True((await byName.LoginAsync(user.UserName!)).IsRedirectTo("/news"));
        using var byEmail = app.Browser();
        Assert.True((await byEmail.LoginAsync(user.Email!.ToUpperInvariant())).IsRedirectTo("/news"));
        Assert.Equal(2, await app.WithDbAsync(d => d.Set<UserSession>().CountAsync(s => s.UserId == user.Id)));

        var news = await byName.GetAsync("/news");
        Assert.Equal(HttpStatusCode.OK, news.Status);
        var loggedOut = await byName.PostAsync("/logout", new Dictionary<string, string>(), news.AntiforgeryToken);
        Assert.True(loggedOut.IsRedirectTo("/login"));
        Assert.True((await byName.GetAsync("/news")).IsRedirectTo("/login"));
        Assert.Equal(1, await app.WithDbAsync(d => d.Set<UserSession>().CountAsync(s => s.UserId == user.Id)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Remember_me_keeps_the_login_across_browser_restarts_and_without_it_the_cookie_ends_with_the_browser(Db db)
    {
        var app = apps[db];
        var user = await app.CreateUserAsync();

        static string AuthCookie(TestBrowser.Page page) =>
            page.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("flusio_auth=", StringComparison.Ordinal));

        using var remembered = app.Browser();
        var persistent = await remembered.SubmitAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Identifier"] = user.UserName!, ["Password"] = TestAccounts.Password, ["RememberMe"] = "true",
        });
        Assert.Contains("expires=", AuthCookie(persistent), StringComparison.OrdinalIgnoreCase);

        using var forgotten = app.Browser();
        var session = await forgotten.LoginAsync(user.UserName!);
        Assert.DoesNotContain("expires=", AuthCookie(session), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", AuthCookie(session), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", AuthCookie(session), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_wrong_password_is_refused_without_saying_which_part_was_wrong(Db db)
    {
        var app = apps[db];
        var user = await app.CreateUserAsync();
        using var browser = app.Browser();

        var wrongPassword = await browser.LoginAsync(user.UserName!, "not the password");
        var unknownUser = await browser.LoginAsync("nobody-" + Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal(HttpStatusCode.OK, wrongPassword.Status);
        Assert.Contains("Incorrect username, e-mail or password.", wrongPassword.Text, StringComparison.Ordinal);
        Assert.Contains("Incorrect username, e-mail or password.", unknownUser.Text, StringComparison.Ordinal);
        Assert.True((await browser.GetAsync("/news")).IsRedirectTo("/login"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_return_url_is_followed_only_when_local(Db db)
    {
        var app = apps[db];
        var user = await app.CreateUserAsync();
        using var browser = app.Browser();

        var local = await browser.SubmitAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Identifier"] = user.UserName!, ["Password"] = TestAccounts.Password, ["ReturnUrl"] = "/settings/sessions",
        });
        Assert.True(local.IsRedirectTo("/settings/sessions"));

        using var other = app.Browser();
        var external = await other.SubmitAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Identifier"] = user.UserName!, ["Password"] = TestAccounts.Password, ["ReturnUrl"] = "https://evil.example/",
        });
        Assert.True(external.IsRedirectTo("/news"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Logging_in_as_someone_else_ends_the_previous_accounts_session_in_that_browser(Db db)
    {
        var app = apps[db];
        var (browser, first) = await app.LoggedInAsync();
        var second = await app.CreateUserAsync();

        var page = await browser.GetAsync("/news");
        var switched = await browser.PostAsync("/login", new Dictionary<string, string> { ["Identifier"] = second.UserName!, ["Password"] = TestAccounts.Password }, page.AntiforgeryToken);

        Assert.True(switched.IsRedirectTo("/news"));
        Assert.Equal(0, await app.WithDbAsync(d => d.Set<UserSession>().CountAsync(s => s.UserId == first.Id)));
        Assert.Equal(1, await app.WithDbAsync(d => d.Set<UserSession>().CountAsync(s => s.UserId == second.Id)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Pages_of_the_app_ask_anonymous_visitors_to_log_in(Db db)
    {
        using var browser = apps[db].Browser();
        foreach (var path in new[] { "/news", "/read-later", "/collections", "/feeds", "/settings/account", "/settings/security", "/settings/sessions", "/settings/preferences", "/settings/invitations" })
        {
            Assert.True((await browser.GetAsync(path)).IsRedirectTo("/login"), path);
        }
    }
}
