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
    public void Garbage_only_ever_raises_a_feed_parse_exception()
    {
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

    [Fact]
    public void Many_stray_end_tags_in_deep_markup_stay_fast()
    {
        var body = Feeds.Rss("<item><description>" + string.Concat(Enumerable.Repeat("<b>", 50_000))
                             + string.Concat(Enumerable.Repeat("</x>", 50_000)) + "&bogus;</description></item>");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = Record.Exception(() => Feeds.Parse(body));
        Assert.True(error is null or FeedParseException);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Deeply_nested_markup_does_not_overflow_the_stack()
    {
        var deep = string.Concat(Enumerable.Repeat("<b>", 200_000));
        var error = Record.Exception(() => Feeds.Parse(Feeds.Rss($"<item><description>{deep}</description></item>")));
        Assert.True(error is null or FeedParseException);
    }
}
