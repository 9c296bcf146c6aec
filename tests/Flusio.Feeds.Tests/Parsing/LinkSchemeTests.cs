using System.Text.Json;
using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>
/// Only web addresses leave the parser in the fields a reader follows or loads: feed link and
/// image, entry link, enclosures, in every format. Anything else is dropped, however it is spelt.
/// </summary>
public sealed class LinkSchemeTests
{
    private static readonly Uri FeedUrl = new("https://blog.example/feed.xml");

    public static TheoryData<string> Hostile { get; } = new(
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\u0001javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "mailto:someone@example.org",
    ]);

    private static string Xml(string value) => System.Security.SecurityElement.Escape(value);

    private static string Json(string value) => JsonSerializer.Serialize(value);

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Rss_links_images_and_enclosures_keep_only_web_addresses(string url)
    {
        var feed = Feeds.Parse($"""
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
            <channel><link>{Xml(url)}</link><image><url>{Xml(url)}</url></image>
            <item><link>{Xml(url)}</link><enclosure url="{Xml(url)}" type="audio/mpeg"/></item>
            </channel></rss>
            """, FeedUrl);

        AssertOnlyWebAddresses(feed);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Rss_fallback_links_keep_only_web_addresses(string url)
    {
        var feed = Feeds.Parse($"""
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
            <channel><atom:link href="{Xml(url)}"/><itunes:image href="{Xml(url)}"/>
            <item><atom:link href="{Xml(url)}"/></item>
            </channel></rss>
            """, FeedUrl);

        AssertOnlyWebAddresses(feed);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Atom_links_logos_and_enclosures_keep_only_web_addresses(string url)
    {
        var feed = Feeds.Parse(Feeds.Atom($"""
            <link href="{Xml(url)}"/><logo>{Xml(url)}</logo>
            <entry><link href="{Xml(url)}"/><link rel="enclosure" href="{Xml(url)}" type="audio/mpeg"/></entry>
            <entry><content src="{Xml(url)}"/></entry>
            """), FeedUrl);

        AssertOnlyWebAddresses(feed);
        Assert.Equal(2, feed.Entries.Count);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Atom_icons_keep_only_web_addresses(string url) =>
        AssertOnlyWebAddresses(Feeds.Parse(Feeds.Atom($"<icon>{Xml(url)}</icon><entry/>"), FeedUrl));

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Json_feed_links_icons_and_attachments_keep_only_web_addresses(string url)
    {
        var feed = Feeds.Parse($$"""
            {"version": "https://jsonfeed.org/version/1.1", "home_page_url": {{Json(url)}}, "icon": {{Json(url)}},
             "items": [{"id": "1", "url": {{Json(url)}}, "external_url": {{Json(url)}},
                        "attachments": [{"url": {{Json(url)}}, "mime_type": "audio/mpeg"}]}]}
            """, FeedUrl);

        AssertOnlyWebAddresses(feed);
    }

    [Fact]
    public void A_hostile_url_gives_way_to_the_next_candidate()
    {
        var feed = Feeds.Parse("""
            {"version": "https://jsonfeed.org/version/1.1", "icon": "javascript:alert(1)", "favicon": "https://blog.example/f.png",
             "items": [{"id": "1", "url": "javascript:alert(1)", "external_url": "https://elsewhere.example/post"}]}
            """);

        Assert.Null(feed.Image); // "icon" was given: "favicon" is only for its absence
        Assert.Equal("https://elsewhere.example/post", feed.Entries[0].Link);
    }

    [Fact]
    public void A_non_web_xml_base_is_not_a_base()
    {
        var feed = Feeds.Parse(Feeds.Atom("""
            <entry xml:base="javascript:alert(1)//"><link href="post/1"/></entry>
            """), FeedUrl);

        Assert.Equal("https://blog.example/post/1", feed.Entries[0].Link);
    }

    [Theory]
    [InlineData("https://blog.example/post/1", "https://blog.example/post/1")]
    [InlineData("HTTP://blog.example/post/1", "HTTP://blog.example/post/1")]
    [InlineData("/post/1", "https://blog.example/post/1")]
    [InlineData("//cdn.example/a.mp3", "https://cdn.example/a.mp3")]
    [InlineData(" https://blog.example/post/1\n", "https://blog.example/post/1")]
    public void Web_addresses_and_relative_ones_are_kept(string url, string expected)
    {
        var feed = Feeds.Parse(Feeds.Rss($"<item><link>{Xml(url)}</link><enclosure url=\"{Xml(url)}\"/></item>"), FeedUrl);

        Assert.Equal(expected, feed.Entries[0].Link);
        Assert.Equal(expected, feed.Entries[0].Enclosures[0].Url);
    }

    [Fact]
    public void Without_a_base_a_relative_address_stays_relative()
    {
        var feed = Feeds.Parse(Feeds.Rss("<item><link>/post/1</link></item>"));
        Assert.Equal("/post/1", feed.Entries[0].Link);
    }

    // With a feed URL every address comes out absolute: each one is a web address, or absent.
    private static void AssertOnlyWebAddresses(ParsedFeed feed)
    {
        Assert.NotEmpty(feed.Entries);
        var addresses = new[] { feed.Link, feed.Image }
            .Concat(feed.Entries.Select(e => e.Link))
            .Concat(feed.Entries.SelectMany(e => e.Enclosures).Select(e => e.Url));
        foreach (var address in addresses)
        {
            Assert.True(address is null || address.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                || address.StartsWith("http://", StringComparison.OrdinalIgnoreCase), $"{address} left the parser");
        }
    }
}
