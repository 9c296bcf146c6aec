using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Collections;

/// <summary>The answer of a follow: done, refused (one's own collection, a group not theirs), or not found.</summary>
public enum FollowResult
{
    Done,
    OwnCollection,
    UnknownGroup,
    NotFound,
}

/// <summary>
/// Following other users' collections: their links reach the follower's news (see
/// <c>NewsJournal</c>) under the follow's time filter while the collection is public or
/// shared with the follower. One follows only a collection one may see and is not the
/// owner of; following again changes the time filter and group.
/// </summary>
public sealed class CollectionFollowing(FlusioDbContext db, UserCollections collections, TimeProvider clock)
{
    public async Task<FollowResult> FollowAsync(Guid userId, Guid collectionId, TimeFilter timeFilter, Guid? groupId, CancellationToken cancellationToken)
    {
        if (await collections.FindVisibleAsync(userId, collectionId, cancellationToken) is not { } found)
        {
            return FollowResult.NotFound;
        }

        if (found.Role == CollectionRole.Owner)
        {
            return FollowResult.OwnCollection;
        }

        if (groupId is { } g && !await db.Set<Group>().AnyAsync(x => x.Id == g && x.UserId == userId, cancellationToken))
        {
            return FollowResult.UnknownGroup;
        }

        var follow = await db.Set<CollectionFollow>().FirstOrDefaultAsync(f => f.UserId == userId && f.CollectionId == collectionId, cancellationToken);
        if (follow is null)
        {
            follow = new CollectionFollow { UserId = userId, CollectionId = collectionId, CreatedAt = clock.GetUtcNow() };
            db.Add(follow);
        }

        follow.TimeFilter = timeFilter;
        follow.GroupId = groupId;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Followed by a parallel request a moment ago: the follow is there, as asked.
            db.ChangeTracker.Clear();
        }

        return FollowResult.Done;
    }

    /// <summary>Stops following; false when there was no follow and the collection is not the user's to see.</summary>
    public async Task<bool> UnfollowAsync(Guid userId, Guid collectionId, CancellationToken cancellationToken) =>
        await db.Set<CollectionFollow>().Where(f => f.UserId == userId && f.CollectionId == collectionId).ExecuteDeleteAsync(cancellationToken) > 0
        || await collections.FindVisibleAsync(userId, collectionId, cancellationToken) is not null;

    public Task<CollectionFollow?> FollowOfAsync(Guid userId, Guid collectionId, CancellationToken cancellationToken) =>
        db.Set<CollectionFollow>().AsNoTracking().FirstOrDefaultAsync(f => f.UserId == userId && f.CollectionId == collectionId, cancellationToken);
}
