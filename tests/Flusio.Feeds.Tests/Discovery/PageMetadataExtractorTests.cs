using Flusio.Feeds.Discovery;

namespace Flusio.Feeds.Tests.Discovery;

public class PageMetadataExtractorTests
{
    private static readonly Uri Page = new("https://news.example/2026/03/story.html");

    private static PageMetadata Extract(string head, string body = "") =>
        PageMetadataExtractor.Extract($"<!doctype html><html><head>{head}</head><body>{body}</body></html>", Page);

    private static string Words(int count) => string.Join(' ', Enumerable.Repeat("word", count));

    [Fact]
    public void Open_graph_comes_first()
    {
        var metadata = Extract("""
            <title>HTML title</title>
            <meta property="og:title" content="OG title">
            <meta name="twitter:title" content="Twitter title">
            <meta property="og:description" content="OG description">
            <meta name="twitter:description" content="Twitter description">
            <meta name="description" content="Meta description">
            <meta property="og:image" content="/images/cover.jpg">
            <meta name="twitter:image" content="https://cdn.example/twitter.jpg">
            """);

        Assert.Equal("OG title", metadata.Title);
        Assert.Equal("OG description", metadata.Description);
        Assert.Equal(new Uri("https://news.example/images/cover.jpg"), metadata.Illustration);
    }

    [Fact]
    public void Twitter_cards_come_next()
    {
        var metadata = Extract("""
            <title>HTML title</title>
            <meta name="twitter:title" content="Twitter title">
            <meta name="twitter:description" content="Twitter description">
            <meta name="description" content="Meta description">
            <meta name="twitter:image" content="https://cdn.example/twitter.jpg">
            """);

        Assert.Equal("Twitter title", metadata.Title);
        Assert.Equal("Twitter description", metadata.Description);
        Assert.Equal(new Uri("https://cdn.example/twitter.jpg"), metadata.Illustration);
    }

    [Fact]
    public void Plain_html_comes_last()
    {
        var metadata = Extract("<title>  HTML\n   title </title><meta name=\"description\" content=\"Meta description\">");

        Assert.Equal("HTML title", metadata.Title);
        Assert.Equal("Meta description", metadata.Description);
        Assert.Null(metadata.Illustration);
    }

    [Fact]
    public void Titles_and_descriptions_are_plain_text()
    {
        var metadata = Extract("""
            <meta property="og:title" content="Tom &amp;amp; Jerry &lt;b&gt;live&lt;/b&gt;">
            <meta property="og:description" content="<p>A <em>great</em>
            show</p>">
            """);

        Assert.Equal("Tom & Jerry live", metadata.Title);
        Assert.Equal("A great show", metadata.Description);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:image/png;base64,AAAA")]
    [InlineData("")]
    public void Only_http_illustrations_are_kept(string image) =>
        Assert.Null(Extract($"""<meta property="og:image" content="{image}">""").Illustration);

    [Fact]
    public void Canonical_language_and_feeds_are_read()
    {
        var metadata = PageMetadataExtractor.Extract("""
            <html lang="fr-FR"><head>
            <link rel="canonical" href="/2026/03/story">
            <link rel="alternate" type="application/rss+xml" title="News" href="/feed.xml">
            </head><body></body></html>
            """, Page);

        Assert.Equal(new Uri("https://news.example/2026/03/story"), metadata.Canonical);
        Assert.Equal("fr-FR", metadata.Language);
        Assert.Equal([new FeedCandidate(new Uri("https://news.example/feed.xml"), "News", FeedType.Rss)], metadata.Feeds);
    }

    [Fact]
    public void Language_falls_back_to_the_open_graph_locale()
    {
        Assert.Equal("en-GB", Extract("""<meta property="og:locale" content="en_GB">""").Language);
    }

    [Fact]
    public void Missing_metadata_is_null()
    {
        var metadata = Extract("");

        Assert.Equal(new PageMetadata(null, null, null, 0, null, null, []), metadata with { Feeds = [] });
        Assert.Empty(metadata.Feeds);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(200, 1)]
    [InlineData(201, 2)]
    [InlineData(1000, 5)]
    public void Reading_time_is_words_by_200_rounded_up(int words, int minutes) =>
        Assert.Equal(minutes, Extract("", $"<p>{Words(words)}</p>").ReadingTimeMinutes);

    [Fact]
    public void Reading_time_counts_the_main_content_without_scripts_styles_and_navigation()
    {
        var body = $"""
            <nav>{Words(1000)}</nav>
            <main><article><p>{Words(300)}</p><script>var {Words(1000)};</script><style>p {"{"} color: red {"}"}</style></article>
            <nav>{Words(1000)}</nav></main>
            <footer>{Words(1000)}</footer>
            """;

        Assert.Equal(2, Extract("", body).ReadingTimeMinutes);
    }

    [Fact]
    public void Reading_time_prefers_an_article_to_the_whole_body()
    {
        Assert.Equal(1, Extract("", $"<aside>{Words(1000)}</aside><article>{Words(150)}</article>").ReadingTimeMinutes);
    }

    [Theory]
    [InlineData("""<meta property="video:duration" content="253">""", 5)]
    [InlineData("""<meta property="og:video:duration" content="60">""", 1)]
    [InlineData("""<meta itemprop="duration" content="PT1H2M3S">""", 63)]
    [InlineData("""<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"VideoObject","duration":"PT12M"}]}</script>""", 12)]
    public void A_declared_duration_wins_over_the_word_count(string head, int minutes) =>
        Assert.Equal(minutes, Extract(head, $"<p>{Words(5000)}</p>").ReadingTimeMinutes);

    [Fact]
    public void Broken_structured_data_falls_back_to_the_word_count()
    {
        Assert.Equal(1, Extract("""<script type="application/ld+json">{"duration": </script>""", $"<p>{Words(10)}</p>").ReadingTimeMinutes);
    }
}

/// <summary>Reading a hostile page costs time and memory in proportion to its size, whatever its nesting.</summary>
[Collection(nameof(GrowthMeasures))]
public sealed class PageGrowthTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Uri PageUrl = new("https://blog.example/post");

    [Theory]
    [InlineData("<div>", "</div>")]
    [InlineData("<div>", "")]
    public void Nesting_costs_time_and_memory_in_proportion_to_its_depth(string open, string close)
    {
        var samples = Growth.AssertLinear(
            scale => "<html><head><title>Deep</title><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed\"></head><body>"
                + string.Concat(Enumerable.Repeat(open, 5_000 * scale)) + "words here" + string.Concat(Enumerable.Repeat(close, 5_000 * scale)) + "</body></html>",
            html =>
            {
                var metadata = PageMetadataExtractor.Extract(html, PageUrl);
                Assert.Equal("Deep", metadata.Title);
                Assert.Single(metadata.Feeds);
            },
            html => html.Length * sizeof(char));
        output.WriteLine(Growth.Describe(samples));
    }

    [Fact]
    public void Anchors_and_text_within_the_depth_limit_are_all_read()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", HtmlPages.MaxDepth - 10))
            + "<a href=\"/feed.xml\">Feed</a>" + string.Concat(Enumerable.Repeat("</div>", HtmlPages.MaxDepth - 10)) + "</body></html>";

        Assert.Equal(new Uri("https://blog.example/feed.xml"), Assert.Single(FeedLinkExtractor.Extract(html, PageUrl)).Url);
    }
}
