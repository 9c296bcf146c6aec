using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Flusio.Feeds.Cleaning;

namespace Flusio.Feeds.Tests.Cleaning;

public class HtmlCleanerXssTests
{
    private static readonly HtmlCleaner Cleaner = new();

    private static readonly HashSet<string> ForbiddenElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "object", "embed", "applet", "form", "input", "button", "select", "textarea",
        "keygen", "isindex", "base", "meta", "link", "svg", "math", "frame", "frameset", "template",
        "noscript", "xmp", "plaintext", "marquee", "param",
    };

    private static readonly string[] SafeInlineImages =
        ["data:image/png;", "data:image/gif;", "data:image/jpeg;", "data:image/webp;", "data:image/avif;"];

    // Written out here, never asked of the cleaner: the hosts an iframe may come from by default.
    private static readonly HashSet<string> EmbedHosts = new(StringComparer.Ordinal)
    {
        "www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "player.vimeo.com",
    };

    [Theory]
    [MemberData(nameof(XssVectors.All), MemberType = typeof(XssVectors))]
    public void Nothing_executable_survives_cleaning(string vector)
    {
        AssertHarmless(Cleaner.Clean(vector, new Uri("https://blog.example/post/")));
        AssertHarmless(Cleaner.Clean(vector, null));
    }

    [Theory]
    [MemberData(nameof(XssVectors.All), MemberType = typeof(XssVectors))]
    public void The_fast_path_refuses_every_vector(string vector) =>
        Assert.False(SimpleHtmlScanner.TryPass(vector, out _), "the fast path took a hostile vector as is");

    // Markup the fast path does take: script only as escaped text, which stays text.
    [Theory]
    [InlineData("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")]
    [InlineData("<p>&lt;img src=x onerror=alert(1)&gt;</p>")]
    [InlineData("<em>javascript:alert(1)</em>")]
    [InlineData("<code>&lt;a href=\"javascript:alert(1)\"&gt;x&lt;/a&gt;</code>")]
    [InlineData("<blockquote>&#60;script&#62;alert(1)&#60;/script&#62;</blockquote>")]
    [InlineData("<p>onload=alert(1) &amp;lt;svg&amp;gt;")]
    public void Escaped_vectors_take_the_fast_path_and_stay_harmless(string html)
    {
        Assert.True(SimpleHtmlScanner.TryPass(html, out var result), "the fast path refused plain markup");
        AssertHarmless(result);
        Assert.Equal(result, Cleaner.Clean(html, null));
    }

    [Theory]
    [MemberData(nameof(XssVectors.All), MemberType = typeof(XssVectors))]
    public void The_harmlessness_check_catches_each_vector_left_uncleaned(string vector)
    {
        if (!XssVectors.InertForHtml5Parsers.Contains(vector))
        {
            Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertHarmless(vector));
        }
    }

    [Fact]
    public void Script_content_is_dropped_not_shown_as_text()
    {
        var cleaned = Cleaner.Clean("<p>before</p><script>alert('x')</script><style>p{}</style><p>after</p>", null);

        Assert.Equal("<p>before</p><p>after</p>", cleaned);
    }

    internal static void AssertHarmless(string html)
    {
        var document = new HtmlParser().ParseDocument($"<!doctype html><html><body>{html}</body></html>");
        foreach (var element in document.Body!.DescendantsAndSelf<IElement>().Append(document.DocumentElement))
        {
            Assert.False(ForbiddenElements.Contains(element.LocalName), $"<{element.LocalName}> survived in: {html}");
            if (element.LocalName == "iframe")
            {
                var src = Uri.TryCreate(element.GetAttribute("src"), UriKind.Absolute, out var url) ? url : null;
                Assert.True(src is { Scheme: "https", IsDefaultPort: true } && EmbedHosts.Contains(src.Host), $"iframe from elsewhere in: {html}");
                Assert.Equal("allow-scripts allow-same-origin allow-popups", element.GetAttribute("sandbox"));
                Assert.Null(element.GetAttribute("srcdoc"));
            }

            foreach (var attribute in element.Attributes)
            {
                AssertHarmless(element, attribute, html);
            }
        }

        // Whatever the nesting, the cleaned markup must not hold a document element of its own.
        Assert.Empty(document.Head!.Children);
    }

    private static void AssertHarmless(IElement element, IAttr attribute, string html)
    {
        var name = attribute.Name;
        Assert.False(name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{name} survived in: {html}");
        Assert.NotEqual("style", name);
        Assert.NotEqual("formaction", name);
        Assert.NotEqual("action", name);
        Assert.NotEqual("srcdoc", name);
        Assert.DoesNotContain(":", name);

        var value = new string(attribute.Value.Where(c => c > ' ').ToArray()).ToLowerInvariant();
        Assert.DoesNotContain("javascript:", value);
        Assert.DoesNotContain("vbscript:", value);
        if (value.Contains("data:", StringComparison.Ordinal))
        {
            Assert.True(element.LocalName == "img" && SafeInlineImages.Any(value.StartsWith), $"{name}={value} survived in: {html}");
        }
    }
}
