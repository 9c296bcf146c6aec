using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Flusio.Feeds.Cleaning;

namespace Flusio.Feeds.Discovery;

/// <summary>
/// Parses fetched pages for discovery and metadata. A page is hostile input too, and an HTML
/// parser's time grows with the square of the nesting: markup deeper than <see cref="MaxDepth"/>
/// is flattened first (<see cref="HtmlDepthLimiter"/>). What is read here (links and meta in
/// the head, anchors, words) sits far above that depth, and text is kept whatever its depth.
/// </summary>
internal static class HtmlPages
{
    public const int MaxDepth = 512;

    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(HtmlDepthLimiter.Limit(html, MaxDepth));
}
