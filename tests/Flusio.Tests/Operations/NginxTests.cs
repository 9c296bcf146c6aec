using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Operations;

/// <summary>
/// The deployment guide's nginx site (deploy/nginx/flusio.conf) in front of the app on a real
/// port, with only its ports and paths changed: TLS, the redirect from HTTP, static files with
/// their cache headers, secure cookies through X-Forwarded-Proto, and the client's address
/// (not nginx's) judged by /metrics, with a forged X-Forwarded-For of no use.
/// </summary>
public sealed class NginxTests
{
    private const string ServerName = NginxSite.ServerName;

    [NginxFact]
    public async Task The_guides_site_file_serves_the_app_over_tls()
    {
        await using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?>
        {
            ["BASE_URL"] = $"https://{ServerName}",
            ["METRICS_ALLOWED_NETWORKS"] = "127.0.0.1/32",
        }, kestrel: true);
        var user = await app.CreateUserAsync();
        using var nginx = NginxSite.Start(new Uri(app.BaseUrl).Port);

        // Plain HTTP is sent to HTTPS.
        using (var plain = nginx.Client(https: false))
        {
            using var redirect = await plain.GetAsync("/login");
            Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
            Assert.Equal($"https://{ServerName}/login", redirect.Headers.Location?.OriginalString);
        }

        using var client = nginx.Client();
        using var browser = new TestBrowser(client);
        var login = await browser.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.NotNull(login.AntiforgeryToken);
        // The app sees https through X-Forwarded-Proto: its cookies are secure, HSTS is sent.
        var cookies = login.Response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.True(login.Response.Headers.Contains("Strict-Transport-Security"));

        var signedIn = await browser.LoginAsync(user.UserName!);
        Assert.True(signedIn.IsRedirectTo("/news"), $"{signedIn.Status} {signedIn.Location}");
        var session = signedIn.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("flusio_auth=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        var news = await browser.GetAsync("/news");
        Assert.Equal(HttpStatusCode.OK, news.Status);
        Assert.Contains(user.UserName!, news.Html, StringComparison.Ordinal);

        // Static files come from the published wwwroot through nginx: a year when versioned, an hour when not.
        var stylesheet = StylesheetPath(login.Html);
        using (var versioned = await client.GetAsync(stylesheet))
        {
            Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", versioned.Headers.CacheControl?.ToString());
            Assert.Equal("text/css", versioned.Content.Headers.ContentType?.MediaType);
        }

        using (var unversioned = await client.GetAsync(stylesheet.Split('?')[0]))
        {
            Assert.Equal(HttpStatusCode.OK, unversioned.StatusCode);
            Assert.Equal("public, max-age=3600", unversioned.Headers.CacheControl?.ToString());
        }

        using (var ready = await client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // /metrics: allowed from 127.0.0.1 only. nginx itself connects from 127.0.0.1 (a
        // trusted proxy); the app must judge the client nginx forwards, not nginx.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
        using var elsewhere = nginx.Client(source: IPAddress.Parse("127.0.0.2"));
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.GetAsync("/metrics")).StatusCode);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forged.Headers.Add("X-Forwarded-For", "127.0.0.1");
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.SendAsync(forged)).StatusCode);
    }

    private static string StylesheetPath(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, @"<link[^>]+href=""(/css/[^""]+\?v=[^""]+)""");
        Assert.True(match.Success, "the page links no versioned stylesheet");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}

/// <summary>
/// A test that needs nginx: skipped with the reason when it is missing, unless
/// FLUSIO_REQUIRE_NGINX=1 (CI), where it runs and fails plainly.
/// </summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (Binary is null && Environment.GetEnvironmentVariable("FLUSIO_REQUIRE_NGINX") != "1")
        {
            Skip = "nginx not found (/usr/sbin/nginx): apt-get install nginx";
        }
    }

    public static string? Binary { get; } = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists) ?? (Environment.GetEnvironmentVariable("FLUSIO_REQUIRE_NGINX") == "1" ? "/usr/sbin/nginx" : null);
}
