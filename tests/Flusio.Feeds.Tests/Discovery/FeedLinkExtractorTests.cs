using Flusio.Feeds.Discovery;

namespace Flusio.Feeds.Tests.Discovery;

public class FeedLinkExtractorTests
{
    private static readonly Uri Page = new("https://blog.example/posts/hello.html");

    [Fact]
    public void Alternate_links_of_every_feed_type_are_found_with_titles_and_types()
    {
        const string html = """
            <html><head>
            <link rel="alternate" type="application/rss+xml" title="Blog (RSS)" href="https://blog.example/rss.xml">
            <link rel="alternate" type="application/atom+xml" title="Blog (Atom)" href="/atom.xml">
            <link rel="alternate" type="application/feed+json" title="Blog (JSON)" href="feed.json">
            <link rel="alternate" type="application/rdf+xml" href="/index.rdf">
            </head><body></body></html>
            """;

        var feeds = FeedLinkExtractor.Extract(html, Page);

        Assert.Equal(
            [
                new FeedCandidate(new Uri("https://blog.example/rss.xml"), "Blog (RSS)", FeedType.Rss),
                new FeedCandidate(new Uri("https://blog.example/atom.xml"), "Blog (Atom)", FeedType.Atom),
                new FeedCandidate(new Uri("https://blog.example/posts/feed.json"), "Blog (JSON)", FeedType.JsonFeed),
                new FeedCandidate(new Uri("https://blog.example/index.rdf"), null, FeedType.Rdf),
            ],
            feeds);
    }

    [Fact]
    public void Relative_hrefs_follow_the_base_element()
    {
        const string html = """<head><base href="https://cdn.example/site/"><link rel="alternate" type="application/rss+xml" href="feed.xml"></head>""";

        Assert.Equal(new Uri("https://cdn.example/site/feed.xml"), Assert.Single(FeedLinkExtractor.Extract(html, Page)).Url);
    }

    [Fact]
    public void Comment_feeds_come_after_the_main_feed_and_duplicates_are_dropped()
    {
        const string html = """
            <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/">
            <link rel="alternate" type="application/rss+xml" title="Main" href="/feed/">
            <link rel="alternate" type="application/rss+xml" title="Again" href="https://blog.example/feed/#top">
            """;

        var feeds = FeedLinkExtractor.Extract(html, Page);

        Assert.Equal(["Main", "Comments"], feeds.Select(f => f.Title));
    }

    [Fact]
    public void Json_links_that_are_not_feeds_are_ignored()
    {
        const string html = """
            <link rel="alternate" type="application/json" href="https://blog.example/wp-json/wp/v2/posts/12">
            <link rel="alternate" type="application/json+oembed" href="https://blog.example/oembed?url=x">
            <link rel="stylesheet" type="text/css" href="/style.css">
            <link rel="alternate" hreflang="fr" href="/fr/">
            """;

        Assert.Empty(FeedLinkExtractor.Extract(html, Page));
    }

    [Fact]
    public void Feed_looking_anchors_are_the_fallback_when_no_alternate_is_announced()
    {
        const string html = """
            <body>
            <a href="/feedback">Feedback</a>
            <a href="/about">About</a>
            <a href="/blog/feed/">Subscribe</a>
            <a href="https://blog.example/atom.xml" title="Atom feed">Atom</a>
            <a href="posts.rss">  RSS
              of posts </a>
            <a href="/?feed=rss2">WordPress feed</a>
            <a href="javascript:void(0)">rss</a>
            <a href="/sitemap.xml">Sitemap</a>
            </body>
            """;

        var feeds = FeedLinkExtractor.Extract(html, Page);

        Assert.Equal(
            [
                new FeedCandidate(new Uri("https://blog.example/blog/feed/"), "Subscribe", FeedType.Unknown),
                new FeedCandidate(new Uri("https://blog.example/atom.xml"), "Atom feed", FeedType.Atom),
                new FeedCandidate(new Uri("https://blog.example/posts/posts.rss"), "RSS of posts", FeedType.Rss),
                new FeedCandidate(new Uri("https://blog.example/?feed=rss2"), "WordPress feed", FeedType.Rss),
            ],
            feeds);
    }

    [Fact]
    public void Anchors_are_ignored_when_the_page_announces_a_feed()
    {
        const string html = """<head><link rel="alternate" type="application/atom+xml" href="/atom"></head><body><a href="/rss.xml">RSS</a></body>""";

        Assert.Equal(new Uri("https://blog.example/atom"), Assert.Single(FeedLinkExtractor.Extract(html, Page)).Url);
    }
}
