using System.Text;
using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>Encodings, entities and the breakage real feeds ship with.</summary>
public sealed class LeniencyTests
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    [Fact]
    public void Undeclared_html_entities_are_decoded()
    {
        var feed = Feeds.Parse(Feeds.Rss("<title>Caf&eacute;&nbsp;cr&egrave;me &hellip;</title>"));
        Assert.Equal("Café crème …", feed.Title);
    }

    [Fact]
    public void Unknown_entity_stays_as_text()
    {
        var feed = Feeds.Parse(Feeds.Rss("<title>&bogus; &amp; more</title>"));
        Assert.Equal("&bogus; & more", feed.Title);
    }

    [Fact]
    public void Bare_ampersands_are_text()
    {
        var feed = Feeds.Parse(Feeds.Rss("<title>Fish & Chips</title><item><link>https://example.org/?a=1&b=2</link></item>"));
        Assert.Equal("Fish & Chips", feed.Title);
        Assert.Equal("https://example.org/?a=1&b=2", feed.Entries[0].Link);
    }

    [Fact]
    public void Illegal_control_characters_are_dropped()
    {
        var feed = Feeds.Parse(Feeds.Rss("<title>ab\u0001c\u0008d</title>"));
        Assert.Equal("abcd", feed.Title);
    }

    [Fact]
    public void Bom_and_leading_whitespace_are_ignored()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("\n\n  " + Feeds.Rss("<title>T</title>"))).ToArray();
        Assert.Equal("T", FeedParser.Parse(body).Title);
    }

    [Fact]
    public void Latin1_declared_in_the_prolog_is_decoded()
    {
        var body = Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Tribunal de Justiça</title></channel></rss>");
        Assert.Equal("Tribunal de Justiça", FeedParser.Parse(body).Title);
    }

    [Fact]
    public void Valid_utf8_wins_over_a_wrong_latin1_declaration()
    {
        var body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Justiça</title></channel></rss>");
        Assert.Equal("Justiça", FeedParser.Parse(body).Title);
    }

    [Fact]
    public void Http_charset_wins_over_the_prolog_when_bytes_are_not_utf8()
    {
        var body = Encoding.GetEncoding("iso-8859-15").GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>5 €</title></channel></rss>");
        var feed = FeedParser.Parse(body, new FeedParseOptions { HttpCharset = "iso-8859-15" });
        Assert.Equal("5 €", feed.Title);
    }

    [Fact]
    public void Utf16_with_bom_is_decoded()
    {
        var body = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + Feeds.Rss("<title>Ünïcode</title>"))).ToArray();
        Assert.Equal("Ünïcode", FeedParser.Parse(body).Title);
    }

    [Fact]
    public void Mismatched_end_tag_is_tolerated()
    {
        var feed = Feeds.Parse("<rss version=\"2.0\"><channel><language>en-us</langauge><title>T</title></channel></rss>");
        Assert.Equal("en-us", feed.Language);
        Assert.Equal("T", feed.Title);
    }

    [Fact]
    public void Undeclared_prefix_is_tolerated()
    {
        var feed = Feeds.Parse("<rss version=\"2.0\"><channel><atom:link rel=\"alternate\" href=\"https://example.org/\"/></channel></rss>");
        Assert.Equal("https://example.org/", feed.Link);
    }

    [Fact]
    public void Unknown_undeclared_prefixes_keep_their_local_names_in_content()
    {
        var feed = Feeds.Parse(Feeds.Rss("<item><title>T</title><description>a <o:p>b</o:p> <w:x o:attr=\"1\" w:attr=\"2\">c</w:x></description><dc:creator>Ann</dc:creator></item>"));

        Assert.Equal("a <p>b</p> <x attr=\"1\">c</x>", feed.Entries[0].Summary);
        Assert.Equal("Ann", feed.Entries[0].Author); // dc is known: still Dublin Core
    }

    [Fact]
    public void A_prefix_declared_by_the_feed_is_not_rewritten()
    {
        var feed = Feeds.Parse("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><item><dc:creator>Ann</dc:creator>"
                               + "<description>x<br></description></item></channel></rss>");
        Assert.Equal("Ann", feed.Entries[0].Author);
    }

    [Fact]
    public void The_root_of_an_xml_document_with_an_undeclared_prefix_is_named_by_its_local_name()
    {
        var error = Assert.Throws<FeedParseException>(() => Feeds.Parse("<x:note><to>Tove</x:note>"));
        Assert.Equal(FeedParseError.NotAFeed, error.Kind);
        Assert.Equal("This is an XML document (note), not a feed", error.Message);
    }

    [Fact]
    public void A_tag_with_too_many_attributes_keeps_the_first_ones()
    {
        var attributes = string.Concat(Enumerable.Range(0, 1000).Select(i => $" a{i}=\"{i}\""));
        var feed = Feeds.Parse(Feeds.Rss($"<item><title>T</title><description><p{attributes}>text</p></description></item>"));

        var summary = feed.Entries[0].Summary!;
        Assert.StartsWith("<p a0=\"0\" a1=\"1\"", summary, StringComparison.Ordinal);
        Assert.Contains($" a{XmlFeedReader.MaxAttributes - 1}=", summary, StringComparison.Ordinal);
        Assert.DoesNotContain($" a{XmlFeedReader.MaxAttributes}=", summary, StringComparison.Ordinal);
        Assert.EndsWith(">text</p>", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Unescaped_html_in_a_description_is_kept_as_html()
    {
        var feed = Feeds.Parse(Feeds.Rss("<item><description>Hello <b>world</b><br>again</description></item>"));
        Assert.Equal("Hello <b>world</b><br>again", feed.Entries[0].Summary);
    }

    [Fact]
    public void Warning_printed_before_the_feed_is_skipped()
    {
        var feed = Feeds.Parse("Warning: something in /var/www/feed.php on line 3\n" + Feeds.Rss("<title>T</title>"));
        Assert.Equal("T", feed.Title);
    }
}
