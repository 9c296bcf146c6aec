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

    [Theory]
    [MemberData(nameof(XssVectors.All), MemberType = typeof(XssVectors))]
    public void Nothing_executable_survives_cleaning(string vector)
    {
        AssertHarmless(Cleaner.Clean(vector, new Uri("https://blog.example/post/")));
        AssertHarmless(Cleaner.Clean(vector, null));
    }

    [Theory]
    [MemberData(nameof(XssVectors.All), MemberType = typeof(XssVectors))]
    public void The_fast_path_refuses_or_defuses_every_vector(string vector)
    {
        if (SimpleHtmlScanner.TryPass(vector, out var result))
        {
            AssertHarmless(result);
        }
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
    public void There_are_at_least_sixty_vectors() => Assert.True(XssVectors.All.Count >= 60);

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
                Assert.True(HtmlCleaner.IsAllowedVideoEmbed(element.GetAttribute("src")), $"iframe from elsewhere in: {html}");
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
