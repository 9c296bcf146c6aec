using System.Net;
using System.Text;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flusio.Tests.Security;

/// <summary>What a public instance meets first: HTTPS headers and cookies, host headers, server limits, logs, passkey misuse.</summary>
public sealed class HardeningTests : IClassFixture<HardeningTests.KestrelApp>
{
    private readonly FlusioApp app;

    public HardeningTests(KestrelApp fixture) => app = fixture.App;

    [Fact]
    public async Task Under_https_responses_carry_hsts_and_every_cookie_is_secure()
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
        var https = await GetAsync(http, "/login", forwardedProto: "https");
        Assert.Equal("max-age=31536000", Assert.Single(https.Headers.GetValues("Strict-Transport-Security")));
        var plain = await GetAsync(http, "/login", forwardedProto: null);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));

        // The language cookie and TempData (a flash message) are set by the preferences form.
        var cookies = new List<string>(https.Headers.GetValues("Set-Cookie"));
        cookies.AddRange(await PreferencesCookiesAsync(forwardedProto: "https"));
        Assert.Contains(cookies, c => c.StartsWith("flusio_csrf=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("flusio_locale=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("flusio_auth=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(await PreferencesCookiesAsync(forwardedProto: null), c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Peertube_instances_named_by_the_admin_may_frame_their_players()
    {
        using var peertube = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["PEERTUBE_HOSTS"] = "framatube.org, https://video.example.org/" });
        using var browser = peertube.Browser();
        var csp = Assert.Single((await browser.GetAsync("/login")).Response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-src https://www.youtube.com https://youtube.com https://www.youtube-nocookie.com https://player.vimeo.com https://framatube.org https://video.example.org;", csp, StringComparison.Ordinal);
        var cleaner = peertube.Service<Flusio.Feeds.Cleaning.HtmlCleaner>();
        Assert.Contains("src=\"https://framatube.org/videos/embed/abc\"", cleaner.Clean("<iframe src=\"https://framatube.org/videos/embed/abc\"></iframe>", null), StringComparison.Ordinal);
        Assert.DoesNotContain("iframe", cleaner.Clean("<iframe src=\"https://evil.example/videos/embed/abc\"></iframe>", null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_host_header_is_never_reflected_into_a_redirect()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, app.BaseUrl + "/news");
        request.Headers.Host = "evil.example";
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.Location!.IsAbsoluteUri, response.Headers.Location.ToString());
        Assert.Equal("/login?ReturnUrl=%2Fnews", response.Headers.Location.OriginalString);
    }

    [Fact]
    public async Task The_server_does_not_name_itself_and_refuses_oversized_headers()
    {
        using var http = new HttpClient();
        using var normal = await http.GetAsync(app.BaseUrl + "/healthz");
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        Assert.False(normal.Headers.Contains("Server"));

        using var many = new HttpRequestMessage(HttpMethod.Get, app.BaseUrl + "/healthz");
        for (var i = 0; i < 80; i++)
        {
            many.Headers.Add($"X-Filler-{i}", "x");
        }

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await http.SendAsync(many)).StatusCode);
        using var huge = new HttpRequestMessage(HttpMethod.Get, app.BaseUrl + "/healthz");
        huge.Headers.Add("X-Filler", new string('x', 40 * 1024));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await http.SendAsync(huge)).StatusCode);
    }

    [Fact]
    public async Task A_passkey_login_without_its_challenge_is_a_clear_400_and_a_log_line()
    {
        using var browser = new TestBrowser(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) });
        var form = await browser.GetAsync("/login");
        var response = await browser.PostAsync("/login/passkey", new Dictionary<string, string> { ["credential"] = "{\"id\":\"AAAA\",\"type\":\"public-key\"}" }, form.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("Bad request", response.Text, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Lines, l => l.StartsWith("Passkey login refused from 127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public void Log_lines_escape_control_characters_so_a_client_cannot_forge_one()
    {
        var formatter = new LineFormatter();
        using var output = new StringWriter();
        var entry = new Microsoft.Extensions.Logging.Abstractions.LogEntry<string>(
            LogLevel.Warning, "Flusio.Test", default, "Failed login for admin\r\n12:00:00 info: forged line\u001b[31m", null, (s, _) => s);
        formatter.Write(in entry, null, output);
        var written = output.ToString();
        Assert.Single(written.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("admin\\r\\n12:00:00 info: forged line\\u001b[31m", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_values_a_client_sent_are_cut_in_the_logs()
    {
        using var browser = new TestBrowser(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) });
        var identifier = "long" + new string('x', 5000);
        await browser.LoginAsync(identifier, "wrong");
        var line = Assert.Single(app.Logs.Lines, l => l.StartsWith("Failed login for longxxx", StringComparison.Ordinal));
        Assert.True(line.Length < 300, $"{line.Length} characters");
        Assert.Contains("…", line, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, app.BaseUrl + path);
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return await http.SendAsync(request);
    }

    /// <summary>Logs in and saves the preferences behind the given scheme; returns every Set-Cookie seen.</summary>
    private async Task<List<string>> PreferencesCookiesAsync(string? forwardedProto)
    {
        var user = await app.CreateUserAsync();
        // Cookies carried by hand: a client does not send Secure cookies back over plain http.
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var jar = new Dictionary<string, string>();
        var seen = new List<string>();
        async Task<TestBrowser.Page> SendAsync(HttpMethod method, string path, Dictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (forwardedProto is not null)
            {
                request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            }

            if (jar.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
            }

            if (form is not null)
            {
                request.Content = new FormUrlEncodedContent(form);
            }

            var response = await http.SendAsync(request);
            foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [])
            {
                seen.Add(cookie);
                var pair = cookie.Split(';', 2)[0].Split('=', 2);
                jar[pair[0]] = pair[1];
            }

            return await TestBrowser.Page.ReadAsync(response);
        }

        var login = await SendAsync(HttpMethod.Get, "/login");
        var posted = await SendAsync(HttpMethod.Post, "/login", new() { ["Identifier"] = user.UserName!, ["Password"] = TestAccounts.Password, ["__RequestVerificationToken"] = login.AntiforgeryToken! });
        Assert.True(posted.IsRedirectTo("/news"), posted.Status.ToString());
        var preferences = await SendAsync(HttpMethod.Get, "/settings/preferences");
        var saved = await SendAsync(HttpMethod.Post, "/settings/preferences", new() { ["Locale"] = "en", ["Theme"] = "dark", ["__RequestVerificationToken"] = preferences.AntiforgeryToken! });
        Assert.True(saved.IsRedirectTo("/settings/preferences"), saved.Status.ToString());
        return seen;
    }

    /// <summary>One app on a real port: Kestrel's own limits and headers are under test.</summary>
    public sealed class KestrelApp : IDisposable
    {
        public KestrelApp()
        {
            App = new FlusioApp(Db.Sqlite, kestrel: true, services: s => s.AddSingleton<ILoggerProvider>(Logs));
            App.Logs = Logs;
        }

        public CapturingLoggerProvider Logs { get; } = new();

        public FlusioApp App { get; }

        public void Dispose() => App.Dispose();
    }
}
