using System.Text;
using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>Builders for small documents, so each test shows only what it is about.</summary>
internal static class Feeds
{
    public static ParsedFeed Parse(string text, Uri? feedUrl = null, string? charset = null) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(text), new FeedParseOptions { FeedUrl = feedUrl, HttpCharset = charset });

    public static string Rss(string channel) => $"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>{channel}</channel></rss>";

    public static string Atom(string feed) => $"<feed xmlns=\"http://www.w3.org/2005/Atom\">{feed}</feed>";
}

public sealed class FeedParserTests
{
    [Fact]
    public void Format_is_recognised_by_content()
    {
        Assert.Equal(FeedFormat.Rss2, Feeds.Parse(Feeds.Rss("")).Format);
        Assert.Equal(FeedFormat.Rss09x, Feeds.Parse("<rss version=\"0.91\"><channel/></rss>").Format);
        Assert.Equal(FeedFormat.Rss1, Feeds.Parse("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel/></rdf:RDF>").Format);
        Assert.Equal(FeedFormat.Atom1, Feeds.Parse(Feeds.Atom("")).Format);
        Assert.Equal(FeedFormat.Atom03, Feeds.Parse("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"/>").Format);
        Assert.Equal(FeedFormat.Json1, Feeds.Parse("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[]}").Format);
    }

    [Fact]
    public void Rss_author_with_email_and_name_gives_the_name()
    {
        var feed = Feeds.Parse(Feeds.Rss("<item><author>jo@example.org (Jo Doe)</author></item>"));
        Assert.Equal("Jo Doe", feed.Entries[0].Author);
    }

    [Fact]
    public void Titles_are_plain_text()
    {
        var feed = Feeds.Parse(Feeds.Rss("<title>  Fish &amp;amp; Chips\n  <![CDATA[<b>today</b>]]> </title>"));
        Assert.Equal("Fish & Chips today", feed.Title);
    }

    [Fact]
    public void Guid_that_is_a_permalink_stands_in_for_a_missing_link()
    {
        var feed = Feeds.Parse(Feeds.Rss("<item><guid>https://example.org/post/1</guid></item>"));
        Assert.Equal("https://example.org/post/1", feed.Entries[0].Link);
    }

    [Fact]
    public void Guid_marked_not_permalink_is_never_a_link()
    {
        var feed = Feeds.Parse(Feeds.Rss("<item><guid isPermaLink=\"false\">https://example.org/post/1</guid></item>"));
        Assert.Null(feed.Entries[0].Link);
    }

    [Fact]
    public void Dublin_core_fills_what_rss_lacks()
    {
        var feed = Feeds.Parse("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><item>" +
                               "<dc:creator>Ann</dc:creator><dc:date>2020-01-02T03:04:05Z</dc:date></item></channel></rss>");
        Assert.Equal("Ann", feed.Entries[0].Author);
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero), feed.Entries[0].Published);
    }

    [Fact]
    public void Enclosures_keep_url_type_and_length()
    {
        var feed = Feeds.Parse(Feeds.Rss("<item><enclosure url=\"https://example.org/a.mp3\" type=\"audio/mpeg\" length=\"123\"/></item>"));
        Assert.Equal(new ParsedEnclosure("https://example.org/a.mp3", "audio/mpeg", 123), feed.Entries[0].Enclosures[0]);
    }

    [Fact]
    public void Json_writer_prints_the_corpus_shape()
    {
        var feed = Feeds.Parse(Feeds.Rss("<title>T</title><item><title>I</title><pubDate>Sun, 06 Jul 2014 12:56:00 GMT</pubDate><category>a</category></item>"));
        Assert.Equal("{\"format\":\"rss2\",\"feed\":{\"title\":\"T\"},\"entries\":[{\"title\":\"I\",\"published\":\"2014-07-06T12:56:00Z\",\"categories\":[\"a\"]}]}",
            FeedJson.ToJson(feed));
    }

    [Fact]
    public void Atom_feed_categories_are_the_feed_categories()
    {
        var feed = Feeds.Parse(Feeds.Atom("<category term=\"science\"/><category label=\"Space\"/>"));
        Assert.Equal(["science", "Space"], feed.Categories);
    }
}
