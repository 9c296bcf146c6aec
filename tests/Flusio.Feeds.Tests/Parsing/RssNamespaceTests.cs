using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>RSS has no namespace, yet feeds put it in one: each form is read like plain RSS.</summary>
public sealed class RssNamespaceTests
{
    private const string Channel = "<channel><title>T</title><link>https://example.org/</link><description>About</description>"
                                   + "<item><title>I</title><description>Text</description><pubDate>Sun, 06 Jul 2014 12:56:00 GMT</pubDate></item></channel>";

    [Theory]
    [InlineData("http://backend.userland.com/rss2")]
    [InlineData("http://blogs.law.harvard.edu/tech/rss")]
    [InlineData("urn:example:made-up")]
    public void Rss_in_a_default_namespace_is_read_like_plain_rss(string ns)
    {
        var feed = Feeds.Parse($"<rss version=\"2.0\" xmlns=\"{ns}\">{Channel}</rss>");

        Assert.Equal(FeedFormat.Rss2, feed.Format);
        AssertRead(feed);
    }

    [Fact]
    public void A_default_namespace_declared_on_the_channel_is_read_like_plain_rss()
    {
        AssertRead(Feeds.Parse($"<rss version=\"2.0\">{Channel.Replace("<channel>", "<channel xmlns=\"urn:example:channel\">", StringComparison.Ordinal)}</rss>"));
    }

    [Fact]
    public void A_default_namespace_declared_on_an_item_is_read_like_plain_rss()
    {
        var feed = Feeds.Parse(Feeds.Rss("<item xmlns=\"urn:example:item\"><title>I</title><description>Text</description></item>"));

        Assert.Equal("I", feed.Entries[0].Title);
        Assert.Equal("Text", feed.Entries[0].Summary);
    }

    [Fact]
    public void A_prefixed_element_of_an_unknown_namespace_is_not_rss()
    {
        var feed = Feeds.Parse("<rss version=\"2.0\" xmlns:x=\"urn:example:other\"><channel><x:title>Not this</x:title>"
                               + "<item><x:description>Nor this</x:description></item></channel></rss>");

        Assert.Null(feed.Title);
        Assert.Null(feed.Entries[0].Summary);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://purl.org/rss/1.0/")]
    [InlineData("http://my.netscape.com/rdf/simple/0.9/")]
    [InlineData("http://backend.userland.com/rss2")]
    public void Description_is_read_in_every_namespace_feeds_give_it(string ns)
    {
        var declaration = ns.Length == 0 ? "" : $" xmlns:r=\"{ns}\"";
        var name = ns.Length == 0 ? "description" : "r:description";
        var feed = Feeds.Parse($"<rss version=\"2.0\"{declaration}><channel><{name}>About</{name}><item><{name}>Text</{name}></item></channel></rss>");

        Assert.Equal("About", feed.Description);
        Assert.Equal("Text", feed.Entries[0].Summary);
    }

    [Theory]
    [InlineData("http://purl.org/rss/1.0/", FeedFormat.Rss1)]
    [InlineData("http://my.netscape.com/rdf/simple/0.9/", FeedFormat.Rss09x)]
    public void Rdf_in_its_default_namespace_is_read(string ns, FeedFormat format)
    {
        var feed = Feeds.Parse($"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"{ns}\">{Channel.Replace("<item>", "</channel><item>", StringComparison.Ordinal).Replace("</item></channel>", "</item>", StringComparison.Ordinal)}</rdf:RDF>");

        Assert.Equal(format, feed.Format);
        AssertRead(feed);
    }

    private static void AssertRead(ParsedFeed feed)
    {
        Assert.Equal("T", feed.Title);
        Assert.Equal("https://example.org/", feed.Link);
        Assert.Equal("About", feed.Description);
        var entry = Assert.Single(feed.Entries);
        Assert.Equal("I", entry.Title);
        Assert.Equal("Text", entry.Summary);
        Assert.Equal(new DateTimeOffset(2014, 7, 6, 12, 56, 0, TimeSpan.Zero), entry.Published);
    }
}
