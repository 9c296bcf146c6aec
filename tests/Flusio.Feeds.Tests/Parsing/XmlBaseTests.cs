namespace Flusio.Feeds.Tests.Parsing;

public sealed class XmlBaseTests
{
    [Fact]
    public void Relative_links_resolve_against_the_feed_url()
    {
        var feed = Feeds.Parse(Feeds.Rss("<link>/</link><item><link>post/1</link></item>"), new Uri("https://example.org/blog/feed.xml"));
        Assert.Equal("https://example.org/", feed.Link);
        Assert.Equal("https://example.org/blog/post/1", feed.Entries[0].Link);
    }

    [Fact]
    public void Xml_base_nests_per_element()
    {
        var feed = Feeds.Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.org/a/">
              <entry xml:base="b/">
                <link href="c.html"/>
                <content type="html" xml:base="/other/">&lt;a href="d.html"&gt;d&lt;/a&gt;</content>
              </entry>
              <entry><link href="e.html"/></entry>
            </feed>
            """);
        Assert.Equal("https://example.org/a/b/c.html", feed.Entries[0].Link);
        Assert.Equal("<a href=\"https://example.org/other/d.html\">d</a>", feed.Entries[0].Content);
        Assert.Equal("https://example.org/a/e.html", feed.Entries[1].Link);
    }

    [Fact]
    public void Xml_base_wins_over_the_feed_url()
    {
        var feed = Feeds.Parse(Feeds.Atom("<link href=\"x\" xml:base=\"https://cdn.example.net/\"/>"), new Uri("https://example.org/feed"));
        Assert.Equal("https://cdn.example.net/x", feed.Link);
    }

    [Fact]
    public void Absolute_urls_are_kept_as_written() =>
        Assert.Equal("http://example.org", Feeds.Parse(Feeds.Rss("<link>http://example.org</link>"), new Uri("https://other.example/")).Link);
}
