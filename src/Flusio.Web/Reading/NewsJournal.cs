using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Reading;

/// <summary>
/// "What's new": fills the user's News with up to <see cref="Size"/> links from the feeds
/// they follow, each follow under its time filter, latest first, leaving out every URL the
/// user already has (in Read later, Read, Dismissed, News, or any link of theirs) and
/// merging the entries of several feeds with one URL. A fixed number of queries.
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
        var candidates = await (
            from follow in db.Set<FeedFollow>()
            join link in db.Set<Link>() on follow.FeedId equals link.FeedId
            where follow.UserId == userId
                && link.PublishedAt >= (follow.TimeFilter == TimeFilter.Strict ? dayAgo : follow.TimeFilter == TimeFilter.Normal ? weekAgo : follow.CreatedAt)
                && !db.Set<Link>().Any(own => own.UserId == userId && own.UrlHash == link.UrlHash)
            orderby link.PublishedAt descending, link.Id descending
            select link)
            .AsNoTracking()
            // Several followed feeds may carry one URL: read a little more, keep each URL once.
            .Take(room * 3)
            .ToListAsync(cancellationToken);

        var picked = candidates.DistinctBy(l => l.UrlHash).Take(room).ToList();
        if (picked.Count == 0)
        {
            return 0;
        }

        foreach (var link in picked)
        {
            var copy = LinkLists.CopyOf(userId, link, now);
            db.Add(copy);
            db.Add(new CollectionLink { CollectionId = newsId, LinkId = copy.Id, AddedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        return picked.Count;
    }
}
