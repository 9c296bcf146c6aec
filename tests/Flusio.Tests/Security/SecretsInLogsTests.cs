using System.Net;
using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Flusio.Tests.Security;

/// <summary>
/// Logs never carry a password, a token or a cookie. Every app of the run greps its own logs
/// for the secrets the helpers remembered (<see cref="TestSecrets"/>, checked when the app is
/// disposed); this test drives every flow that handles one in one app, on both log formats,
/// and greps that app's complete logs (Flusio's categories from Debug, with the fields, scopes
/// and exceptions a JSON line would carry).
/// </summary>
public sealed partial class SecretsInLogsTests
{
    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task No_secret_of_a_whole_account_life_reaches_the_logs(string format)
    {
        var metricsToken = TestSecrets.Remember("metrics-" + Guid.NewGuid().ToString("N"), "metrics token");
        var wrongMetricsToken = TestSecrets.Remember("wrong-metrics-" + Guid.NewGuid().ToString("N"), "metrics token");
        var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?>
        {
            ["REGISTRATION"] = "invite",
            ["LOG_FORMAT"] = format,
            ["METRICS_TOKEN"] = metricsToken,
            ["METRICS_ALLOWED_NETWORKS"] = "10.99.0.0/16",
        });
        try
        {
            await AccountLifeAsync(app, metricsToken, wrongMetricsToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var logs = app.Logs.Everything;
        // The capture works: the failed logins are there, with their fields.
        Assert.Contains(logs, l => l.StartsWith("Failed login for", StringComparison.Ordinal));
        Assert.True(logs.Count > 50, $"only {logs.Count} log lines");
        foreach (var kind in new[] { "password", "cookie flusio_auth", "mailed token", "invitation", "metrics token", "totp key", "recovery code" })
        {
            Assert.True(TestSecrets.Kinds.ContainsKey(kind), $"no {kind} remembered");
        }

        var findings = TestSecrets.FindIn(logs);
        Assert.True(findings.Count == 0, $"{findings.Count} secret(s) in the logs:\n{string.Join("\n", findings.Take(10))}");
        await app.DisposeAsync();
    }

    [Fact]
    public void The_check_finds_a_remembered_secret_wherever_a_line_shows_it()
    {
        var token = TestSecrets.Remember("tok+" + Guid.NewGuid().ToString("N") + "==", "token");
        var passphrase = TestSecrets.Remember("purple monkey " + Guid.NewGuid().ToString("N")[..8], "password");
        foreach (var line in new[]
        {
            $"Reset asked with token={token}",
            $"GET /password/reset?user=1&token={Uri.EscapeDataString(token)}&x=y",
            $"Value \"{token}\".",
            $"Token={token}",
            $"Password={passphrase}",
            $"login with '{passphrase}' refused",
        })
        {
            Assert.True(TestSecrets.FindIn([line]).Count == 1, line);
        }

        Assert.Empty(TestSecrets.FindIn([$"x{token}", $"purple monkey {passphrase[14..]}x", "nothing here"]));
        // Guessable words a test types on purpose are not secrets a log could be told by.
        Assert.False(TestSecrets.IsDistinctive("password"));
        Assert.False(TestSecrets.IsDistinctive("12345678"));
        Assert.True(TestSecrets.IsDistinctive(TestAccounts.Password));
    }

    private static async Task AccountLifeAsync(FlusioApp app, string metricsToken, string wrongMetricsToken)
    {
        // Log in, and fail to.
        var admin = await app.CreateUserAsync(admin: true);
        using var adminBrowser = app.Browser();
        Assert.True((await adminBrowser.LoginAsync(admin.UserName!)).IsRedirectTo("/news"));
        using (var stranger = app.Browser())
        {
            var wrong = TestSecrets.Remember("not-" + Guid.NewGuid().ToString("N"), "password");
            Assert.Equal(HttpStatusCode.OK, (await stranger.LoginAsync(admin.UserName!, wrong)).Status);
            Assert.Equal(HttpStatusCode.OK, (await stranger.LoginAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], wrong)).Status);
        }

        // An invitation, redeemed by a registration.
        Assert.Equal(HttpStatusCode.Redirect, (await adminBrowser.SubmitAsync("/settings/invitations", "/settings/invitations", new Dictionary<string, string>())).Status);
        var invitation = TestSecrets.Remember(await app.WithDbAsync(d => d.Set<Invitation>().Where(i => i.CreatedById == admin.Id).Select(i => i.Token).SingleAsync()), "invitation");
        var name = TestAccounts.UniqueName("guest");
        var email = $"{name}@example.test";
        var firstPassword = TestSecrets.Remember("first " + Guid.NewGuid().ToString("N"), "password");
        using var guest = app.Browser();
        var registered = await guest.SubmitAsync($"/register?invitation={invitation}", "/register", new Dictionary<string, string>
        {
            ["Username"] = name, ["Email"] = email, ["Password"] = firstPassword, ["Invitation"] = invitation,
        });
        Assert.True(registered.IsRedirectTo("/news"), registered.Status + " " + registered.Text);

