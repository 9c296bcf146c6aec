using AngleSharp.Dom;
using Ganss.Xss;

namespace Flusio.Feeds.Cleaning;

/// <summary>
/// Cleans feed and page HTML with an allow-list before it is stored or shown: no script, no style,
/// no forms, no plugin; iframes only from the video hosts of <see cref="EmbedHosts"/>, sandboxed;
/// URLs only http, https and mailto (and inline images); relative URLs resolved; links marked
/// noopener, noreferrer, nofollow; tracking pixels dropped. Simple markup already within the
/// allow-list skips the full sanitiser (<see cref="SimpleHtmlScanner"/>); markup nested deeper
/// than the sanitiser parses in linear time is flattened first (<see cref="HtmlDepthLimiter"/>).
/// Build once and share: <see cref="Clean"/> is thread-safe.
/// </summary>
public sealed class HtmlCleaner
{
    private const string LinkRel = "noopener noreferrer nofollow";
    private const string IframeSandbox = "allow-scripts allow-same-origin allow-popups";

    private static readonly string[] Tags =
    [
        "a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote",
        "br", "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl",
        "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i",
        "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s",
        "samp", "section", "small", "source", "span", "strike", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "video", "wbr",
    ];

    private static readonly string[] Attributes =
    [
        "abbr", "allowfullscreen", "alt", "cite", "colspan", "controls", "datetime", "dir", "headers", "height",
        "href", "hreflang", "lang", "loop", "muted", "poster", "reversed", "rowspan", "scope", "sizes", "span",
        "src", "srcset", "start", "title", "type", "width",
    ];

