using System.Text;
using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests.Parsing;

public sealed class ErrorTests
{
    private static FeedParseException Rejects(byte[] body) =>
        Assert.Throws<FeedParseException>(() => FeedParser.Parse(body));

    private static FeedParseException Rejects(string body) => Rejects(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void Empty_body_is_an_empty_error()
    {
        Assert.Equal(FeedParseError.Empty, Rejects([]).Kind);
        Assert.Equal(FeedParseError.Empty, Rejects(" \r\n\t").Kind);
        Assert.Equal("The body is empty", Rejects("").Message);
    }

    [Fact]
    public void Html_page_is_an_html_error()
    {
        var error = Rejects("<!DOCTYPE html><html><head><title>Blog</title></head><body><p>Hi<br></body></html>");
        Assert.Equal(FeedParseError.Html, error.Kind);
        Assert.Equal("This is an HTML page, not a feed", error.Message);
    }

    [Fact]
    public void Html_page_after_a_comment_is_still_an_html_error() =>
        Assert.Equal(FeedParseError.Html, Rejects("<!-- generated --><html><body><p>Hi<br></body></html>").Kind);

    [Fact]
    public void Png_bytes_are_a_binary_error()
    {
        var error = Rejects([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]);
        Assert.Equal(FeedParseError.Binary, error.Kind);
        Assert.Equal("This is an image (PNG), not a feed", error.Message);
    }

    [Fact]
    public void Json_that_is_not_a_feed_is_a_json_error()
    {
        Assert.Equal(FeedParseError.Json, Rejects("{\"name\": \"not a feed\"}").Kind);
        Assert.Equal(FeedParseError.Json, Rejects("[1, 2, 3]").Kind);
        Assert.Equal(FeedParseError.Json, Rejects("{\"verion\": \"1.0\"").Kind);
    }

    [Fact]
    public void Xml_with_another_root_is_not_a_feed() =>
        Assert.Equal(FeedParseError.NotAFeed, Rejects("<note><to>Tove</to></note>").Kind);

    [Fact]
    public void Plain_text_is_not_a_feed() =>
        Assert.Equal(FeedParseError.NotAFeed, Rejects("Service unavailable").Kind);

    [Fact]
    public void Feed_cut_off_before_its_first_entry_is_malformed() =>
        Assert.Equal(FeedParseError.Malformed, Rejects("<rss version=\"2.0\"><channel><title>Cut").Kind);

    [Fact]
    public void Feed_cut_off_after_entries_keeps_them()
    {
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><item><title>One</title></item><item><title>Tw"));
        Assert.Equal("One", feed.Entries[0].Title);
    }

    [Fact]
    public void Garbage_either_parses_or_raises_a_feed_parse_exception()
    {
        // Anything else (InvalidOperationException, IndexOutOfRangeException...) is a bug of the
        // parser, which no longer hides them: it fails this test.
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            try
            {
                FeedParser.Parse(bytes);
            }
            catch (FeedParseException)
            {
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_utf16_body_cut_in_the_middle_of_a_character_still_parses(bool byteOrderMark)
    {
        var text = Feeds.Rss("<title>Cut</title><item><title>One</title></item>");
        var bytes = (byteOrderMark ? Encoding.Unicode.GetPreamble() : []).Concat(Encoding.Unicode.GetBytes(text)).Append((byte)'<').ToArray();
        Assert.Equal(1, bytes.Length % 2);

        var feed = FeedParser.Parse(bytes);

        Assert.Equal("Cut", feed.Title);
        Assert.Equal("One", Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public void A_prolog_naming_utf7_is_read_as_windows_1252()
    {
        var body = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"utf-7\"?><rss version=\"2.0\"><channel><title>Caf\u00e9</title></channel></rss>");
        Assert.Equal("Café", FeedParser.Parse(body).Title);
    }

    [Fact]
    public void A_json_string_holding_a_lone_surrogate_is_read_with_a_replacement_character()
    {
        var feed = Feeds.Parse("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"a\\ud800b \\ud83d\\ude00\",\"items\":[{\"id\":\"1\",\"title\":\"\\udc00\"}]}");
        Assert.Equal("a\uFFFDb \U0001F600", feed.Title);
        Assert.Equal("\uFFFD", feed.Entries[0].Title);
    }

    [Fact]
    public void A_body_over_the_cap_is_refused_unread_as_too_large()
    {
        var body = new byte[FeedLimits.MaxBodyBytes + 1];
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<FeedParseException>(() => FeedParser.Parse(body));

        Assert.Equal(FeedParseError.TooLarge, error.Kind);
        Assert.Equal("The document is too large (over 10 MB)", error.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
    }

    [Fact]
    public void The_cap_can_be_lowered_by_the_caller()
    {
        var body = Encoding.UTF8.GetBytes(Feeds.Rss("<title>T</title>"));
        Assert.Equal("T", FeedParser.Parse(body, new FeedParseOptions { MaxBodyBytes = body.Length }).Title);
        Assert.Equal(FeedParseError.TooLarge, Assert.Throws<FeedParseException>(() => FeedParser.Parse(body, new FeedParseOptions { MaxBodyBytes = body.Length - 1 })).Kind);
    }

    [Fact]
    public void Deeply_nested_markup_is_flattened_below_the_readers_depth()
    {
        var deep = string.Concat(Enumerable.Repeat("<b>", 200_000));

        var feed = Feeds.Parse(Feeds.Rss($"<item><description>{deep}text</description><title>After</title></item><item><title>Next</title></item>"));

        Assert.Equal(["After", "Next"], feed.Entries.Select(e => e.Title));
        var summary = feed.Entries[0].Summary!;
        Assert.StartsWith("<b><b><b>", summary, StringComparison.Ordinal);
        Assert.Contains("text", summary, StringComparison.Ordinal);
        Assert.InRange(summary.Split("<b>").Length - 1, 200, XmlFeedReader.MaxDepth);
    }

    [Fact]
    public void Well_formed_markup_deeper_than_the_reader_takes_keeps_its_text_and_the_entries_after_it()
    {
        var depth = XmlFeedReader.MaxDepth * 4;
        var deep = string.Concat(Enumerable.Repeat("<i>", depth)) + "deep text" + string.Concat(Enumerable.Repeat("</i>", depth));

        var feed = Feeds.Parse(Feeds.Rss($"<item><title>First</title><description>{deep}</description></item><item><title>Second</title></item>"));

        Assert.Equal(["First", "Second"], feed.Entries.Select(e => e.Title));
        Assert.Contains("deep text", feed.Entries[0].Summary, StringComparison.Ordinal);
    }
}
