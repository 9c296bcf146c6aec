using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Flusio.Feeds.Cleaning;
using Xunit.Abstractions;

namespace Flusio.Feeds.Tests.Cleaning;

public sealed class HtmlDepthLimiterTests
{
    private static readonly HtmlCleaner Cleaner = new();

    private static string Nested(string tag, int depth, string text = "x") =>
        string.Concat(Enumerable.Repeat($"<{tag}>", depth)) + text + string.Concat(Enumerable.Repeat($"</{tag}>", depth));

    private static int Depth(string html)
    {
        var body = new HtmlParser().ParseDocument($"<!doctype html><html><body>{html}</body></html>").Body!;
        return body.Descendants<IElement>().Select(e => e.Ancestors<IElement>().Count()).DefaultIfEmpty(0).Max();
    }

    [Fact]
    public void Markup_within_the_limit_comes_back_as_the_same_string()
    {
        var html = Nested("div", HtmlDepthLimiter.MaxDepth - 2);
        Assert.Same(html, HtmlDepthLimiter.Limit(html));
    }

    [Fact]
    public void Deeper_markup_is_flattened_to_the_limit_and_keeps_its_text()
    {
        var limited = HtmlDepthLimiter.Limit(Nested("div", 5000, "deep text") + "<p>after</p>");

        Assert.InRange(Depth(limited), HtmlDepthLimiter.MaxDepth - 1, HtmlDepthLimiter.MaxDepth + 2);
        Assert.Contains("deep text", limited, StringComparison.Ordinal);
        Assert.EndsWith("</div><p>after</p>", limited, StringComparison.Ordinal);
    }

    [Fact]
    public void Unclosed_paragraphs_list_items_and_void_elements_do_not_count_as_depth()
    {
        var html = string.Concat(Enumerable.Repeat("<p>para<br><img src=x>", 300))
            + "<ul>" + string.Concat(Enumerable.Repeat("<li>item", 300)) + "</ul>"
            + "<table>" + string.Concat(Enumerable.Repeat("<tr><td>a<td>b", 300)) + "</table>";
        Assert.Same(html, HtmlDepthLimiter.Limit(html));
    }

    [Fact]
    public void Script_text_is_not_read_as_tags()
    {
        var html = "<script>" + string.Concat(Enumerable.Repeat("<div>", 500)) + "</script><p>x</p>";
        Assert.Same(html, HtmlDepthLimiter.Limit(html));
    }

    [Fact]
    public void The_cleaner_keeps_the_text_of_deep_markup_and_what_follows_it()
    {
        var cleaned = Cleaner.Clean(Nested("div", 20_000, "deep text") + "<p>after</p>", null);

        Assert.Contains("deep text", cleaned, StringComparison.Ordinal);
        Assert.EndsWith("<p>after</p>", cleaned, StringComparison.Ordinal);
        Assert.True(Depth(cleaned) <= HtmlDepthLimiter.MaxDepth + 2);
    }
}

/// <summary>The cleaner's cost grows with the size of its input, whatever the nesting.</summary>
[Collection(nameof(GrowthMeasures))]
public sealed class HtmlCleanerGrowthTests(ITestOutputHelper output)
{
    private static readonly HtmlCleaner Cleaner = new();

    [Theory]
    [InlineData("<div>", "</div>")]
    [InlineData("<div>", "")]
    [InlineData("<blockquote><p>", "</p></blockquote>")]
    [InlineData("<b><i>", "")]
    public void Nesting_costs_time_and_memory_in_proportion_to_its_depth(string open, string close)
    {
        var samples = Growth.AssertLinear(
            // The largest input stays under the cleaner's input cap (HtmlCleaner.MaxInputChars), which cuts longer ones.
            scale => string.Concat(Enumerable.Repeat(open, 1_500 * scale)) + "x" + string.Concat(Enumerable.Repeat(close, 1_500 * scale)),
            html => Assert.Contains("x", Cleaner.Clean(html, null), StringComparison.Ordinal),
            html => html.Length * sizeof(char),
            rounds: 5);
        output.WriteLine(Growth.Describe(samples));
    }
}
