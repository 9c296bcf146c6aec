using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Reading;

/// <summary>The reader view's queries: the link, its content (its own, or its source's), its neighbours.</summary>
public sealed class LinkReader(FlusioDbContext db, LinkLists lists)
{
    public async Task<ReaderView?> ReadAsync(Guid userId, Guid linkId, CancellationToken cancellationToken)
    {
        var link = await lists.VisibleAsync(userId, linkId, cancellationToken);
        if (link is null)
        {
            return null;
        }

        var source = link.SourceLinkId is { } sourceId
            ? await db.Set<Link>().AsNoTracking().Where(l => l.Id == sourceId).Select(l => new { l.Content, l.Summary }).FirstOrDefaultAsync(cancellationToken)
            : null;
        var html = link.Content ?? link.Summary ?? source?.Content ?? source?.Summary;
        var feedId = link.FeedId ?? link.SourceFeedId;
        var sourceTitle = feedId is null ? null : await db.Set<Feed>().Where(f => f.Id == feedId).Select(f => f.Title).FirstOrDefaultAsync(cancellationToken);

        // Neighbours in publication order: within the feed for a feed's entry, within the
        // user's links for the user's own.
        var siblings = link.FeedId is { } feed
            ? db.Set<Link>().Where(l => l.FeedId == feed)
            : db.Set<Link>().Where(l => l.UserId == userId);
        var newer = await siblings
            .Where(l => l.PublishedAt > link.PublishedAt || (l.PublishedAt == link.PublishedAt && l.Id.CompareTo(link.Id) > 0))
            .OrderBy(l => l.PublishedAt).ThenBy(l => l.Id).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(cancellationToken);
        var older = await siblings
            .Where(l => l.PublishedAt < link.PublishedAt || (l.PublishedAt == link.PublishedAt && l.Id.CompareTo(link.Id) < 0))
            .OrderByDescending(l => l.PublishedAt).ThenByDescending(l => l.Id).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(cancellationToken);
        return new ReaderView(link, html, feedId, sourceTitle, newer, older);
    }
}

/// <summary>What a feed's page shows of the feed and of the reader's follow.</summary>
public sealed record FeedPageData(Feed Feed, FeedFollow? Follow, string? Group);

public sealed class FeedPages(FlusioDbContext db)
{
    public async Task<FeedPageData?> FindAsync(Guid userId, Guid feedId, CancellationToken cancellationToken)
    {
        var feed = await db.Set<Feed>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == feedId, cancellationToken);
        if (feed is null)
        {
            return null;
        }

        var follow = await db.Set<FeedFollow>().AsNoTracking().FirstOrDefaultAsync(f => f.UserId == userId && f.FeedId == feedId, cancellationToken);
        var group = follow?.GroupId is { } groupId ? await db.Set<Group>().Where(g => g.Id == groupId).Select(g => g.Name).FirstOrDefaultAsync(cancellationToken) : null;
        return new FeedPageData(feed, follow, group);
    }
}
