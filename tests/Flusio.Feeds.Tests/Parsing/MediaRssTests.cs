using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>Media RSS (http://search.yahoo.com/mrss/) in RSS items and Atom entries.</summary>
public sealed class MediaRssTests
{
    private const string Media = "xmlns:media=\"http://search.yahoo.com/mrss/\"";

    private static ParsedEntry Item(string item, Uri? feedUrl = null) =>
        Feeds.Parse($"<rss version=\"2.0\" {Media}><channel><item>{item}</item></channel></rss>", feedUrl).Entries[0];

    private static ParsedEntry AtomEntry(string entry) =>
        Feeds.Parse($"<feed xmlns=\"http://www.w3.org/2005/Atom\" {Media}><entry>{entry}</entry></feed>").Entries[0];

    [Fact]
    public void Media_title_and_description_stand_in_for_missing_ones()
    {
        var entry = Item("<media:title>Clip &amp; <b>more</b></media:title><media:description>About the clip</media:description>");

        Assert.Equal("Clip & more", entry.Title);
        Assert.Equal("About the clip", entry.Summary);
    }

    [Fact]
    public void The_item_own_title_and_description_win_over_media_ones()
    {
        var entry = Item("<media:title>Media</media:title><media:description>Media text</media:description><title>Own</title><description>Own text</description>");

        Assert.Equal("Own", entry.Title);
        Assert.Equal("Own text", entry.Summary);
    }

    [Fact]
    public void Media_thumbnail_is_the_entry_image()
    {
        var entry = Item("<media:thumbnail url=\"thumb.jpg\" width=\"120\"/><media:thumbnail url=\"second.jpg\"/>", new Uri("https://example.org/feed.xml"));
        Assert.Equal("https://example.org/thumb.jpg", entry.Image);
    }

    [Fact]
    public void Itunes_episode_image_is_the_entry_image_without_a_thumbnail()
    {
        var feed = Feeds.Parse($"<rss version=\"2.0\" {Media} xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel>"
                               + "<item><itunes:image href=\"https://example.org/episode.jpg\"/></item>"
                               + "<item><itunes:image href=\"https://example.org/episode.jpg\"/><media:thumbnail url=\"https://example.org/thumb.jpg\"/></item></channel></rss>");

        Assert.Equal(["https://example.org/episode.jpg", "https://example.org/thumb.jpg"], feed.Entries.Select(e => e.Image));
    }

    [Fact]
    public void Media_category_is_a_category()
    {
        var entry = Item("<category>Own</category><media:category scheme=\"urn:example\">music/rock</media:category><media:category label=\"Jazz\"/>");
        Assert.Equal(["Own", "music/rock", "Jazz"], entry.Categories);
    }

    [Fact]
    public void Media_content_is_an_enclosure()
    {
        var entry = Item("<media:content url=\"https://example.org/a.mp4\" type=\"video/mp4\" fileSize=\"1234\" medium=\"video\"/>");
        Assert.Equal([new ParsedEnclosure("https://example.org/a.mp4", "video/mp4", 1234)], entry.Enclosures);
    }

    [Fact]
    public void Media_group_holds_contents_and_what_they_share()
    {
        var entry = Item("<media:group><media:title>Clip</media:title><media:thumbnail url=\"https://example.org/t.jpg\"/>"
                         + "<media:content url=\"https://example.org/a.mp4\" type=\"video/mp4\"/>"
                         + "<media:content url=\"https://example.org/a.webm\" type=\"video/webm\"><media:description>Inside</media:description></media:content>"
                         + "</media:group>");

        Assert.Equal("Clip", entry.Title);
        Assert.Equal("Inside", entry.Summary);
        Assert.Equal("https://example.org/t.jpg", entry.Image);
        Assert.Equal(["https://example.org/a.mp4", "https://example.org/a.webm"], entry.Enclosures.Select(e => e.Url));
    }

    [Fact]
    public void An_enclosure_named_again_by_media_content_is_one_enclosure()
    {
        var entry = Item("<enclosure url=\"https://example.org/a.mp3\" type=\"audio/mpeg\"/>"
                         + "<media:content url=\"https://example.org/a.mp3\" type=\"audio/x-other\" fileSize=\"99\"/>"
                         + "<media:group><media:content url=\"https://example.org/a.mp3\"/></media:group>");

        Assert.Equal([new ParsedEnclosure("https://example.org/a.mp3", "audio/mpeg", 99)], entry.Enclosures);
    }

    [Fact]
    public void The_format_own_enclosures_come_before_media_contents()
    {
        var entry = Item("<media:content url=\"https://example.org/a.mp4\" type=\"video/mp4\" fileSize=\"1\"/>"
                         + "<media:content url=\"https://example.org/b.mp4\"/>"
                         + "<enclosure url=\"https://example.org/b.mp4\" type=\"video/mp4\" length=\"20\"/>"
                         + "<enclosure url=\"https://example.org/c.mp3\"/>");

        Assert.Equal([new ParsedEnclosure("https://example.org/b.mp4", "video/mp4", 20), new ParsedEnclosure("https://example.org/c.mp3", null, null),
                      new ParsedEnclosure("https://example.org/a.mp4", "video/mp4", 1)], entry.Enclosures);
    }

    [Fact]
    public void Many_enclosures_of_one_item_are_kept_once_each()
    {
        var many = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"<enclosure url=\"https://example.org/{i % 10_000}.mp3\"/><media:content url=\"https://example.org/m{i}.mp4\"/>"));
        var entry = Item(many);

        Assert.Equal(30_000, entry.Enclosures.Count);
        Assert.Equal("https://example.org/0.mp3", entry.Enclosures[0].Url);
        Assert.Equal("https://example.org/m0.mp4", entry.Enclosures[10_000].Url);
    }

    [Fact]
    public void Media_elements_nested_deeper_than_the_spec_allows_are_skipped()
    {
        var entry = Item("<media:group><media:group><media:content url=\"https://example.org/deep.mp4\"/></media:group>"
                         + "<media:content url=\"https://example.org/a.mp4\"><media:content url=\"https://example.org/inner.mp4\"/></media:content></media:group>"
                         + "<title>After</title>");

        Assert.Equal(["https://example.org/a.mp4"], entry.Enclosures.Select(e => e.Url));
        Assert.Equal("After", entry.Title);
    }

    [Fact]
    public void Media_rss_is_read_in_atom_entries()
    {
        var entry = AtomEntry("<title>Own</title><media:group><media:title>Media</media:title><media:description>About</media:description>"
                              + "<media:thumbnail url=\"https://example.org/t.jpg\"/><media:content url=\"https://example.org/v\" type=\"application/x-shockwave-flash\"/>"
                              + "</media:group><link rel=\"enclosure\" href=\"https://example.org/v\" length=\"10\"/>");

        Assert.Equal("Own", entry.Title);
        Assert.Equal("About", entry.Summary);
        Assert.Equal("https://example.org/t.jpg", entry.Image);
        Assert.Equal([new ParsedEnclosure("https://example.org/v", "application/x-shockwave-flash", 10)], entry.Enclosures);
    }
}
