using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Flusio.Feeds.Fetching;
using Flusio.Feeds.Parsing;
using Microsoft.AspNetCore.Http;

namespace Flusio.Feeds.Tests.Fetching;

// Alone in their collection: the memory assertion reads process-wide allocation counters.
[CollectionDefinition(nameof(HostileServerTests), DisableParallelization = true)]
public sealed class HostileServersRunAlone;

[Collection(nameof(HostileServerTests))]
public class HostileServerTests
{
    private const int MB = 1024 * 1024;

    // Not a speed limit: a test that waits this long is hanging, whatever the machine's load.
    private static readonly TimeSpan Catastrophe = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><rss version=\"2.0\"><channel><title>&d;&d;&d;</title></channel></rss>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><rss version=\"2.0\"><channel><title>&xxe;</title></channel></rss>")]
    public async Task A_served_entity_bomb_or_external_entity_is_refused_with_a_typed_error(string body)
    {
        await using var server = await LocalServer.StartAsync(c =>
        {
            c.Response.ContentType = "application/rss+xml";
            return c.Response.WriteAsync(body);
        });
        using var fetcher = new HttpFetcher(TestFetchers.Private());
        var fetched = await fetcher.FetchAsync(server.Url("/feed.xml"), FetchRequest.Feed);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var error = Assert.Throws<FeedParseException>(() =>
            FeedParser.Parse(fetched.Body, new FeedParseOptions { FeedUrl = fetched.FinalUrl, HttpCharset = fetched.Charset }));

        Assert.Equal(FeedParseError.EntityDeclarations, error.Kind);
        Assert.DoesNotContain("root:", error.ToString(), StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 1 * MB, "refusing the document allocated more than 1 MB");
    }

    [Fact]
    public async Task A_server_with_an_untrusted_certificate_is_a_tls_error()
    {
        using var certificate = LocalServer.SelfSignedCertificate();
        await using var server = await LocalServer.StartAsync(c => c.Response.WriteAsync("<rss/>"), certificate);
        using var fetcher = new HttpFetcher(TestFetchers.Private());

        var error = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(new Uri($"https://localhost:{server.Port}/feed"), FetchRequest.Feed));

        Assert.Equal(FetchErrorKind.Tls, error.Kind);
        Assert.Equal("The secure connection to the server failed.", error.Message);
    }

    [Fact]
    public async Task A_50_MB_body_is_too_large_and_memory_stays_bounded()
    {
        await using var server = await LocalServer.StartAsync(c => Stream(c, 50 * MB));
        using var fetcher = new HttpFetcher(TestFetchers.Private() with { MaxBodyBytes = 1 * MB });
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var error = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(server.Url("/big"), FetchRequest.Feed));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(FetchErrorKind.TooLarge, error.Kind);
        Assert.Equal("The document is too large.", error.Message);
        Assert.True(allocated < 12 * MB, $"allocated {allocated / MB} MB to refuse a 50 MB body with a 1 MB cap");
    }

    [Fact]
    public async Task A_body_announced_larger_than_the_cap_is_refused_before_reading()
    {
        await using var server = await LocalServer.StartAsync(c =>
        {
            c.Response.ContentLength = 50L * MB;
            return Stream(c, 50 * MB);
        });
        using var fetcher = new HttpFetcher(TestFetchers.Private());

        var error = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(server.Url("/big"), FetchRequest.Feed));

        Assert.Equal(FetchErrorKind.TooLarge, error.Kind);
    }

    [Fact]
    public async Task A_gzip_bomb_is_too_large_after_decompression()
    {
        var bomb = GzipOfZeros(64 * MB);
        Assert.True(bomb.Length < MB / 4);
        await using var server = await LocalServer.StartAsync(async c =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            c.Response.ContentType = "application/rss+xml";
            c.Response.ContentLength = bomb.Length;
            await c.Response.Body.WriteAsync(bomb);
        });
        using var fetcher = new HttpFetcher(TestFetchers.Private());

        var error = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(server.Url("/bomb"), FetchRequest.Feed));

        Assert.Equal(FetchErrorKind.TooLarge, error.Kind);
    }

    [Fact]
    public async Task A_server_trickling_one_byte_a_second_hits_the_total_timeout()
    {
        await using var server = await LocalServer.StartAsync(async c =>
        {
            c.Response.ContentType = "application/rss+xml";
            for (var i = 0; i < 60 && !c.RequestAborted.IsCancellationRequested; i++)
            {
                await c.Response.Body.WriteAsync("<"u8.ToArray());
                await c.Response.Body.FlushAsync();
                await Task.Delay(1000, CancellationToken.None);
            }
        });
        using var fetcher = new HttpFetcher(TestFetchers.Private() with { TotalTimeout = TimeSpan.FromSeconds(2) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(server.Url("/slow"), FetchRequest.Feed));

        Assert.Equal(FetchErrorKind.Timeout, error.Kind);
        Assert.Equal("The server took too long to answer.", error.Message);
        // The server trickles for a minute: an answer long before that is the timeout's doing.
        Assert.True(clock.Elapsed < Catastrophe, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_connection_that_never_opens_hits_the_connect_timeout()
    {
        using var fetcher = new HttpFetcher(TestFetchers.Private() with
        {
            ConnectTimeout = TimeSpan.FromMilliseconds(300),
            Dialer = async (_, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                throw new InvalidOperationException("unreachable");
            },
        });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            fetcher.FetchAsync(new Uri("http://127.0.0.1:9/feed"), FetchRequest.Feed));

        // The dialler never returns: only the connect timeout can end this.
        Assert.Equal(FetchErrorKind.Timeout, error.Kind);
        Assert.True(clock.Elapsed < Catastrophe, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_reported_as_a_timeout()
    {
        await using var server = await LocalServer.StartAsync(c => Task.Delay(5000, c.RequestAborted));
        using var fetcher = new HttpFetcher(TestFetchers.Private());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            fetcher.FetchAsync(server.Url("/slow"), FetchRequest.Feed, cancel.Token));
    }

    [Fact]
    public async Task A_redirect_from_a_public_name_to_loopback_is_refused()
    {
        LocalServer? self = null;
        await using var server = self = await LocalServer.StartAsync(c =>
        {
            if (c.Request.Path == "/secret")
            {
                return c.Response.WriteAsync("internal data");
            }

            c.Response.StatusCode = 302;
            c.Response.Headers.Location = $"http://127.0.0.1:{self!.Port}/secret";
            return Task.CompletedTask;
        });
        using var fetcher = new HttpFetcher(TestFetchers.Guarded(server));

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            fetcher.FetchAsync(new Uri($"http://public.example:{server.Port}/feed"), FetchRequest.Feed));

        Assert.Equal(FetchErrorKind.RefusedAddress, error.Kind);
        Assert.Equal(["/feed"], server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task A_name_resolving_to_a_private_address_is_refused_without_connecting()
    {
        await using var server = await LocalServer.StartAsync(c => c.Response.WriteAsync("internal data"));
        var dialled = new ConcurrentQueue<IPEndPoint>();
        var names = new Dictionary<string, IPAddress[]> { ["intranet.example"] = [IPAddress.Parse("10.0.0.1")] };
        using var fetcher = new HttpFetcher(TestFetchers.Guarded(server, names, dialled));

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            fetcher.FetchAsync(new Uri("http://intranet.example/feed"), FetchRequest.Feed));

        Assert.Equal(FetchErrorKind.RefusedAddress, error.Kind);
        Assert.Empty(dialled);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("::1")]
    public async Task A_name_resolving_to_a_public_and_a_private_address_is_refused_without_connecting(string privateAddress)
    {
        await using var server = await LocalServer.StartAsync(c => c.Response.WriteAsync("internal data"));
        var dialled = new ConcurrentQueue<IPEndPoint>();
        var names = new Dictionary<string, IPAddress[]>
        {
            // Public first: a guard that looked at the first address only would connect.
            ["mixed.example"] = [TestFetchers.PublicStandIn, IPAddress.Parse(privateAddress)],
            ["reversed.example"] = [IPAddress.Parse(privateAddress), TestFetchers.PublicStandIn],
        };
        using var fetcher = new HttpFetcher(TestFetchers.Guarded(server, names, dialled));

        foreach (var name in names.Keys)
        {
            var error = await Assert.ThrowsAsync<FetchException>(() =>
                fetcher.FetchAsync(new Uri($"http://{name}:{server.Port}/feed"), FetchRequest.Feed));
            Assert.Equal(FetchErrorKind.RefusedAddress, error.Kind);
        }

        Assert.Empty(dialled);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_name_with_a_trailing_dot_is_resolved_and_judged_as_the_same_name()
    {
        await using var server = await LocalServer.StartAsync(c => c.Response.WriteAsync("internal data"));
        var dialled = new ConcurrentQueue<IPEndPoint>();
        var resolved = new ConcurrentQueue<string>();
        var names = new Dictionary<string, IPAddress[]> { ["localhost"] = [IPAddress.Loopback] };
        using var fetcher = new HttpFetcher(TestFetchers.Guarded(server, names, dialled, resolved));

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            fetcher.FetchAsync(new Uri($"http://localhost.:{server.Port}/feed"), FetchRequest.Feed));

        Assert.Equal(FetchErrorKind.RefusedAddress, error.Kind);
        Assert.Equal(["localhost"], resolved);
        Assert.Empty(dialled);
    }

    [Theory]
    [InlineData("http://127.0.0.1./")]
    [InlineData("http://169.254.169.254./latest/meta-data/")]
    [InlineData("http://[::ffff:0:a9fe:a9fe]/latest/meta-data/")]
    [InlineData("http://[::ffff:0:7f00:1]/")]
    [InlineData("http://192.88.99.1/")]
    public async Task Literal_private_addresses_in_other_spellings_are_refused_without_resolving(string url)
    {
        await using var server = await LocalServer.StartAsync(c => c.Response.WriteAsync("internal data"));
        var dialled = new ConcurrentQueue<IPEndPoint>();
        var resolved = new ConcurrentQueue<string>();
        using var fetcher = new HttpFetcher(TestFetchers.Guarded(server, dialled: dialled, resolved: resolved));

        var error = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(new Uri(url), FetchRequest.Feed));

        Assert.Equal(FetchErrorKind.RefusedAddress, error.Kind);
        Assert.Empty(resolved);
        Assert.Empty(dialled);
    }

    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f.1/")]
    public async Task Literal_private_addresses_are_refused_without_connecting(string url)
    {
        await using var server = await LocalServer.StartAsync(c => c.Response.WriteAsync("internal data"));
        var dialled = new ConcurrentQueue<IPEndPoint>();
        using var fetcher = new HttpFetcher(TestFetchers.Guarded(server, dialled: dialled));

        var error = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchAsync(new Uri(url), FetchRequest.Feed));

        Assert.Equal(FetchErrorKind.RefusedAddress, error.Kind);
        Assert.Empty(dialled);
    }

    [Fact]
    public async Task A_public_name_is_fetched_through_the_guard()
    {
        await using var server = await LocalServer.StartAsync(c => c.Response.WriteAsync("<rss/>"));
        var dialled = new ConcurrentQueue<IPEndPoint>();
        using var fetcher = new HttpFetcher(TestFetchers.Guarded(server, dialled: dialled));

        var result = await fetcher.FetchAsync(new Uri($"http://public.example:{server.Port}/feed"), FetchRequest.Feed);

        Assert.Equal("<rss/>", result.Text);
        Assert.Equal(new IPEndPoint(TestFetchers.PublicStandIn, server.Port), Assert.Single(dialled));
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_a_dns_error()
    {
        using var fetcher = new HttpFetcher(TestFetchers.Private() with
        {
            Resolver = (_, _) => throw new SocketException((int)SocketError.HostNotFound),
        });

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            fetcher.FetchAsync(new Uri("http://nowhere.example/feed"), FetchRequest.Feed));

        Assert.Equal(FetchErrorKind.Dns, error.Kind);
    }

    [Fact]
    public async Task A_closed_port_is_a_connection_error()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var fetcher = new HttpFetcher(TestFetchers.Private());

        var error = await Assert.ThrowsAsync<FetchException>(() =>
            fetcher.FetchAsync(new Uri($"http://127.0.0.1:{port}/feed"), FetchRequest.Feed));

        Assert.Equal(FetchErrorKind.Connection, error.Kind);
    }

    private static async Task Stream(HttpContext context, long size)
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        try
        {
            for (long sent = 0; sent < size; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client hung up, as it should.
        }
    }

    private static byte[] GzipOfZeros(int size)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            var zeros = new byte[MB];
            for (var written = 0; written < size; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        return output.ToArray();
    }
}
