using AngleSharp.Html.Parser;
using Flusio.Feeds.Cleaning;

namespace Flusio.Feeds.Tests.Cleaning;

public class HtmlCleanerTests
{
    private static readonly HtmlCleaner Cleaner = new();
    private static readonly Uri Base = new("https://blog.example/posts/first.html");

    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    [Fact]
    public void Allowed_markup_survives()
    {
        const string html = "<h2>Title</h2><p>Hello <strong>bold</strong>, <em>em</em> and <code>code</code>.</p>"
            + "<ul><li>one</li></ul><ol start=\"3\"><li>three</li></ol><blockquote>quote</blockquote>"
            + "<pre><code>x = 1</code></pre><figure><img src=\"https://cdn.example/a.png\" alt=\"A\" width=\"640\" height=\"480\">"
            + "<figcaption>Caption</figcaption></figure><table><tbody><tr><td colspan=\"2\">cell</td></tr></tbody></table>";

        var cleaned = Cleaner.Clean(html, Base);

        Assert.Equal(html, cleaned);
    }

    [Fact]
    public void Relative_urls_are_resolved_against_the_base_url()
    {
        var cleaned = Parse(Cleaner.Clean("<a href=\"../about\">a</a><img src=\"img/a.png\"><a href=\"//cdn.example/x\">b</a>", Base));

        var links = cleaned.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["https://blog.example/about", "https://cdn.example/x"], links);
        Assert.Equal("https://blog.example/posts/img/a.png", cleaned.QuerySelector("img")!.GetAttribute("src"));
    }

    [Fact]
    public void Without_a_base_url_relative_urls_are_dropped_but_fragments_kept()
    {
        var cleaned = Parse(Cleaner.Clean("<a href=\"/account/delete\">a</a><a href=\"#note-1\">1</a><img src=\"me.png\">", null));

        Assert.Equal([null, "#note-1"], cleaned.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.Null(cleaned.QuerySelector("img")!.GetAttribute("src"));
    }

    [Fact]
    public void Links_get_noopener_noreferrer_nofollow()
    {
        var cleaned = Parse(Cleaner.Clean("<a href=\"https://other.example/\" rel=\"me\" target=\"_top\">x</a>", Base));

        var link = cleaned.QuerySelector("a")!;
        Assert.Equal("noopener noreferrer nofollow", link.GetAttribute("rel"));
        Assert.Null(link.GetAttribute("target"));
    }

    [Fact]
    public void Mailto_links_survive()
    {
        var cleaned = Cleaner.Clean("<a href=\"mailto:someone@example.com\">write</a>", Base);

        Assert.Contains("href=\"mailto:someone@example.com\"", cleaned);
    }

    [Theory]
    [InlineData("<p>x<img src=\"https://stats.example/p.gif\" width=\"1\" height=\"1\"></p>")]
    [InlineData("<p>x<img src=\"https://stats.example/p.gif\" width=\"0\" height=\"0\" alt=\"\"></p>")]
    [InlineData("<p>x<img src=\"https://feeds.feedburner.com/~r/blog/~4/abc\"></p>")]
    [InlineData("<p>x<img src=\"https://pixel.wp.com/b.gif?host=blog\"></p>")]
    public void Tracking_pixels_are_removed(string html) =>
        Assert.Equal("<p>x</p>", Cleaner.Clean(html, Base));

    [Theory]
    [InlineData("https://www.youtube.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://youtube.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://player.vimeo.com/video/76979871")]
    public void Video_iframes_from_known_hosts_are_kept_sandboxed(string src)
    {
        var cleaned = Parse(Cleaner.Clean($"<iframe src=\"{src}\" width=\"560\" height=\"315\" allowfullscreen></iframe>", Base));

        var iframe = cleaned.QuerySelector("iframe")!;
        Assert.Equal(src, iframe.GetAttribute("src"));
        Assert.Equal("allow-scripts allow-same-origin allow-popups", iframe.GetAttribute("sandbox"));
        Assert.Equal("560", iframe.GetAttribute("width"));
    }

    private const string PeerTubeEmbed = "https://framatube.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d";

    [Fact]
    public void A_peertube_embed_is_kept_only_from_an_instance_the_admin_named()
    {
        var html = $"<iframe src=\"{PeerTubeEmbed}\"></iframe>";
        var named = new HtmlCleaner(new HtmlCleanerOptions { PeerTubeHosts = ["framatube.org"] });

        Assert.Null(Parse(Cleaner.Clean(html, Base)).QuerySelector("iframe"));
        var iframe = Parse(named.Clean(html, Base)).QuerySelector("iframe")!;
        Assert.Equal(PeerTubeEmbed, iframe.GetAttribute("src"));
        Assert.Equal("allow-scripts allow-same-origin allow-popups", iframe.GetAttribute("sandbox"));
    }

    [Theory]
    [InlineData("https://evil.example/videos/embed/x")]
    [InlineData("https://framatube.org.evil.example/videos/embed/x")]
    [InlineData("https://framatube.org/videos/watch/x")]
    [InlineData("https://framatube.org:8443/videos/embed/x")]
    [InlineData("http://framatube.org/videos/embed/x")]
    [InlineData("https://www.youtube.com:444/embed/x")]
    [InlineData("https://www.youtube.com./embed/x")]
    [InlineData("https://youtube-nocookie.com/embed/x")]
    [InlineData("https://vimeo.com/video/1")]
    public void Iframes_from_anywhere_else_are_removed(string src)
    {
        var cleaner = new HtmlCleaner(new HtmlCleanerOptions { PeerTubeHosts = ["framatube.org"] });

        Assert.Null(Parse(cleaner.Clean($"<p>x</p><iframe src=\"{src}\"></iframe>", Base)).QuerySelector("iframe"));
    }

    [Fact]
    public void Embed_hosts_are_the_video_hosts_then_the_named_instances()
    {
        var cleaner = new HtmlCleaner(new HtmlCleanerOptions { PeerTubeHosts = ["framatube.org", " https://Tube.Example.NET/ ", "framatube.org."] });

        Assert.Equal(["www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "player.vimeo.com"], Cleaner.EmbedHosts);
        Assert.Equal(["www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "player.vimeo.com", "framatube.org", "tube.example.net"], cleaner.EmbedHosts);
        Assert.NotNull(Parse(cleaner.Clean("<iframe src=\"https://tube.example.net/videos/embed/1\"></iframe>", Base)).QuerySelector("iframe"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("framatube.org/videos")]
    [InlineData("http://framatube.org")]
    [InlineData("10.0.0.1")]
    public void A_peertube_host_that_is_no_host_name_is_refused_at_construction(string host) =>
        Assert.Throws<ArgumentException>(() => new HtmlCleaner(new HtmlCleanerOptions { PeerTubeHosts = [host] }));

    [Fact]
    public void Inline_png_images_survive()
    {
        const string png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk";

        var cleaned = Parse(Cleaner.Clean($"<img src=\"{png}\" alt=\"dot\">", Base));

        Assert.Equal(png, cleaned.QuerySelector("img")!.GetAttribute("src"));
    }

    [Fact]
    public void Srcset_urls_are_resolved()
    {
        var cleaned = Parse(Cleaner.Clean("<img src=\"a.png\" srcset=\"a.png 1x, a@2x.png 2x\">", Base));

        Assert.Equal("https://blog.example/posts/a.png 1x, https://blog.example/posts/a@2x.png 2x", cleaned.QuerySelector("img")!.GetAttribute("srcset"));
    }

    [Fact]
    public void Text_of_unknown_elements_is_kept()
    {
        Assert.Equal("<p>big <span>news</span></p>", Cleaner.Clean("<p><font size=\"7\">big</font> <span class=\"x\" id=\"y\">news</span></p>", Base));
    }

    [Fact]
    public void Empty_input_gives_empty_output()
    {
        Assert.Equal("", Cleaner.Clean("", Base));
        Assert.Equal("", Cleaner.Clean("   ", Base));
    }

    [Theory]
    [InlineData("<p>One paragraph.</p><p>Another, with <em>emphasis</em> &amp; <strong>weight</strong>.</p>")]
    [InlineData("<p>Line<br>break<br/>and<br />more</p><hr><ul><li>a</li><li>b</li></ul>")]
    [InlineData("<blockquote><p>Quoted &#8220;text&#x201D; &lt;tag&gt; &nbsp;</p></blockquote><pre><code>if (a > b)</code></pre>")]
    [InlineData("Plain text, no markup at all > fine.")]
    public void Simple_markup_takes_the_fast_path_unchanged(string html)
    {
        Assert.True(SimpleHtmlScanner.TryPass(html, out var result));
        Assert.Equal(html, result);
        Assert.Equal(html, Cleaner.Clean(html, Base));
    }

    [Fact]
    public void The_fast_path_closes_what_a_cut_summary_left_open()
    {
        Assert.True(SimpleHtmlScanner.TryPass("<p>Cut <em>short", out var result));
        Assert.Equal("<p>Cut <em>short</em></p>", result);
    }

    [Theory]
    [InlineData("<p class=\"x\">attribute</p>")]
    [InlineData("<P>upper case</P>")]
    [InlineData("<p>unknown <span>tag</span></p>")]
    [InlineData("<p>a <a href=\"https://x.example/\">link</a></p>")]
    [InlineData("<p>stray</em></p>")]
    [InlineData("<em><p>crossed</em></p>")]
    [InlineData("<p>a<p>nested paragraph</p></p>")]
    [InlineData("<p>list in paragraph<ul><li>x</li></ul></p>")]
    [InlineData("<p>cut mid-tag</")]
    [InlineData("<p>unknown &copy; reference</p>")]
    [InlineData("<p>bare & ampersand</p>")]
    [InlineData("<p>less < than</p>")]
    [InlineData("<p><!-- comment --></p>")]
    [InlineData("<p>nul \0 char</p>")]
    public void Anything_else_goes_to_the_full_sanitiser(string html) =>
        Assert.False(SimpleHtmlScanner.TryPass(html, out _));

    [Fact]
    public void One_cleaner_can_be_shared_between_threads()
    {
        var inputs = Enumerable.Range(0, 200)
            .Select(i => $"<p>Entry {i} <a href=\"/p/{i}\" onclick=\"x()\">link</a><script>bad()</script></p>")
            .ToArray();
        var expected = inputs.Select(html => Cleaner.Clean(html, Base)).ToArray();

        var actual = new string[inputs.Length];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = Cleaner.Clean(inputs[i], Base));

        Assert.Equal(expected, actual);
        Assert.Contains("href=\"https://blog.example/p/7\"", actual[7]);
    }

    [Fact]
    public void Html_over_the_input_cap_is_cut_at_a_tag_before_it_is_cleaned()
    {
        // Megabytes of elements would cost the sanitiser minutes: only the first part is kept.
        var html = string.Concat(Enumerable.Repeat("<p>word</p>", HtmlCleaner.MaxInputChars / 11 * 4));
        var cleaned = Cleaner.Clean(html, null);
        Assert.StartsWith("<p>word</p>", cleaned, StringComparison.Ordinal);
        Assert.EndsWith("</p>", cleaned, StringComparison.Ordinal);
        Assert.InRange(cleaned.Length, HtmlCleaner.MaxInputChars / 2, HtmlCleaner.MaxInputChars);
    }
}
