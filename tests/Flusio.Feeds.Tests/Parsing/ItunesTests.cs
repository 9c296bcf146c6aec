namespace Flusio.Feeds.Tests.Parsing;

/// <summary>A podcast's iTunes elements fill what its RSS leaves empty.</summary>
public sealed class ItunesTests
{
    private static string Podcast(string channel) =>
        $"<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel>{channel}</channel></rss>";

    [Fact]
    public void Itunes_image_is_the_feed_image_when_rss_has_none()
    {
        var feed = Feeds.Parse(Podcast("<itunes:image href=\"art.jpg\"/>"), new Uri("https://example.org/feed.xml"));
        Assert.Equal("https://example.org/art.jpg", feed.Image);
    }

    [Fact]
    public void Rss_image_wins_over_itunes_image()
    {
        var feed = Feeds.Parse(Podcast("<itunes:image href=\"https://example.org/art.jpg\"/><image><url>https://example.org/logo.png</url></image>"));
        Assert.Equal("https://example.org/logo.png", feed.Image);
    }

    [Fact]
    public void Itunes_summary_then_subtitle_describe_the_channel_when_rss_does_not()
    {
        var both = Feeds.Parse(Podcast("<itunes:subtitle>Short</itunes:subtitle><itunes:summary>Long</itunes:summary>"));
        var subtitle = Feeds.Parse(Podcast("<itunes:subtitle>Short</itunes:subtitle>"));
        var rss = Feeds.Parse(Podcast("<itunes:summary>Long</itunes:summary><description>Own</description>"));

        Assert.Equal("Long", both.Description);
        Assert.Equal("Short", subtitle.Description);
        Assert.Equal("Own", rss.Description);
    }

    [Fact]
    public void Itunes_summary_then_subtitle_summarise_an_item_when_rss_does_not()
    {
        var feed = Feeds.Parse(Podcast("<item><itunes:subtitle>Short</itunes:subtitle><itunes:summary>Long</itunes:summary></item>"
                                       + "<item><itunes:subtitle>Short</itunes:subtitle></item>"
                                       + "<item><itunes:subtitle>Short</itunes:subtitle><description>Own</description></item>"));

        Assert.Equal(["Long", "Short", "Own"], feed.Entries.Select(e => e.Summary));
    }

    [Fact]
    public void Itunes_categories_and_their_subcategories_are_the_feed_categories()
    {
        var feed = Feeds.Parse(Podcast("<category>Own</category><itunes:category text=\"Society &amp; Culture\"/>"
                                       + "<itunes:category text=\"Technology\"><itunes:category text=\"Podcasting\"/></itunes:category>"));

        Assert.Equal(["Own", "Society & Culture", "Technology", "Podcasting"], feed.Categories);
        Assert.Empty(feed.Entries);
    }

    [Fact]
    public void Itunes_categories_of_an_item_are_its_categories()
    {
        var feed = Feeds.Parse(Podcast("<item><category>Own</category><itunes:category text=\"Arts\"><itunes:category text=\"Design\"/></itunes:category></item>"));
        Assert.Equal(["Own", "Arts", "Design"], feed.Entries[0].Categories);
    }

    [Fact]
    public void Deeply_nested_itunes_categories_are_read_without_recursion()
    {
        var depth = 200;
        var nested = string.Concat(Enumerable.Range(0, depth).Select(i => $"<itunes:category text=\"c{i}\">")) + string.Concat(Enumerable.Repeat("</itunes:category>", depth));
        var feed = Feeds.Parse(Podcast(nested + "<title>After</title>"));

        Assert.Equal(depth, feed.Categories.Count);
        Assert.Equal("After", feed.Title);
    }
}
