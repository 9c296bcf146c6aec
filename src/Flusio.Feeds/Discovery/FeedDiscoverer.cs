using AngleSharp.Html.Dom;
using Flusio.Feeds.Fetching;

namespace Flusio.Feeds.Discovery;

/// <summary>
/// Finds the feeds of a site from any URL a user pastes: a feed URL is returned as is; a YouTube
/// channel, user or playlist URL maps to its feed; a page gives its announced feeds, else its
/// feed-looking links (probed), else the usual feed paths of the site (probed). Candidates come
/// most likely first, without duplicates. Fetches only through the <see cref="IHttpFetcher"/>,
/// so every probe obeys the same guard, timeouts and caps.
/// </summary>
public sealed class FeedDiscoverer(IHttpFetcher fetcher)
{
    private const int MaxProbedAnchors = 5;

    private static readonly string[] WellKnownPaths = ["/feed", "/rss", "/atom.xml", "/feed.xml", "/index.xml", "/rss.xml"];

    public async Task<IReadOnlyList<FeedCandidate>> DiscoverAsync(Uri siteOrFeedUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(siteOrFeedUrl);
        if (YouTubeFeeds.FromUrl(siteOrFeedUrl) is { } youTubeFeed)
        {
            return [new FeedCandidate(youTubeFeed, null, FeedType.Atom)];
        }

        var page = await fetcher.FetchAsync(siteOrFeedUrl, FetchRequest.Page, cancellationToken);
        if (FeedSniffer.Sniff(page.Body) is { } feed)
        {
            return [new FeedCandidate(page.PermanentRedirectUrl ?? siteOrFeedUrl, feed.Title, feed.Type)];
        }

        if (!LooksLikeHtml(page))
        {
            return [];
        }

        using var document = HtmlPages.Parse(BodyText.DecodeHtml(page.Body, page.Charset));
        var found = FromPage(document, page.FinalUrl);
        if (found.Count == 0)
        {
            var anchors = FeedLinkExtractor.Anchors(document, page.FinalUrl).Take(MaxProbedAnchors);
            found = await ProbeAsync(anchors, cancellationToken);
        }

        if (found.Count == 0)
        {
            var root = new Uri(page.FinalUrl.GetLeftPart(UriPartial.Authority));
            found = await ProbeAsync(WellKnownPaths.Select(p => new FeedCandidate(new Uri(root, p), null, FeedType.Unknown)), cancellationToken);
        }

        return found;
    }

    private static IReadOnlyList<FeedCandidate> FromPage(IHtmlDocument document, Uri pageUrl)
    {
        var pageTitle = FeedLinkExtractor.Clean(document.Title);
        var found = FeedLinkExtractor.Alternates(document, pageUrl)
            .Select(c => c.Title is null ? c with { Title = pageTitle } : c)
            .ToList();
        if (YouTubeFeeds.IsYouTube(pageUrl) && YouTubeFeeds.FromPage(document) is { } channelFeed)
        {
            found.Insert(0, new FeedCandidate(channelFeed, pageTitle, FeedType.Atom));
        }

        return FeedLinkExtractor.Distinct(found);
    }

    // Fetches every candidate at once and keeps those that turn out to be feeds, in the given order.
    private async Task<IReadOnlyList<FeedCandidate>> ProbeAsync(IEnumerable<FeedCandidate> candidates, CancellationToken cancellationToken)
    {
        var probes = candidates.Select(c => ProbeAsync(c, cancellationToken)).ToList();
        var results = await Task.WhenAll(probes);
        return results
            .Where(r => r.Feed is not null)
            .DistinctBy(r => r.FinalUrl)
            .Select(r => r.Feed!)
            .ToList();
    }

    private async Task<(FeedCandidate? Feed, string? FinalUrl)> ProbeAsync(FeedCandidate candidate, CancellationToken cancellationToken)
    {
        try
        {
            var result = await fetcher.FetchAsync(candidate.Url, FetchRequest.Feed, cancellationToken);
            return FeedSniffer.Sniff(result.Body) is { } sniffed
                ? (new FeedCandidate(candidate.Url, sniffed.Title ?? candidate.Title, sniffed.Type), result.FinalUrl.AbsoluteUri)
                : (null, null);
        }
        catch (FetchException)
        {
            return (null, null);
        }
    }

    private static bool LooksLikeHtml(FetchResult page) =>
        page.MediaType is null or "text/html" or "application/xhtml+xml" or "text/plain"
        || page.MediaType.EndsWith("+xml", StringComparison.Ordinal) || page.MediaType.EndsWith("/xml", StringComparison.Ordinal);
}
