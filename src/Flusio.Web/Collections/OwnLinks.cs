using Flusio.Web.Data;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Collections;

/// <summary>A user's link with the ids of the user's collections that hold it.</summary>
public sealed record OwnLink(Link Link, IReadOnlyList<Guid> CollectionIds);

/// <summary>
/// A user's own links, one at a time: read one with its collections, hide or show it, delete
/// it (its notes and its places in collections and lists go with it). Only the owner; another
/// user's id finds nothing.
/// </summary>
public sealed class OwnLinks(FlusioDbContext db)
{
    public async Task<OwnLink?> FindAsync(Guid userId, Guid linkId, CancellationToken cancellationToken)
    {
        var link = await db.Set<Link>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == linkId && l.UserId == userId, cancellationToken);
        if (link is null)
        {
            return null;
        }

        var collections = await db.Set<CollectionLink>()
            .Where(e => e.LinkId == linkId && db.Set<Collection>().Any(c => c.Id == e.CollectionId && c.UserId == userId && c.Kind == CollectionKind.Collection))
            .OrderBy(e => e.CollectionId).Select(e => e.CollectionId).ToListAsync(cancellationToken);
        return new OwnLink(link, collections);
    }

    /// <summary>False when the link is not the user's.</summary>
    public async Task<bool> SetHiddenAsync(Guid userId, Guid linkId, bool hidden, CancellationToken cancellationToken) =>
        await db.Set<Link>().Where(l => l.Id == linkId && l.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.IsHidden, hidden), cancellationToken) > 0;

    /// <summary>False when the link is not the user's.</summary>
    public async Task<bool> DeleteAsync(Guid userId, Guid linkId, CancellationToken cancellationToken) =>
        await db.Set<Link>().Where(l => l.Id == linkId && l.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;
}
