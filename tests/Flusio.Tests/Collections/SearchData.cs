using Flusio.Tests.Infrastructure;
using Flusio.Web.Feeds;
using Flusio.Web.Links;

namespace Flusio.Tests.Collections;

/// <summary>Links written straight to the database, as the metadata job would have filled them, for the search and notes tests.</summary>
internal static class SearchData
{
    private static int counter;

    public static Task<Guid> AddLinkAsync(this FlusioApp app, Guid userId, string title, string? description = null, string? url = null,
        string? language = null, bool hidden = false, DateTimeOffset? createdAt = null) =>
        app.WithDbAsync(async db =>
        {
            var at = createdAt ?? DateTimeOffset.UtcNow;
            url ??= $"https://site{Interlocked.Increment(ref counter)}.example/page";
            var link = new Link
            {
                Id = Guid.CreateVersion7(at), UserId = userId, Url = url, UrlHash = UrlHash.Of(url), Title = title, Description = description,
                Language = language, IsHidden = hidden, PublishedAt = at, CreatedAt = at, MetadataState = LinkMetadataState.Fetched,
            };
            db.Add(link);
            await db.SaveChangesAsync();
            return link.Id;
        });

    /// <summary>An entry of a new feed: a link no user owns.</summary>
    public static Task<Guid> AddFeedEntryAsync(this FlusioApp app, string title) =>
        app.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var n = Interlocked.Increment(ref counter);
            var feedUrl = $"https://feed{n}.example/feed.xml";
            var feed = new Feed { Id = Guid.CreateVersion7(now), Url = feedUrl, UrlHash = UrlHash.Of(feedUrl), Host = $"feed{n}.example", Title = "A feed", CreatedAt = now, NextCheckAt = now };
            var url = $"https://feed{n}.example/entry";
            var entry = new Link { Id = Guid.CreateVersion7(now), FeedId = feed.Id, Url = url, UrlHash = UrlHash.Of(url), EntryKey = UrlHash.Of(url), Title = title, PublishedAt = now, CreatedAt = now };
            db.AddRange(feed, entry);
            await db.SaveChangesAsync();
            return entry.Id;
        });
}
