using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Flusio.Web.Shell;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Security;

public sealed class SecurityTests(AppsFixture apps) : IClassFixture<AppsFixture>
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_form_post_without_a_valid_antiforgery_token_is_rejected_and_changes_nothing(Db db)
    {
        var app = apps[db];
        var (browser, user) = await app.LoggedInAsync();

        var missing = await browser.PostAsync("/settings/preferences", new Dictionary<string, string> { ["Locale"] = "fr", ["Theme"] = "dark" }, antiforgeryToken: null);
        var forged = await browser.PostAsync("/settings/preferences", new Dictionary<string, string> { ["Locale"] = "fr", ["Theme"] = "dark" }, "forged-token");
        using var anonymous = app.Browser();
        var login = await anonymous.PostAsync("/login", new Dictionary<string, string> { ["Identifier"] = user.UserName!, ["Password"] = TestAccounts.Password }, null);

        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(HttpStatusCode.BadRequest, login.Status);
        var stored = await app.WithDbAsync(d => d.Set<User>().SingleAsync(u => u.Id == user.Id));
        Assert.Equal(("en", "system"), (stored.Locale, stored.Theme));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_revoked_session_is_logged_out_on_its_next_request(Db db)
    {
        var app = apps[db];
        var (laptop, user) = await app.LoggedInAsync();
        using var phone = app.Browser();
        Assert.True((await phone.LoginAsync(user.UserName!)).IsRedirectTo("/news"));

        var sessions = await laptop.GetAsync("/settings/sessions");
        var ids = await app.WithDbAsync(d => d.Set<UserSession>().Where(s => s.UserId == user.Id).OrderBy(s => s.CreatedAt).Select(s => s.Id).ToListAsync());
        Assert.Equal(2, ids.Count);
        Assert.Contains(ids[1].ToString(), sessions.Html, StringComparison.Ordinal);

        var revoked = await laptop.PostAsync($"/settings/sessions/{ids[1]}/revoke", new Dictionary<string, string>(), sessions.AntiforgeryToken);
        Assert.True(revoked.IsRedirectTo("/settings/sessions"));
        Assert.True((await phone.GetAsync("/news")).IsRedirectTo("/login"));
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/news")).Status);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task One_user_cannot_see_or_revoke_another_users_sessions(Db db)
    {
        var app = apps[db];
        var (alice, aliceUser) = await app.LoggedInAsync();
        var (mallory, _) = await app.LoggedInAsync();
        var aliceSession = await app.WithDbAsync(d => d.Set<UserSession>().Where(s => s.UserId == aliceUser.Id).Select(s => s.Id).SingleAsync());

        var malloryPage = await mallory.GetAsync("/settings/sessions");
        Assert.DoesNotContain(aliceSession.ToString(), malloryPage.Html, StringComparison.Ordinal);
        var attempt = await mallory.PostAsync($"/settings/sessions/{aliceSession}/revoke", new Dictionary<string, string>(), malloryPage.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.NotFound, attempt.Status);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/news")).Status);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Invitations_belong_to_their_admin_and_are_hidden_from_everyone_else(Db db)
    {
        var app = apps[db];
        var (admin, adminUser) = await app.LoggedInAsync(admin: true);
        var (otherAdmin, _) = await app.LoggedInAsync(admin: true);
        var (member, _) = await app.LoggedInAsync();

        var page = await admin.GetAsync("/settings/invitations");
        Assert.True((await admin.PostAsync("/settings/invitations", new Dictionary<string, string>(), page.AntiforgeryToken)).IsRedirectTo("/settings/invitations"));
        var invitation = await app.WithDbAsync(d => d.Set<Invitation>().SingleAsync(i => i.CreatedById == adminUser.Id));
        Assert.Contains(invitation.Token, (await admin.GetAsync("/settings/invitations")).Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("/settings/invitations")).Status);
        var otherPage = await otherAdmin.GetAsync("/settings/invitations");
        Assert.DoesNotContain(invitation.Token, otherPage.Html, StringComparison.Ordinal);
        var memberToken = (await member.GetAsync("/news")).AntiforgeryToken;
        Assert.Equal(HttpStatusCode.NotFound, (await member.PostAsync("/settings/invitations", new Dictionary<string, string>(), memberToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await member.PostAsync($"/settings/invitations/{invitation.Id}/delete", new Dictionary<string, string>(), memberToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.PostAsync($"/settings/invitations/{invitation.Id}/delete", new Dictionary<string, string>(), otherPage.AntiforgeryToken)).Status);
        Assert.True(await app.WithDbAsync(d => d.Set<Invitation>().AnyAsync(i => i.Id == invitation.Id)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Settings_pages_only_ever_show_the_signed_in_users_own_data(Db db)
    {
        var app = apps[db];
        var (alice, aliceUser) = await app.LoggedInAsync();
        var (bob, bobUser) = await app.LoggedInAsync();
        foreach (var path in new[] { "/settings/account", "/settings/security", "/settings/sessions", "/settings/preferences" })
        {
            var page = await bob.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotContain(aliceUser.Email!, page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(aliceUser.UserName!, page.Html, StringComparison.Ordinal);
        }

        Assert.Contains(bobUser.Email!, (await bob.GetAsync("/settings/account")).Html, StringComparison.Ordinal);
        Assert.Contains(aliceUser.Email!, (await alice.GetAsync("/settings/account")).Html, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Pages_carry_the_security_headers(Db db)
    {
        using var browser = apps[db].Browser();
        var page = await browser.GetAsync("/login");
        var headers = page.Response.Headers;
        var csp = Assert.Single(headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        // Frames from the video hosts whose embeds the cleaner keeps, and from nowhere else.
        Assert.Contains("frame-src https://www.youtube.com https://youtube.com https://www.youtube-nocookie.com https://player.vimeo.com;", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(headers.GetValues("Referrer-Policy")));
        Assert.Contains("<title>Log in · Flusio</title>", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page.Html, StringComparison.Ordinal);
        Assert.DoesNotMatch("<script(?![^>]*src=)", page.Html);
    }

    [Fact]
    public async Task Login_attempts_from_one_address_are_rate_limited_apart_from_other_forms()
    {
        var logs = new CapturingLoggerProvider();
        using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["AUTH_RATE_LIMIT_PER_MINUTE"] = "3" }, services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var browser = app.Browser();
        var statuses = new List<HttpStatusCode>();
        TestBrowser.Page? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await browser.LoginAsync("someone", "wrong password");
            statuses.Add(last.Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        // The refusal is the app's own page, in its look, saying when to come back.
        Assert.Contains("Too many attempts", last!.Text, StringComparison.Ordinal);
        Assert.Contains("/css/app.css", last.Html, StringComparison.Ordinal);
        Assert.True(int.Parse(Assert.Single(last.Response.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Contains(logs.Lines, l => l.Contains("Rate limit reached for login", StringComparison.Ordinal));

        // Another form keeps its own budget: a burst of logins does not refuse a password reset.
        var reset = await browser.SubmitAsync("/password/forgot", "/password/forgot", new Dictionary<string, string> { ["Email"] = "a@example.test" });
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/login")).Status);
    }

    [Fact]
    public void Rate_limits_count_ipv4_addresses_alone_and_ipv6_by_their_64_bit_prefix()
    {
        Assert.Equal("203.0.113.42", ClientAddress.LimitKey(IPAddress.Parse("203.0.113.42")));
        Assert.Equal("203.0.113.42", ClientAddress.LimitKey(IPAddress.Parse("::ffff:203.0.113.42")));
        Assert.Equal("2001:db8:1:2::/64", ClientAddress.LimitKey(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd")));
        Assert.Equal(ClientAddress.LimitKey(IPAddress.Parse("2001:db8:1:2::1")), ClientAddress.LimitKey(IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.NotEqual(ClientAddress.LimitKey(IPAddress.Parse("2001:db8:1:2::1")), ClientAddress.LimitKey(IPAddress.Parse("2001:db8:1:3::1")));
    }

    [Fact]
    public void Client_addresses_are_masked_in_session_records()
    {
        Assert.Equal("203.0.113.x", ClientAddress.Mask(IPAddress.Parse("203.0.113.42")));
        Assert.Equal("203.0.113.x", ClientAddress.Mask(IPAddress.Parse("::ffff:203.0.113.42")));
        Assert.Equal("2001:db8:1::x", ClientAddress.Mask(IPAddress.Parse("2001:db8:1:2::5")));
        Assert.Equal("Firefox/Linux", DeviceName.FromUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"));
        Assert.Equal("Safari/iOS", DeviceName.FromUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"));
        Assert.Equal("", DeviceName.FromUserAgent(""));
    }
}
