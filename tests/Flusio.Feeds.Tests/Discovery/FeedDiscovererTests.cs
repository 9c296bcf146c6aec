using Flusio.Feeds.Discovery;
using Flusio.Feeds.Fetching;
using Flusio.Feeds.Tests.Fetching;
using Microsoft.AspNetCore.Http;

namespace Flusio.Feeds.Tests.Discovery;

public class FeedDiscovererTests
{
    private const string Rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>The Blog</title></channel></rss>""";
    private const string Atom = """<feed xmlns="http://www.w3.org/2005/Atom"><title>The Atom</title></feed>""";

    private static async Task<IReadOnlyList<FeedCandidate>> Discover(LocalServer server, string path)
    {
        using var fetcher = new HttpFetcher(TestFetchers.Private());
        return await new FeedDiscoverer(fetcher).DiscoverAsync(server.Url(path));
    }

    private static Task Serve(HttpContext context, string contentType, string body)
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body);
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    private static string[] Paths(LocalServer server) => server.Requests.Select(r => r.PathAndQuery).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task A_feed_url_is_returned_as_is_with_its_title()
    {
        await using var server = await LocalServer.StartAsync(c => Serve(c, "text/xml", "\n  " + Rss));

        var feed = Assert.Single(await Discover(server, "/feed"));

        Assert.Equal(new FeedCandidate(server.Url("/feed"), "The Blog", FeedType.Rss), feed);
        Assert.Equal(["/feed"], Paths(server));
    }

    [Fact]
    public async Task A_json_feed_is_recognised_whatever_its_content_type()
    {
        await using var server = await LocalServer.StartAsync(c =>
            Serve(c, "text/plain", """{"version":"https://jsonfeed.org/version/1","title":"Jason","items":[]}"""));

        Assert.Equal(FeedType.JsonFeed, Assert.Single(await Discover(server, "/feed.json")).Type);
    }

    [Fact]
    public async Task Announced_feeds_are_returned_without_probing_anything()
    {
        await using var server = await LocalServer.StartAsync(c => Serve(c, "text/html; charset=utf-8", """
            <html><head><title>My site</title>
            <link rel="alternate" type="application/atom+xml" href="/atom.xml">
            <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed">
            </head><body><a href="/rss.xml">RSS</a></body></html>
            """));

        var feeds = await Discover(server, "/blog/");

        Assert.Equal(
            [
                new FeedCandidate(server.Url("/atom.xml"), "My site", FeedType.Atom),
                new FeedCandidate(server.Url("/comments/feed"), "Comments", FeedType.Rss),
            ],
            feeds);
        Assert.Equal(["/blog/"], Paths(server));
    }

    [Fact]
    public async Task Feed_looking_links_are_probed_and_kept_only_when_they_are_feeds()
    {
        await using var server = await LocalServer.StartAsync(c => c.Request.Path.Value switch
        {
            "/" => Serve(c, "text/html", """<a href="/feed/">Subscribe</a> <a href="/rss.xml">RSS</a> <a href="/about">About</a>"""),
            "/feed/" => Serve(c, "application/rss+xml", Rss),
            _ => NotFound(c),
        });

        var feeds = await Discover(server, "/");

        Assert.Equal([new FeedCandidate(server.Url("/feed/"), "The Blog", FeedType.Rss)], feeds);
        Assert.Equal(["/", "/feed/", "/rss.xml"], Paths(server));
    }

    [Fact]
    public async Task Well_known_paths_are_probed_only_when_the_page_shows_nothing()
    {
        await using var server = await LocalServer.StartAsync(c => c.Request.Path.Value switch
        {
            "/blog/page" => Serve(c, "text/html", "<html><head><title>Quiet</title></head><body>No feed here.</body></html>"),
            "/atom.xml" => Serve(c, "application/atom+xml", Atom),
            "/index.xml" => Serve(c, "text/html", "<html>not a feed</html>"),
            _ => NotFound(c),
        });

        var feeds = await Discover(server, "/blog/page");

        Assert.Equal([new FeedCandidate(server.Url("/atom.xml"), "The Atom", FeedType.Atom)], feeds);
        Assert.Equal(["/atom.xml", "/blog/page", "/feed", "/feed.xml", "/index.xml", "/rss", "/rss.xml"], Paths(server));
    }

    [Fact]
    public async Task Well_known_paths_leading_to_the_same_feed_count_once()
    {
        await using var server = await LocalServer.StartAsync(c => c.Request.Path.Value switch
        {
            "/" => Serve(c, "text/html", "<p>Nothing</p>"),
            "/feed" => Serve(c, "application/rss+xml", Rss),
            "/rss" or "/rss.xml" => Redirect(c, "/feed"),
            _ => NotFound(c),
        });

        var feeds = await Discover(server, "/");

        Assert.Equal([new FeedCandidate(server.Url("/feed"), "The Blog", FeedType.Rss)], feeds);
    }

    [Fact]
    public async Task A_youtube_channel_url_maps_to_its_feed_without_fetching()
    {
        var discoverer = new FeedDiscoverer(new RefusingFetcher());

        var feeds = await discoverer.DiscoverAsync(new Uri("https://www.youtube.com/channel/UCXuqSBlHAE6Xw-yeJA0Tunw"));

        Assert.Equal(new Uri("https://www.youtube.com/feeds/videos.xml?channel_id=UCXuqSBlHAE6Xw-yeJA0Tunw"), Assert.Single(feeds).Url);
    }

    [Fact]
    public async Task A_youtube_handle_page_gives_its_channel_feed()
    {
        await using var server = await LocalServer.StartAsync(c => Serve(c, "text/html", """
            <html><head><title>Someone - YouTube</title>
            <link rel="canonical" href="https://www.youtube.com/channel/UCXuqSBlHAE6Xw-yeJA0Tunw">
            </head><body></body></html>
            """));
        using var fetcher = new HttpFetcher(TestFetchers.Private());

        // The test resolver sends every name to the loopback server.
        var feeds = await new FeedDiscoverer(fetcher).DiscoverAsync(new Uri($"http://www.youtube.com:{server.Port}/@someone"));

        Assert.Equal(
            [new FeedCandidate(new Uri("https://www.youtube.com/feeds/videos.xml?channel_id=UCXuqSBlHAE6Xw-yeJA0Tunw"), "Someone - YouTube", FeedType.Atom)],
            feeds);
    }

    [Fact]
    public async Task A_failing_page_is_a_typed_error()
    {
        await using var server = await LocalServer.StartAsync(NotFound);

        var error = await Assert.ThrowsAsync<FetchException>(() => Discover(server, "/gone"));

        Assert.Equal(404, error.StatusCode);
    }

    private static Task Redirect(HttpContext context, string location)
    {
        context.Response.StatusCode = 301;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    private sealed class RefusingFetcher : IHttpFetcher
    {
        public Task<FetchResult> FetchAsync(Uri url, FetchRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"no fetch expected, got {url}");
    }
}
