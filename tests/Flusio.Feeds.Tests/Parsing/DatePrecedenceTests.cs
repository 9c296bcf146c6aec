using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>Which date wins when a feed or an entry gives several: the first of the best kind.</summary>
public sealed class DatePrecedenceTests
{
    private const string DublinCore = "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\"";

    private static string? Utc(DateTimeOffset? date) => date is { } d ? FeedJson.FormatDate(d) : null;

    [Fact]
    public void The_first_of_several_rss_item_dates_wins()
    {
        var entry = Feeds.Parse(Feeds.Rss("<item><pubDate>Sun, 06 Jul 2014 12:56:00 GMT</pubDate><pubDate>Mon, 07 Jul 2014 12:56:00 GMT</pubDate></item>")).Entries[0];
        Assert.Equal("2014-07-06T12:56:00Z", Utc(entry.Published));
    }

    [Fact]
    public void The_first_of_several_channel_dates_wins()
    {
        var feed = Feeds.Parse(Feeds.Rss("<lastBuildDate>Sun, 06 Jul 2014 12:56:00 GMT</lastBuildDate><lastBuildDate>Mon, 07 Jul 2014 12:56:00 GMT</lastBuildDate>"));
        Assert.Equal("2014-07-06T12:56:00Z", Utc(feed.Updated));
    }

    [Fact]
    public void The_first_of_several_atom_dates_wins()
    {
        var feed = Feeds.Parse(Feeds.Atom("<updated>2014-07-06T12:56:00Z</updated><updated>2014-07-07T12:56:00Z</updated>"
                                          + "<entry><published>2014-07-01T00:00:00Z</published><published>2014-07-02T00:00:00Z</published>"
                                          + "<updated>2014-07-03T00:00:00Z</updated><modified>2014-07-04T00:00:00Z</modified></entry>"));

        Assert.Equal("2014-07-06T12:56:00Z", Utc(feed.Updated));
        Assert.Equal("2014-07-01T00:00:00Z", Utc(feed.Entries[0].Published));
        Assert.Equal("2014-07-03T00:00:00Z", Utc(feed.Entries[0].Updated));
    }

    [Fact]
    public void The_first_of_several_json_feed_dates_wins()
    {
        var feed = Feeds.Parse("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\","
                               + "\"date_published\":\"2014-07-01T00:00:00Z\",\"date_published\":\"2014-07-02T00:00:00Z\","
                               + "\"date_modified\":\"2014-07-03T00:00:00Z\",\"date_modified\":\"2014-07-04T00:00:00Z\"}]}");

        Assert.Equal("2014-07-01T00:00:00Z", Utc(feed.Entries[0].Published));
        Assert.Equal("2014-07-03T00:00:00Z", Utc(feed.Entries[0].Updated));
    }

    [Fact]
    public void A_date_that_does_not_parse_gives_way_to_the_next()
    {
        var entry = Feeds.Parse(Feeds.Rss("<item><pubDate>soon</pubDate><pubDate>Mon, 07 Jul 2014 12:56:00 GMT</pubDate></item>")).Entries[0];
        Assert.Equal("2014-07-07T12:56:00Z", Utc(entry.Published));
    }

    [Fact]
    public void The_format_own_date_wins_over_an_earlier_fallback()
    {
        var entry = Feeds.Parse($"<rss version=\"2.0\" {DublinCore}><channel><item><dc:date>2014-07-01T00:00:00Z</dc:date>"
                                + "<pubDate>Sun, 06 Jul 2014 12:56:00 GMT</pubDate></item></channel></rss>").Entries[0];
        Assert.Equal("2014-07-06T12:56:00Z", Utc(entry.Published));
    }

    [Fact]
    public void Dcterms_dates_date_an_rss_item()
    {
        var entry = Feeds.Parse($"<rss version=\"2.0\" {DublinCore}><channel><item><dcterms:created>2014-07-01T00:00:00Z</dcterms:created>"
                                + "<dcterms:modified>2014-07-05T00:00:00Z</dcterms:modified></item></channel></rss>").Entries[0];

        Assert.Equal("2014-07-01T00:00:00Z", Utc(entry.Published));
        Assert.Equal("2014-07-05T00:00:00Z", Utc(entry.Updated));
    }

    [Fact]
    public void Dcterms_issued_wins_over_created_and_dc_date_for_the_publication()
    {
        var entry = Feeds.Parse($"<rss version=\"2.0\" {DublinCore}><channel><item><dcterms:created>2014-07-01T00:00:00Z</dcterms:created>"
                                + "<dc:date>2014-07-02T00:00:00Z</dc:date><dcterms:issued>2014-07-03T00:00:00Z</dcterms:issued></item></channel></rss>").Entries[0];

        Assert.Equal("2014-07-03T00:00:00Z", Utc(entry.Published));
        Assert.Equal("2014-07-02T00:00:00Z", Utc(entry.Updated));
    }

    [Fact]
    public void Dcterms_modified_wins_over_dc_date_for_the_update_but_not_over_atom()
    {
        var rss = Feeds.Parse($"<rss version=\"2.0\" {DublinCore}><channel><item><dc:date>2014-07-02T00:00:00Z</dc:date>"
                              + "<dcterms:modified>2014-07-05T00:00:00Z</dcterms:modified></item></channel></rss>").Entries[0];
        var atom = Feeds.Parse($"<feed xmlns=\"http://www.w3.org/2005/Atom\" {DublinCore}><entry><dcterms:modified>2014-07-05T00:00:00Z</dcterms:modified>"
                               + "<updated>2014-07-06T00:00:00Z</updated><dcterms:issued>2014-07-01T00:00:00Z</dcterms:issued></entry></feed>").Entries[0];

        Assert.Equal("2014-07-05T00:00:00Z", Utc(rss.Updated));
        Assert.Equal("2014-07-02T00:00:00Z", Utc(rss.Published));
        Assert.Equal("2014-07-06T00:00:00Z", Utc(atom.Updated));
        Assert.Equal("2014-07-01T00:00:00Z", Utc(atom.Published));
    }

    [Fact]
    public void Dcterms_modified_dates_a_channel_after_its_last_build_date()
    {
        var modifiedOnly = Feeds.Parse($"<rss version=\"2.0\" {DublinCore}><channel><dc:date>2014-07-02T00:00:00Z</dc:date>"
                                       + "<dcterms:modified>2014-07-05T00:00:00Z</dcterms:modified></channel></rss>");
        var both = Feeds.Parse($"<rss version=\"2.0\" {DublinCore}><channel><dcterms:modified>2014-07-05T00:00:00Z</dcterms:modified>"
                               + "<lastBuildDate>Sun, 06 Jul 2014 12:56:00 GMT</lastBuildDate></channel></rss>");
        var atom = Feeds.Parse($"<feed xmlns=\"http://www.w3.org/2005/Atom\" {DublinCore}><dcterms:modified>2014-07-05T00:00:00Z</dcterms:modified></feed>");

        Assert.Equal("2014-07-05T00:00:00Z", Utc(modifiedOnly.Updated));
        Assert.Equal("2014-07-06T12:56:00Z", Utc(both.Updated));
        Assert.Equal("2014-07-05T00:00:00Z", Utc(atom.Updated));
    }
}
