using System.Collections.Concurrent;
using System.Net;
using Flusio.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flusio.Tests.Security;

public sealed class ProxyAndLoggingTests
{
    [Fact]
    public async Task Cookies_are_secure_behind_an_https_proxy_only_when_the_proxy_is_trusted()
    {
        using var trusting = new FlusioApp(Db.Sqlite, kestrel: true);
        using var distrusting = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["TRUSTED_PROXIES"] = "192.0.2.1" }, kestrel: true);

        Assert.Contains("secure", await AntiforgeryCookieAsync(trusting.BaseUrl, "https"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", await AntiforgeryCookieAsync(trusting.BaseUrl, null), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", await AntiforgeryCookieAsync(distrusting.BaseUrl, "https"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Failed_logins_are_logged_with_the_client_address()
    {
        var logs = new CapturingLoggerProvider();
        using var app = new FlusioApp(Db.Sqlite, kestrel: true, services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var browser = new TestBrowser(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) });

        await browser.LoginAsync("intruder", "guess");

        Assert.Contains(logs.Messages, m => m.Contains("Failed login for intruder from 127.0.0.1", StringComparison.Ordinal));
    }

    private static async Task<string> AntiforgeryCookieAsync(string baseUrl, string? forwardedProto)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + "/login");
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("flusio_csrf=", StringComparison.Ordinal));
    }
}