        // The mailed validation link.
        var validation = LinkIn(await FlusioApp.Smtp.WaitForMailAsync(email));
        Assert.True(TestSecrets.Knows(Uri.UnescapeDataString(new Uri(validation).Query.Split("token=")[1].Split('&')[0])), "the mailed token is remembered");
        Assert.Equal(HttpStatusCode.OK, (await guest.GetAsync(new Uri(validation).PathAndQuery)).Status);

        // A password reset by mail.
        using var forgetful = app.Browser();
        await forgetful.SubmitAsync("/password/forgot", "/password/forgot", new Dictionary<string, string> { ["Email"] = email });
        var reset = new Uri(LinkIn(await FlusioApp.Smtp.WaitForMailAsync(email, m => m.Subject?.Contains("password", StringComparison.OrdinalIgnoreCase) == true)));
        var query = System.Web.HttpUtility.ParseQueryString(reset.Query);
        var resetForm = await forgetful.GetAsync(reset.PathAndQuery);
        var secondPassword = TestSecrets.Remember("second " + Guid.NewGuid().ToString("N"), "password");
        var changed = await forgetful.PostAsync("/password/reset", new Dictionary<string, string>
        {
            ["User"] = query["user"]!, ["Token"] = query["token"]!, ["Password"] = secondPassword,
        }, resetForm.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, changed.Status);

        // Two sessions, one revoked from the other; the password changed from the settings.
        using var laptop = app.Browser();
        using var phone = app.Browser();
        Assert.True((await laptop.LoginAsync(name, secondPassword)).IsRedirectTo("/news"));
        Assert.True((await phone.LoginAsync(name, secondPassword)).IsRedirectTo("/news"));
        var user = await app.WithDbAsync(d => d.Set<User>().SingleAsync(u => u.UserName == name));
        var phoneSession = await app.WithDbAsync(d => d.Set<UserSession>().Where(s => s.UserId == user.Id).OrderByDescending(s => s.CreatedAt).Select(s => s.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.SubmitAsync("/settings/sessions", $"/settings/sessions/{phoneSession}/revoke", new Dictionary<string, string>())).Status);
        var thirdPassword = TestSecrets.Remember("third " + Guid.NewGuid().ToString("N"), "password");
        var settings = await laptop.SubmitAsync("/settings/account", "/settings/account/password", new Dictionary<string, string>
        {
            ["ChangePassword.CurrentPassword"] = secondPassword, ["ChangePassword.NewPassword"] = thirdPassword,
        });
        Assert.True(settings.IsRedirectTo("/settings/account"));

        // Two-factor: the authenticator key, a code, recovery codes, a login with one of them.
        var setup = await laptop.GetAsync("/settings/security/totp");
        var key = TestSecrets.Remember(KeyPattern().Match(setup.Html).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(), "totp key");
        var enabled = await laptop.PostAsync("/settings/security/totp", new Dictionary<string, string> { ["Code"] = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp() }, setup.AntiforgeryToken);
        var codes = RecoveryCodePattern().Matches(enabled.Html).Select(m => TestSecrets.Remember(m.Groups[1].Value, "recovery code")).ToList();
        Assert.Equal(10, codes.Count);
        using (var tablet = app.Browser())
        {
            Assert.True((await tablet.LoginAsync(name, thirdPassword)).IsRedirectTo("/login/two-factor"));
            var wrongCode = await tablet.PostAsync("/login/recovery-code", new Dictionary<string, string> { ["Code"] = TestSecrets.Remember("ZZZZZ-99999", "recovery code") }, (await tablet.GetAsync("/login/recovery-code")).AntiforgeryToken);
            Assert.Equal(HttpStatusCode.OK, wrongCode.Status);
            var recovered = await tablet.PostAsync("/login/recovery-code", new Dictionary<string, string> { ["Code"] = codes[0] }, (await tablet.GetAsync("/login/recovery-code")).AntiforgeryToken);
            Assert.True(recovered.IsRedirectTo("/news"));
        }

        // Metrics: the token opens them from anywhere, a wrong one does not.
        using (var scraper = app.Client())
        {
            scraper.DefaultRequestHeaders.Authorization = new("Bearer", wrongMetricsToken);
            Assert.Equal(HttpStatusCode.Forbidden, (await scraper.GetAsync("/metrics")).StatusCode);
            scraper.DefaultRequestHeaders.Authorization = new("Bearer", metricsToken);
            Assert.Equal(HttpStatusCode.OK, (await scraper.GetAsync("/metrics")).StatusCode);
        }

        // And the account deleted with its password.
        var deleted = await laptop.SubmitAsync("/settings/account", "/settings/account/delete", new Dictionary<string, string> { ["DeleteAccount.Password"] = thirdPassword });
        Assert.True(deleted.IsRedirectTo("/login"));
        await app.WaitForJobsAsync();
    }

    private static string LinkIn(MimeKit.MimeMessage mail) =>
        LinkPattern().Match(mail.TextBody ?? "").Value is { Length: > 0 } link ? link : throw new InvalidOperationException("No link in " + mail.TextBody);

    [GeneratedRegex(@"https?://\S+token=\S+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("data-totp-key>([a-z0-9 ]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"<li>([A-Z0-9]{5}-[A-Z0-9]{5})</li>")]
    private static partial Regex RecoveryCodePattern();
}
