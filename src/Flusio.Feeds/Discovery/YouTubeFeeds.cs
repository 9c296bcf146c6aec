using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;

namespace Flusio.Feeds.Discovery;

/// <summary>
/// YouTube publishes a feed for every channel, user and playlist, but its pages do not always
/// say so. Channel, user and playlist URLs map straight to their feed; handle pages (@name) and
/// custom URLs need the page, which names its channel id.
/// </summary>
public static partial class YouTubeFeeds
{
    private const string FeedBase = "https://www.youtube.com/feeds/videos.xml";

    public static bool IsYouTube(Uri url) =>
        url.Host.Equals("youtube.com", StringComparison.OrdinalIgnoreCase)
        || url.Host.EndsWith(".youtube.com", StringComparison.OrdinalIgnoreCase);

    /// <summary>The feed of a channel, user or playlist URL; null for other URLs.</summary>
    public static Uri? FromUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!IsYouTube(url))
        {
            return null;
        }

        var list = QueryValue(url.Query, "list");
        if (list is not null && IdPattern().IsMatch(list))
        {
            return Feed("playlist_id", list);
        }

        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["channel", var id, ..] when ChannelIdPattern().IsMatch(id) => Feed("channel_id", id),
            ["user", var user, ..] when IdPattern().IsMatch(user) => Feed("user", user),
            _ => null,
        };
    }

    /// <summary>The channel feed named by a channel page (handle pages, custom URLs).</summary>
    internal static Uri? FromPage(IHtmlDocument document)
    {
        var candidates = new[]
        {
            document.QuerySelector("meta[itemprop=channelId]")?.GetAttribute("content"),
            document.QuerySelector("meta[itemprop=identifier]")?.GetAttribute("content"),
            ChannelFromUrl(document.QuerySelector("link[rel=canonical]")?.GetAttribute("href")),
            ChannelFromUrl(document.QuerySelector("meta[property='og:url']")?.GetAttribute("content")),
        };
        var id = candidates.FirstOrDefault(c => c is not null && ChannelIdPattern().IsMatch(c));
        return id is null ? null : Feed("channel_id", id);
    }

    private static string? ChannelFromUrl(string? href) =>
        Uri.TryCreate(href, UriKind.Absolute, out var url) && FromUrl(url) is { } feed
            ? QueryValue(feed.Query, "channel_id")
            : null;

    private static Uri Feed(string parameter, string value) => new($"{FeedBase}?{parameter}={Uri.EscapeDataString(value)}");

    private static string? QueryValue(string query, string name)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals] == name)
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return null;
    }

    [GeneratedRegex("^UC[A-Za-z0-9_-]{22}$")]
    private static partial Regex ChannelIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex IdPattern();
}
