using System.Net;
using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace Flusio.Tests.Accounts;

public sealed partial class TwoFactorTests(AppsFixture apps) : IClassFixture<AppsFixture>
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task With_an_authenticator_app_logging_in_needs_a_code_or_a_recovery_code(Db db)
    {
        // The app's clock, not the machine's: a slow machine cannot step past a code's window.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new FlusioApp(db, clock: clock);
        var (browser, user) = await app.LoggedInAsync();

        var setup = await browser.GetAsync("/settings/security/totp");
        var key = KeyPattern().Match(setup.Html).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.Contains("data:image/png;base64,", setup.Html, StringComparison.Ordinal);
        var totp = new Totp(Base32Encoding.ToBytes(key));

        var wrong = await browser.PostAsync("/settings/security/totp", new Dictionary<string, string> { ["Code"] = "000000" == totp.ComputeTotp() ? "111111" : "000000" }, setup.AntiforgeryToken);
        Assert.Contains("This code is not valid", wrong.Text, StringComparison.Ordinal);

        var enablingStep = clock.GetUtcNow().UtcDateTime;
        var enabled = await browser.PostAsync("/settings/security/totp", new Dictionary<string, string> { ["Code"] = totp.ComputeTotp(enablingStep) }, setup.AntiforgeryToken);
        var codes = RecoveryCodePattern().Matches(enabled.Html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);

        using var second = app.Browser();
        var password = await second.LoginAsync(user.UserName!);
        Assert.True(password.IsRedirectTo("/login/two-factor"), password.Status.ToString());
        Assert.True((await second.GetAsync("/news")).IsRedirectTo("/login"));

        var codePage = await second.GetAsync("/login/two-factor");
        var badCode = await second.PostAsync("/login/two-factor", new Dictionary<string, string> { ["Code"] = "12345" }, codePage.AntiforgeryToken);
        Assert.Contains("This code is not valid", badCode.Text, StringComparison.Ordinal);
        // The enabling code was used once: it is refused now, even within its 30 seconds.
        var replayed = await second.PostAsync("/login/two-factor", new Dictionary<string, string> { ["Code"] = totp.ComputeTotp(enablingStep) }, codePage.AntiforgeryToken);
        Assert.Contains("This code is not valid", replayed.Text, StringComparison.Ordinal);
        // The next step's code (clocks drift by one step either way) is new: accepted.
        clock.Advance(TimeSpan.FromSeconds(30));
        var nextCode = totp.ComputeTotp(clock.GetUtcNow().UtcDateTime);
        var loggedIn = await second.PostAsync("/login/two-factor", new Dictionary<string, string> { ["Code"] = nextCode }, codePage.AntiforgeryToken);
        Assert.True(loggedIn.IsRedirectTo("/news"));
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/news")).Status);

        using var replay = app.Browser();
        await replay.LoginAsync(user.UserName!);
        var again = await replay.PostAsync("/login/two-factor", new Dictionary<string, string> { ["Code"] = nextCode }, (await replay.GetAsync("/login/two-factor")).AntiforgeryToken);
        Assert.Contains("This code is not valid", again.Text, StringComparison.Ordinal);

        using var third = app.Browser();
        await third.LoginAsync(user.UserName!);
        var recoveryPage = await third.GetAsync("/login/recovery-code");
        var recovered = await third.PostAsync("/login/recovery-code", new Dictionary<string, string> { ["Code"] = codes[0] }, recoveryPage.AntiforgeryToken);
        Assert.True(recovered.IsRedirectTo("/news"));

        using var fourth = app.Browser();
        await fourth.LoginAsync(user.UserName!);
        var reused = await fourth.PostAsync("/login/recovery-code", new Dictionary<string, string> { ["Code"] = codes[0] }, (await fourth.GetAsync("/login/recovery-code")).AntiforgeryToken);
        Assert.Contains("This recovery code is not valid.", reused.Text, StringComparison.Ordinal);

        var security = await browser.GetAsync("/settings/security");
        Assert.Contains("Recovery codes left: 9", security.Text, StringComparison.Ordinal);
        var refused = await browser.PostAsync("/settings/security/totp/disable", new Dictionary<string, string> { ["Password"] = "wrong" }, security.AntiforgeryToken);
        Assert.True(refused.IsRedirectTo("/settings/security"));
        Assert.Contains("enabled", (await browser.GetAsync("/settings/security")).Text, StringComparison.Ordinal);
        var disabled = await browser.PostAsync("/settings/security/totp/disable", new Dictionary<string, string> { ["Password"] = TestAccounts.Password }, security.AntiforgeryToken);
        Assert.True(disabled.IsRedirectTo("/settings/security"));
        using var fifth = app.Browser();
        Assert.True((await fifth.LoginAsync(user.UserName!)).IsRedirectTo("/news"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_code_page_without_a_password_step_sends_back_to_login(Db db)
    {
        using var browser = apps[db].Browser();
        Assert.True((await browser.GetAsync("/login/two-factor")).IsRedirectTo("/login"));
        Assert.True((await browser.GetAsync("/login/recovery-code")).IsRedirectTo("/login"));
    }

    [GeneratedRegex("data-totp-key>([a-z0-9 ]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"<li>([A-Z0-9]{5}-[A-Z0-9]{5})</li>")]
    private static partial Regex RecoveryCodePattern();
}
