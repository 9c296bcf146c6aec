using System.IO.Compression;
using System.Text;
using Flusio.Feeds.Fetching;
using Microsoft.AspNetCore.Http;

namespace Flusio.Feeds.Tests.Fetching;

public class HttpFetcherTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static async Task<FetchResult> Fetch(LocalServer server, string path, FetchRequest? request = null, FetcherOptions? options = null)
    {
        using var fetcher = new HttpFetcher(options ?? TestFetchers.Private());
        return await fetcher.FetchAsync(server.Url(path), request ?? FetchRequest.Feed);
    }

    private static Task Text(HttpContext context, string body, string contentType = "application/rss+xml; charset=utf-8")
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body);
    }

    [Fact]
    public async Task Sends_the_user_agent_with_version_and_base_url_and_the_feed_accept_header()
    {
        await using var server = await LocalServer.StartAsync(c => Text(c, "<rss/>"));

        await Fetch(server, "/feed");

        var headers = Assert.Single(server.Requests).Headers;
        Assert.Equal($"Flusio/{FeedEngine.Version} (+https://flusio.test/)", headers["User-Agent"]);
        Assert.StartsWith("application/rss+xml, application/atom+xml, application/feed+json", headers["Accept"]);
        Assert.Contains("br", headers["Accept-Encoding"]);
        Assert.Contains("gzip", headers["Accept-Encoding"]);
    }

    [Fact]
    public async Task Page_fetches_ask_for_html()
    {
        await using var server = await LocalServer.StartAsync(c => Text(c, "<html></html>", "text/html"));

        await Fetch(server, "/", FetchRequest.Page);

        Assert.StartsWith("text/html", Assert.Single(server.Requests).Headers["Accept"]);
    }

    [Fact]
    public async Task Returns_body_content_type_charset_and_caching_headers()
    {
        await using var server = await LocalServer.StartAsync(c =>
        {
            c.Response.Headers.ETag = "\"v1\"";
            c.Response.Headers.LastModified = "Sat, 28 Feb 2026 10:00:00 GMT";
            c.Response.Headers.CacheControl = "public, max-age=600";
            c.Response.Headers.Expires = "Sun, 01 Mar 2026 13:00:00 GMT";
            return Text(c, "<rss>é</rss>", "Application/RSS+XML; charset=\"ISO-8859-1\"");
        });

        var result = await Fetch(server, "/feed");

        Assert.Equal(200, result.StatusCode);
        Assert.False(result.NotModified);
        Assert.Equal("application/rss+xml", result.MediaType);
        Assert.Equal("ISO-8859-1", result.Charset);
        Assert.Equal("\"v1\"", result.ETag);
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 10, 0, 0, TimeSpan.Zero), result.LastModified);
        Assert.Equal(TimeSpan.FromMinutes(10), result.MaxAge);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 13, 0, 0, TimeSpan.Zero), result.Expires);
        Assert.Equal(server.Url("/feed"), result.FinalUrl);
        Assert.False(result.PermanentRedirect);
    }

    [Fact]
    public async Task Conditional_get_sends_the_validators_and_reports_not_modified_on_304()
    {
        await using var server = await LocalServer.StartAsync(c =>
        {
            c.Response.StatusCode = 304;
            c.Response.Headers.ETag = "\"v1\"";
            return Task.CompletedTask;
        });
        var lastModified = new DateTimeOffset(2026, 2, 28, 10, 0, 0, TimeSpan.Zero);

        var result = await Fetch(server, "/feed", FetchRequest.Feed with { ETag = "\"v1\"", LastModified = lastModified });

        Assert.True(result.NotModified);
        Assert.Empty(result.Body);
        var headers = Assert.Single(server.Requests).Headers;
        Assert.Equal("\"v1\"", headers["If-None-Match"]);
        Assert.Equal("Sat, 28 Feb 2026 10:00:00 GMT", headers["If-Modified-Since"]);
    }

    [Fact]
    public async Task Ignoring_the_cache_sends_no_validators_and_asks_for_a_fresh_copy()
    {
        await using var server = await LocalServer.StartAsync(c => Text(c, "<rss/>"));

        await Fetch(server, "/feed", FetchRequest.Feed with { ETag = "\"v1\"", LastModified = Now, IgnoreCache = true });

        var headers = Assert.Single(server.Requests).Headers;
        Assert.False(headers.ContainsKey("If-None-Match"));
        Assert.False(headers.ContainsKey("If-Modified-Since"));
        Assert.Equal("no-cache", headers["Cache-Control"]);
    }

    [Theory]
    [InlineData("120", 120)]
    [InlineData("Sun, 01 Mar 2026 12:30:00 GMT", 1800)]
    public async Task Retry_after_in_seconds_or_as_a_date_comes_with_a_429_error(string retryAfter, int expectedSeconds)
    {
        await using var server = await LocalServer.StartAsync(c =>
        {
            c.Response.StatusCode = 429;
            c.Response.Headers.RetryAfter = retryAfter;
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            Fetch(server, "/feed", options: TestFetchers.Private() with { TimeProvider = new FixedClock(Now) }));

        Assert.Equal(FetchErrorKind.HttpStatus, error.Kind);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(Now.AddSeconds(expectedSeconds), error.RetryAfter);
        Assert.Equal("The server asked us to slow down (HTTP 429).", error.Message);
    }

    [Fact]
    public async Task Retry_after_is_also_reported_on_success()
    {
        await using var server = await LocalServer.StartAsync(c =>
        {
            c.Response.Headers.RetryAfter = "3600";
            return Text(c, "<rss/>");
        });

        var result = await Fetch(server, "/feed", options: TestFetchers.Private() with { TimeProvider = new FixedClock(Now) });

        Assert.Equal(Now.AddHours(1), result.RetryAfter);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(500)]
    public async Task Error_statuses_are_typed_with_their_code(int status)
    {
        await using var server = await LocalServer.StartAsync(c =>
        {
            c.Response.StatusCode = status;
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<FetchException>(() => Fetch(server, "/feed"));

        Assert.Equal(FetchErrorKind.HttpStatus, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Compressed_bodies_are_decoded(string encoding)
    {
        var text = string.Concat(Enumerable.Repeat("<item>compressed</item>", 200));
        var compressed = Compress(Encoding.UTF8.GetBytes(text), encoding);
        await using var server = await LocalServer.StartAsync(async c =>
        {
            c.Response.Headers.ContentEncoding = encoding;
            c.Response.ContentType = "application/xml";
            await c.Response.Body.WriteAsync(compressed);
        });

        var result = await Fetch(server, "/feed");

        Assert.Equal(text, result.Text);
    }

    [Fact]
    public async Task A_permanent_redirect_is_reported_with_the_new_url()
    {
        await using var server = await LocalServer.StartAsync(c => c.Request.Path.Value switch
        {
            "/old" => Redirect(c, 301, "/new"),
            _ => Text(c, "<rss/>"),
        });

        var result = await Fetch(server, "/old");

        Assert.True(result.PermanentRedirect);
        Assert.Equal(server.Url("/new"), result.PermanentRedirectUrl);
        Assert.Equal(server.Url("/new"), result.FinalUrl);
    }

    [Fact]
    public async Task Only_the_unbroken_chain_of_permanent_redirects_counts_as_a_move()
    {
        await using var server = await LocalServer.StartAsync(c => c.Request.Path.Value switch
        {
            "/a" => Redirect(c, 308, "/b"),
            "/b" => Redirect(c, 302, "/c"),
            "/c" => Redirect(c, 301, "/d"),
            _ => Text(c, "<rss/>"),
        });

        var result = await Fetch(server, "/a");

        Assert.Equal(server.Url("/b"), result.PermanentRedirectUrl);
        Assert.Equal(server.Url("/d"), result.FinalUrl);
    }

    [Fact]
    public async Task A_temporary_redirect_is_followed_but_is_no_move()
    {
        await using var server = await LocalServer.StartAsync(c => c.Request.Path.Value switch
        {
            "/old" => Redirect(c, 307, "/new"),
            _ => Text(c, "<rss/>"),
        });

        var result = await Fetch(server, "/old");

        Assert.False(result.PermanentRedirect);
        Assert.Equal(server.Url("/new"), result.FinalUrl);
    }

    [Fact]
    public async Task Five_redirects_are_followed()
    {
        await using var server = await LocalServer.StartAsync(Chain);

        var result = await Fetch(server, "/hop/5");

        Assert.Equal(server.Url("/hop/0"), result.FinalUrl);
    }

    [Fact]
    public async Task A_sixth_redirect_is_too_many()
    {
        await using var server = await LocalServer.StartAsync(Chain);

        var error = await Assert.ThrowsAsync<FetchException>(() => Fetch(server, "/hop/6"));

        Assert.Equal(FetchErrorKind.TooManyRedirects, error.Kind);
        Assert.Equal(6, server.Requests.Count);
    }

    [Fact]
    public async Task A_redirect_loop_is_detected()
    {
        await using var server = await LocalServer.StartAsync(c => c.Request.Path.Value switch
        {
            "/a" => Redirect(c, 302, "/b"),
            _ => Redirect(c, 302, "/a#again"),
        });

        var error = await Assert.ThrowsAsync<FetchException>(() => Fetch(server, "/a"));

        Assert.Equal(FetchErrorKind.RedirectLoop, error.Kind);
        Assert.Equal("The address redirects in a loop.", error.Message);
    }

    [Fact]
    public async Task A_redirect_to_another_scheme_is_refused()
    {
        await using var server = await LocalServer.StartAsync(c => Redirect(c, 302, "file:///etc/passwd"));

        var error = await Assert.ThrowsAsync<FetchException>(() => Fetch(server, "/feed"));

        Assert.Equal(FetchErrorKind.UnsupportedScheme, error.Kind);
    }

    [Theory]
    [InlineData("ftp://example.com/feed", FetchErrorKind.UnsupportedScheme)]
    [InlineData("file:///etc/passwd", FetchErrorKind.UnsupportedScheme)]
    [InlineData("javascript:alert(1)", FetchErrorKind.UnsupportedScheme)]
    [InlineData("/relative/feed", FetchErrorKind.InvalidUrl)]
    public async Task Only_absolute_http_and_https_urls_are_fetched(string url, FetchErrorKind kind)
    {
        using var fetcher = new HttpFetcher(TestFetchers.Private());

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            fetcher.FetchAsync(new Uri(url, UriKind.RelativeOrAbsolute), FetchRequest.Feed));

        Assert.Equal(kind, error.Kind);
    }

    private static Task Chain(HttpContext c)
    {
        var left = int.Parse(c.Request.Path.Value!["/hop/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        return left == 0 ? Text(c, "<rss/>") : Redirect(c, 302, $"/hop/{left - 1}");
    }

    private static Task Redirect(HttpContext c, int status, string location)
    {
        c.Response.StatusCode = status;
        c.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    private static byte[] Compress(byte[] data, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest),
            "br" => new BrotliStream(output, CompressionLevel.Fastest),
            _ => new ZLibStream(output, CompressionLevel.Fastest),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
