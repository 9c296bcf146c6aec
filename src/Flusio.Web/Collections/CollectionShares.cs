using Flusio.Web.Data;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Collections;

/// <summary>Why a share was not made, translated by the page.</summary>
public enum ShareError
{
    UnknownUser,
    OwnCollection,
}

/// <summary>A user a collection is shared with.</summary>
public sealed record CollectionShareSummary(Guid UserId, string UserName, bool CanWrite, DateTimeOffset CreatedAt);

/// <summary>
/// Sharing a collection with other users by their username, to read or to write. Every
/// method takes the owner and touches only the shares of the owner's collections; the
/// pages check the role first (<see cref="UserCollections.RoleAsync"/>).
/// </summary>
public sealed class CollectionShares(FlusioDbContext db, TimeProvider clock)
{
    private IQueryable<CollectionShare> OfOwner(Guid ownerId, Guid collectionId) =>
        db.Set<CollectionShare>().Where(s => s.CollectionId == collectionId
            && db.Set<Collection>().Any(c => c.Id == collectionId && c.UserId == ownerId && c.Kind == CollectionKind.Collection));

    /// <summary>The collection's shares, by username.</summary>
    public async Task<List<CollectionShareSummary>> ListAsync(Guid ownerId, Guid collectionId, CancellationToken cancellationToken)
    {
        var found = await (
            from s in OfOwner(ownerId, collectionId)
            join u in db.Set<Accounts.User>() on s.UserId equals u.Id
            select new CollectionShareSummary(u.Id, u.UserName!, s.CanWrite, s.CreatedAt))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return [.. found.OrderBy(s => s.UserName, StringComparer.CurrentCultureIgnoreCase).ThenBy(s => s.UserId)];
    }

    /// <summary>
    /// Shares the owner's collection with the user named <paramref name="userName"/> (any case);
    /// sharing again sets the access. Nothing is written when the name is nobody's or the owner's.
    /// </summary>
    public async Task<ShareError?> AddAsync(Guid ownerId, Guid collectionId, string? userName, bool canWrite, CancellationToken cancellationToken)
    {
        var normalized = userName?.Trim().ToUpperInvariant() ?? "";
        var userId = normalized.Length == 0
            ? null
            : await db.Set<Accounts.User>().Where(u => u.NormalizedUserName == normalized).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken);
        if (userId is not { } id)
        {
            return ShareError.UnknownUser;
        }

        if (id == ownerId)
        {
            return ShareError.OwnCollection;
        }

        if (await OfOwner(ownerId, collectionId).Where(s => s.UserId == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.CanWrite, canWrite), cancellationToken) == 0)
        {
            db.Add(new CollectionShare { CollectionId = collectionId, UserId = id, CanWrite = canWrite, CreatedAt = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Shared by a parallel request a moment ago: set its access as asked.
                db.ChangeTracker.Clear();
                await OfOwner(ownerId, collectionId).Where(s => s.UserId == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.CanWrite, canWrite), cancellationToken);
            }
        }

        return null;
    }

    /// <summary>Sets a share's access; false when there is no such share of the owner's collection.</summary>
    public async Task<bool> ChangeAsync(Guid ownerId, Guid collectionId, Guid userId, bool canWrite, CancellationToken cancellationToken) =>
        await OfOwner(ownerId, collectionId).Where(s => s.UserId == userId).ExecuteUpdateAsync(u => u.SetProperty(s => s.CanWrite, canWrite), cancellationToken) > 0;

    /// <summary>Stops sharing; false when there is no such share of the owner's collection.</summary>
    public async Task<bool> RemoveAsync(Guid ownerId, Guid collectionId, Guid userId, CancellationToken cancellationToken) =>
        await OfOwner(ownerId, collectionId).Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;
}