    // Removed with everything inside: keeping their text would only show code or noise.
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "object", "embed", "applet", "form", "select", "textarea",
        "button", "svg", "math", "head", "title", "frame", "frameset", "noembed", "noframes", "xmp",
    };

    private static readonly string[] TrackerHosts =
    [
        "feeds.feedburner.com", "feedproxy.google.com", "pixel.wp.com", "stats.wordpress.com",
        "pixel.quantserve.com", "www.google-analytics.com", "pi.feedsportal.com", "feedads.g.doubleclick.net",
    ];

    private static readonly string[] InlineImageTypes =
        ["data:image/png;", "data:image/gif;", "data:image/jpeg;", "data:image/jpg;", "data:image/webp;", "data:image/avif;"];

    // The embed hosts every instance allows, and the path of their players.
    private static readonly (string Host, string Path)[] VideoHosts =
    [
        ("www.youtube.com", "/embed/"),
        ("youtube.com", "/embed/"),
        ("www.youtube-nocookie.com", "/embed/"),
        ("player.vimeo.com", "/video/"),
    ];

    private const string PeerTubePath = "/videos/embed/";

    private readonly HtmlSanitizer _sanitizer;
    private readonly Dictionary<string, string> _embedPaths;

    public HtmlCleaner(HtmlCleanerOptions? options = null)
    {
        options ??= new HtmlCleanerOptions();
        _embedPaths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, path) in VideoHosts)
        {
            _embedPaths[host] = path;
        }
        foreach (var host in options.PeerTubeHosts)
        {
            _embedPaths.TryAdd(HtmlCleanerOptions.PeerTubeHost(host), PeerTubePath);
        }
        EmbedHosts = [.. _embedPaths.Keys];

        var allowed = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto", "data"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src", "cite", "poster"], StringComparer.OrdinalIgnoreCase),
            UriListAttributes = new HashSet<string>(["srcset"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        };
        _sanitizer = new HtmlSanitizer(allowed) { KeepChildNodes = true };
        _sanitizer.RemovingTag += DropWithContent;
        _sanitizer.FilterUrl += FilterUrl;
        _sanitizer.PostProcessNode += FinishElement;
    }

    /// <summary>
    /// HTML longer than this is cut here before it is cleaned (at the last tag start before
    /// the cut): no real entry comes near it, and a hostile one of several megabytes of
    /// elements would cost the sanitiser minutes and hundreds of megabytes.
    /// </summary>
    public const int MaxInputChars = 256 * 1024;

    /// <summary>Returns safe HTML; <paramref name="baseUrl"/> resolves relative URLs.</summary>
    public string Clean(string html, Uri? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return string.Empty;
        }

        if (html.Length > MaxInputChars)
        {
            var cut = html.LastIndexOf('<', MaxInputChars - 1);
            html = html[..(cut > MaxInputChars / 2 ? cut : MaxInputChars)];
        }

        if (SimpleHtmlScanner.TryPass(html, out var simple))
        {
            return simple;
        }

        return _sanitizer.Sanitize(HtmlDepthLimiter.Limit(html), baseUrl?.AbsoluteUri ?? string.Empty);
    }

    /// <summary>
    /// Every host an iframe may come from (over https, on the default port): the video hosts,
    /// then the PeerTube instances of the options. The page's Content-Security-Policy frame-src
    /// is built from it.
    /// </summary>
    public IReadOnlyList<string> EmbedHosts { get; }

    private static void DropWithContent(object? sender, RemovingTagEventArgs e)
    {
        if (DroppedWithContent.Contains(e.Tag.LocalName))
        {
            e.Cancel = true;
            e.Tag.Remove();
        }
    }

    // "data" is an allowed scheme only so that this filter sees it: inline images survive, nothing
    // else. A URL still relative here had no base to resolve against; it would point into the
    // app itself once shown, so it goes too, except an in-page #fragment.
    private static void FilterUrl(object? sender, FilterUrlEventArgs e)
    {
        var url = e.SanitizedUrl;
        if (url is null)
        {
            return;
        }

        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var isImage = e.Tag.LocalName == "img" && InlineImageTypes.Any(t => url.StartsWith(t, StringComparison.OrdinalIgnoreCase));
            e.SanitizedUrl = isImage ? url : null;
        }
        else if (!HasScheme(url) && !url.StartsWith('#'))
        {
            e.SanitizedUrl = null;
        }
    }

    // Uri.TryCreate would take "/path" for an absolute file URL on Unix: look for "scheme:" instead.
    private static bool HasScheme(string url)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && url.AsSpan(0, colon).IndexOfAny('/', '?', '#') < 0;
    }

    private void FinishElement(object? sender, PostProcessNodeEventArgs e)
    {
        if (e.Node is not IElement element)
        {
            return;
        }

        switch (element.LocalName)
        {
            case "a":
                element.SetAttribute("rel", LinkRel);
                break;
            case "img" when IsTrackingPixel(element):
                element.Remove();
                break;
            case "iframe" when IsAllowedVideoEmbed(element.GetAttribute("src")):
                element.SetAttribute("sandbox", IframeSandbox);
                break;
            case "iframe":
                element.Remove();
                break;
        }
    }

    private static bool IsTrackingPixel(IElement image)
    {
        static bool Tiny(string? size) => size?.Trim() is "0" or "1" or "0px" or "1px";
        if (Tiny(image.GetAttribute("width")) && Tiny(image.GetAttribute("height")))
        {
            return true;
        }

        return Uri.TryCreate(image.GetAttribute("src"), UriKind.Absolute, out var src)
            && TrackerHosts.Contains(src.Host, StringComparer.OrdinalIgnoreCase);
    }

    // An https URL on the default port, from one of the embed hosts, at its player's path.
    private bool IsAllowedVideoEmbed(string? src) =>
        Uri.TryCreate(src, UriKind.Absolute, out var url)
        && url.Scheme == Uri.UriSchemeHttps
        && url.IsDefaultPort
        && _embedPaths.TryGetValue(url.IdnHost, out var path)
        && url.AbsolutePath.StartsWith(path, StringComparison.Ordinal);
}
