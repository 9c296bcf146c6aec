using System.Text;
using Flusio.Feeds.Discovery;

namespace Flusio.Feeds.Tests.Discovery;

public class FeedSnifferTests
{
    private static FeedSniffer.Sniffed? Sniff(string text) => FeedSniffer.Sniff(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title><item><title>x</title></item></channel></rss>", FeedType.Rss, "News")]
    [InlineData("\n\n  <?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title> Atom site </title></feed>", FeedType.Atom, "Atom site")]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel><title>RDF</title></channel></rdf:RDF>", FeedType.Rdf, "RDF")]
    [InlineData("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Jason\",\"items\":[]}", FeedType.JsonFeed, "Jason")]
    [InlineData("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\"><rss version=\"0.91\"><channel><title>Old</title></channel></rss>", FeedType.Rss, "Old")]
    [InlineData("<rss><channel><title>Caf&eacute;</title></channel></rss>", FeedType.Rss, null)]
    [InlineData("<rss><channel><item><title>Only items</title></item></channel></rss>", FeedType.Rss, null)]
    public void Feeds_are_recognised_with_their_title(string body, FeedType type, string? title) =>
        Assert.Equal(new FeedSniffer.Sniffed(type, title), Sniff(body));

    [Theory]
    [InlineData("<!doctype html><html><head><title>Page</title></head></html>")]
    [InlineData("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"></urlset>")]
    [InlineData("{\"version\":\"1\",\"title\":\"Not a feed\"}")]
    [InlineData("{broken json")]
    [InlineData("")]
    [InlineData("plain text")]
    public void Other_documents_are_not_feeds(string body) => Assert.Null(Sniff(body));

    [Fact]
    public void A_deeply_nested_feed_is_sniffed_without_reading_it_all()
    {
        var body = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel>" + string.Concat(Enumerable.Repeat("<a>", 3_000_000)));
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(new FeedSniffer.Sniffed(FeedType.Rss, null), FeedSniffer.Sniff(body));

        // Neither a copy of the body nor a record per level: the title is looked for near the root only.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1024 * 1024);
    }
}
