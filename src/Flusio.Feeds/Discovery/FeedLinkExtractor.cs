using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Flusio.Feeds.Discovery;

/// <summary>
/// Finds feed links in an HTML page, without fetching anything: first the
/// &lt;link rel="alternate"&gt; feeds the page announces (comment feeds last), then, when it
/// announces none, &lt;a&gt; links whose address looks like a feed. Relative addresses are
/// resolved against the page (or its &lt;base href&gt;); duplicates are dropped.
/// </summary>
public static class FeedLinkExtractor
{
    private const int MaxAnchorCandidates = 10;

    private static readonly Dictionary<string, FeedType> AlternateTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/rss+xml"] = FeedType.Rss,
        ["application/atom+xml"] = FeedType.Atom,
        ["application/rdf+xml"] = FeedType.Rdf,
        ["application/feed+json"] = FeedType.JsonFeed,
        ["application/x.atom+xml"] = FeedType.Atom,
        ["application/x-atom+xml"] = FeedType.Atom,
        ["text/xml"] = FeedType.Unknown,
        ["application/xml"] = FeedType.Unknown,
    };

    private static readonly string[] FeedFileEndings = [".rss", ".atom", ".rdf", ".xml", ".json"];
    private static readonly string[] FeedWords = ["rss", "atom", "feed", "feeds"];

    public static IReadOnlyList<FeedCandidate> Extract(string html, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        using var document = HtmlPages.Parse(html);
        return Extract(document, baseUrl);
    }

    internal static IReadOnlyList<FeedCandidate> Extract(IHtmlDocument document, Uri pageUrl)
    {
        var alternates = Alternates(document, pageUrl);
        return alternates.Count > 0 ? alternates : Anchors(document, pageUrl);
    }

    internal static IReadOnlyList<FeedCandidate> Alternates(IHtmlDocument document, Uri pageUrl)
    {
        var baseUrl = DocumentBase(document, pageUrl);
        var found = new List<FeedCandidate>();
        foreach (var link in document.QuerySelectorAll("link[rel][href][type]"))
        {
            var rel = link.GetAttribute("rel")!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var type = link.GetAttribute("type")!.Split(';')[0].Trim();
            var href = link.GetAttribute("href");
            if (!rel.Contains("alternate", StringComparer.OrdinalIgnoreCase) || !IsFeedType(type, href)
                || Resolve(baseUrl, href) is not { } url)
            {
                continue;
            }

            // Not in the table means the accepted application/json form of JSON Feed.
            var feedType = AlternateTypes.TryGetValue(type, out var known) ? known : FeedType.JsonFeed;
            found.Add(new FeedCandidate(url, Clean(link.GetAttribute("title")), feedType));
        }

        return Distinct(found.OrderBy(c => IsCommentFeed(c) ? 1 : 0));
    }

    internal static IReadOnlyList<FeedCandidate> Anchors(IHtmlDocument document, Uri pageUrl)
    {
        var baseUrl = DocumentBase(document, pageUrl);
        var found = new List<FeedCandidate>();
        foreach (var anchor in document.QuerySelectorAll("a[href]"))
        {
            if (Resolve(baseUrl, anchor.GetAttribute("href")) is not { } url || !LooksLikeFeed(url))
            {
                continue;
            }

            var title = Clean(anchor.GetAttribute("title")) ?? Clean(anchor.TextContent);
            found.Add(new FeedCandidate(url, title, GuessType(url)));
        }

        return Distinct(found).Take(MaxAnchorCandidates).ToList();
    }

    internal static Uri? Resolve(Uri baseUrl, string? href)
    {
        if (string.IsNullOrWhiteSpace(href) || !Uri.TryCreate(baseUrl, href.Trim(), out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        return url.Fragment.Length > 0 ? new UriBuilder(url) { Fragment = string.Empty }.Uri : url;
    }

    internal static IReadOnlyList<FeedCandidate> Distinct(IEnumerable<FeedCandidate> candidates) =>
        candidates.DistinctBy(c => c.Url.AbsoluteUri).ToList();

    internal static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static Uri DocumentBase(IHtmlDocument document, Uri pageUrl) =>
        Resolve(pageUrl, document.QuerySelector("base[href]")?.GetAttribute("href")) ?? pageUrl;

    // application/json is claimed by many things that are not feeds (the WordPress API, oEmbed):
    // only trust it when the address says "feed".
    private static bool IsFeedType(string type, string? href) =>
        AlternateTypes.ContainsKey(type)
        || (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) && href?.Contains("feed", StringComparison.OrdinalIgnoreCase) == true);

    private static bool IsCommentFeed(FeedCandidate candidate) =>
        candidate.Title?.Contains("comment", StringComparison.OrdinalIgnoreCase) == true
        || candidate.Url.AbsolutePath.Contains("/comments/", StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeFeed(Uri url)
    {
        var path = url.AbsolutePath.TrimEnd('/').ToLowerInvariant();
        var lastSegment = path[(path.LastIndexOf('/') + 1)..];
        var name = Path.GetFileNameWithoutExtension(lastSegment);
        var extension = Path.GetExtension(lastSegment);
        if (FeedWords.Contains(lastSegment) || lastSegment == "index.xml" || url.Host.StartsWith("feeds.", StringComparison.OrdinalIgnoreCase)
            || (FeedFileEndings.Contains(extension) && FeedWords.Any(name.Contains)))
        {
            return true;
        }

        if (extension is ".rss" or ".atom" or ".rdf")
        {
            return true;
        }

        // WordPress and friends: ?feed=rss2, ?format=atom.
        var query = url.Query.ToLowerInvariant();
        return query.Contains("feed=", StringComparison.Ordinal) || query.Contains("format=rss", StringComparison.Ordinal)
            || query.Contains("format=atom", StringComparison.Ordinal);
    }

    private static FeedType GuessType(Uri url)
    {
        var address = url.AbsoluteUri.ToLowerInvariant();
        return address.Contains("atom", StringComparison.Ordinal) ? FeedType.Atom
            : address.Contains("json", StringComparison.Ordinal) ? FeedType.JsonFeed
            : address.Contains("rss", StringComparison.Ordinal) ? FeedType.Rss
            : FeedType.Unknown;
    }
}
