using Flusio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Links;

/// <summary>What a reader does with a link.</summary>
public enum LinkAction
{
    /// <summary>Into Read (the history), out of News and Read later.</summary>
    MarkRead,
    /// <summary>Into Read later, out of News and Dismissed.</summary>
    ReadLater,
    /// <summary>Into Dismissed, out of News and Read later: never shown again.</summary>
    Dismiss,
}

/// <summary>
/// The system lists of each user (News, Read later, Read, Dismissed) and the reading
/// actions on links. Acting on a feed's link copies it into the user's account first (one
/// link per user and URL), so that the user's lists hold only the user's own links.
/// </summary>
public sealed class LinkLists(FlusioDbContext db, TimeProvider clock)
{
    /// <summary>The id of the user's system list of <paramref name="kind"/>, created on first use.</summary>
    public async Task<Guid> CollectionIdAsync(Guid userId, CollectionKind kind, CancellationToken cancellationToken)
    {
        var id = await db.Set<Collection>().Where(c => c.UserId == userId && c.Kind == kind).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is { } known)
        {
            return known;
        }

        var now = clock.GetUtcNow();
        var collection = new Collection { Id = Guid.CreateVersion7(now), UserId = userId, Kind = kind, CreatedAt = now };
        db.Add(collection);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return collection.Id;
        }
        catch (DbUpdateException)
        {
            db.Entry(collection).State = EntityState.Detached;
            return await db.Set<Collection>().Where(c => c.UserId == userId && c.Kind == kind).Select(c => c.Id).FirstAsync(cancellationToken);
        }
    }

    /// <summary>A link the user may see: their own, or an entry of a feed. Another user's link is not.</summary>
    public Task<Link?> VisibleAsync(Guid userId, Guid linkId, CancellationToken cancellationToken) =>
        db.Set<Link>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == linkId && (l.UserId == userId || l.FeedId != null), cancellationToken);

    /// <summary>
    /// Applies <paramref name="action"/> to the links the user may see among
    /// <paramref name="linkIds"/> and returns how many; others' links are left alone. A fixed
    /// number of queries whatever the number of links.
    /// </summary>
    public async Task<int> ApplyAsync(Guid userId, IReadOnlyCollection<Guid> linkIds, LinkAction action, CancellationToken cancellationToken)
    {
        var ids = linkIds.Distinct().Take(500).ToList();
        var links = await db.Set<Link>().AsNoTracking()
            .Where(l => ids.Contains(l.Id) && (l.UserId == userId || l.FeedId != null))
            .ToListAsync(cancellationToken);
        if (links.Count == 0)
        {
            return 0;
        }

        var (target, removeFrom) = action switch
        {
            LinkAction.MarkRead => (CollectionKind.Read, new[] { CollectionKind.News, CollectionKind.ReadLater }),
            LinkAction.ReadLater => (CollectionKind.ReadLater, new[] { CollectionKind.News, CollectionKind.Dismissed }),
            LinkAction.Dismiss => (CollectionKind.Dismissed, new[] { CollectionKind.News, CollectionKind.ReadLater }),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        var targetId = await CollectionIdAsync(userId, target, cancellationToken);
        var own = await OwnCopiesAsync(userId, links, cancellationToken);
        var removed = await db.Set<Collection>().Where(c => c.UserId == userId && removeFrom.Contains(c.Kind)).Select(c => c.Id).ToListAsync(cancellationToken);
        var ownIds = own.Select(l => l.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.Set<CollectionLink>().Where(e => removed.Contains(e.CollectionId) && ownIds.Contains(e.LinkId)).ExecuteDeleteAsync(cancellationToken);
        var already = await db.Set<CollectionLink>().Where(e => e.CollectionId == targetId && ownIds.Contains(e.LinkId)).Select(e => e.LinkId).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var id in ownIds.Except(already))
        {
            db.Add(new CollectionLink { CollectionId = targetId, LinkId = id, AddedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return links.Count;
    }

    /// <summary>
    /// The user's own link for each of <paramref name="links"/>: itself when it is the user's,
    /// else the user's link with the same URL, else a new copy (added to the context, not saved).
    /// </summary>
    public async Task<List<Link>> OwnCopiesAsync(Guid userId, IReadOnlyList<Link> links, CancellationToken cancellationToken)
    {
        var hashes = links.Where(l => l.UserId != userId).Select(l => l.UrlHash).Distinct().ToList();
        var existing = hashes.Count == 0
            ? []
            : await db.Set<Link>().AsNoTracking().Where(l => l.UserId == userId && hashes.Contains(l.UrlHash)).ToListAsync(cancellationToken);
        var byHash = existing.ToDictionary(l => l.UrlHash, StringComparer.Ordinal);
        var own = new List<Link>(links.Count);
        var now = clock.GetUtcNow();
        foreach (var link in links)
        {
            if (link.UserId == userId)
            {
                own.Add(link);
                continue;
            }

            if (!byHash.TryGetValue(link.UrlHash, out var copy))
            {
                copy = CopyOf(userId, link, now);
                db.Add(copy);
                byHash[link.UrlHash] = copy;
            }

            own.Add(copy);
        }

        return own.DistinctBy(l => l.Id).ToList();
    }

    /// <summary>The user's copy of a feed's link: its address, title and date, and where it came from.</summary>
    public static Link CopyOf(Guid userId, Link link, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        Url = link.Url,
        UrlHash = link.UrlHash,
        Title = link.Title,
        PublishedAt = link.PublishedAt,
        CreatedAt = now,
        SourceFeedId = link.FeedId ?? link.SourceFeedId,
        SourceLinkId = link.FeedId is null ? link.SourceLinkId : link.Id,
    };
}
