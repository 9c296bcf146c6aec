using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Reading;

/// <summary>
/// "What's new": fills the user's News with up to <see cref="Size"/> links from the feeds
/// and the collections they follow, each follow under its time filter, latest first (a
/// feed's entry by its publication, a collection's link by when it was added to the
/// collection), leaving out every URL the user already has (in Read later, Read, Dismissed,
/// News, or any link of theirs) and merging the links of several sources with one URL. A
/// followed collection gives only while it is public or shared with the user, and never
/// its hidden links. A fixed number of queries, whatever the number of follows.
/// </summary>
public sealed class NewsJournal(FlusioDbContext db, LinkLists lists, TimeProvider clock)
{
    public const int Size = 50;

    /// <summary>Adds links to the News and returns how many.</summary>
    public async Task<int> FillAsync(Guid userId, CancellationToken cancellationToken)
    {
        var newsId = await lists.CollectionIdAsync(userId, CollectionKind.News, cancellationToken);
        var room = Size - await db.Set<CollectionLink>().CountAsync(e => e.CollectionId == newsId, cancellationToken);
        if (room <= 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var dayAgo = now.AddDays(-1);
        var weekAgo = now.AddDays(-7);
        var fromFeeds = await (
            from follow in db.Set<FeedFollow>()
            join link in db.Set<Link>() on follow.FeedId equals link.FeedId
            where follow.UserId == userId
                && link.PublishedAt >= (follow.TimeFilter == TimeFilter.Strict ? dayAgo : follow.TimeFilter == TimeFilter.Normal ? weekAgo : follow.CreatedAt)
                && !db.Set<Link>().Any(own => own.UserId == userId && own.UrlHash == link.UrlHash)
            orderby link.PublishedAt descending, link.Id descending
            select new Candidate(link, link.PublishedAt))
            .AsNoTracking()
            // Several followed sources may carry one URL: read a little more, keep each URL once.
            .Take(room * 3)
            .ToListAsync(cancellationToken);
        var fromCollections = await (
            from follow in db.Set<CollectionFollow>()
            join collection in db.Set<Collection>() on follow.CollectionId equals collection.Id
            join entry in db.Set<CollectionLink>() on collection.Id equals entry.CollectionId
            join link in db.Set<Link>() on entry.LinkId equals link.Id
            where follow.UserId == userId
                && collection.Kind == CollectionKind.Collection
                && collection.UserId != userId
                && (collection.IsPublic || db.Set<CollectionShare>().Any(s => s.CollectionId == collection.Id && s.UserId == userId))
                && !link.IsHidden
                && entry.AddedAt >= (follow.TimeFilter == TimeFilter.Strict ? dayAgo : follow.TimeFilter == TimeFilter.Normal ? weekAgo : follow.CreatedAt)
                && !db.Set<Link>().Any(own => own.UserId == userId && own.UrlHash == link.UrlHash)
            orderby entry.AddedAt descending, link.Id descending
            select new Candidate(link, entry.AddedAt))
            .AsNoTracking()
            .Take(room * 3)
            .ToListAsync(cancellationToken);

        var picked = fromFeeds.Concat(fromCollections)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Link.Id)
            .Select(c => c.Link)
            .DistinctBy(l => l.UrlHash).Take(room).ToList();
        if (picked.Count == 0)
        {
            return 0;
        }

        foreach (var link in picked)
        {
            var copy = LinkLists.CopyOf(userId, link, now);
            // A collection's link is another user's: the copy says where it came from.
            copy.SourceLinkId ??= link.FeedId is null ? link.Id : null;
            db.Add(copy);
            db.Add(new CollectionLink { CollectionId = newsId, LinkId = copy.Id, AddedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        return picked.Count;
    }

    /// <summary>A link that may reach the news, and the instant it is ordered by.</summary>
    private sealed record Candidate(Link Link, DateTimeOffset At);
}
