using Flusio.Feeds.Cleaning;
using Flusio.Feeds.Parsing;
using Flusio.Feeds.Text;
using Flusio.Web.Links;

namespace Flusio.Web.Feeds;

/// <summary>A parsed entry as it would be stored: its identity, URL and cleaned HTML.</summary>
public sealed record StoredEntry(string Key, string Url, string UrlHash, string Title, string? Summary, string? Content, DateTimeOffset PublishedAt);

/// <summary>From parsed entries to what a feed's links hold.</summary>
public static class FeedEntries
{
    /// <summary>
    /// The entry's identity within its feed: its id when the feed gives one, else its URL,
    /// else its title and content (the parser's id can be null), hashed to a fixed width.
    /// </summary>
    public static string Key(ParsedEntry entry) =>
        !string.IsNullOrWhiteSpace(entry.Id) ? UrlHash.Hash("id:" + entry.Id.Trim())
        : !string.IsNullOrWhiteSpace(entry.Link) ? UrlHash.Hash("url:" + UrlHash.Normalise(entry.Link))
        : UrlHash.Hash("text:" + entry.Title + "\n" + (entry.Content ?? entry.Summary));

    /// <summary>
    /// The entries worth storing, in feed order, each once: an entry without a usable http(s)
    /// URL is dropped (a link is a URL), a repeated identity or URL keeps its first one.
    /// </summary>
    public static List<StoredEntry> Prepare(ParsedFeed feed, Uri feedUrl, HtmlCleaner cleaner, DateTimeOffset now)
    {
        var entries = new List<StoredEntry>(feed.Entries.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var urls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in feed.Entries)
        {
            if (!Uri.TryCreate(feedUrl, entry.Link, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                continue;
            }

            var key = Key(entry);
            var absolute = url.AbsoluteUri;
            var hash = UrlHash.Of(absolute);
            if (!keys.Add(key) || !urls.Add(hash))
            {
                continue;
            }

            var title = PlainText.Collapse(entry.Title) ?? "";
            var summary = Clean(entry.Summary, url, cleaner);
            var content = Clean(entry.Content, url, cleaner);
            var published = entry.Published ?? entry.Updated ?? now;
            entries.Add(new StoredEntry(
                key,
                absolute,
                hash,
                PlainText.Truncate(title.Length > 0 ? title : absolute, 500),
                summary,
                content,
                published > now ? now : published));
        }

        return entries;
    }

    private static string? Clean(string? html, Uri baseUrl, HtmlCleaner cleaner)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        var clean = cleaner.Clean(html, baseUrl);
        return string.IsNullOrWhiteSpace(clean) ? null : clean;
    }
}
