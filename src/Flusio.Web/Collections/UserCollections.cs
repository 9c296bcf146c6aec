using Flusio.Web.Jobs;
using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Flusio.Web.Topics;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Collections;

/// <summary>What a user is to a collection. Every right on a collection is read from it.</summary>
public enum CollectionRole
{
    /// <summary>Not the viewer's, not shared with them: they see it only when it is public.</summary>
    None,
    /// <summary>Shared with them to read: they see it, even private.</summary>
    SharedRead,
    /// <summary>Shared with them to write: they see it and add and remove its links.</summary>
    SharedWrite,
    /// <summary>Theirs: everything, sharing included.</summary>
    Owner,
}

/// <summary>The answer of a change the role decides: done, refused to a shared user (403), or not found (404).</summary>
public enum CollectionChange
{
    Done,
    Forbidden,
    NotFound,
}

/// <summary>
/// The collections users make: create, edit, delete, and the links in them. Every method
/// takes the acting user; what that user may do is <see cref="RoleAsync"/>: the owner
/// everything, a shared user reads (and with write access adds and removes links), anyone
/// else reads a public collection only. Another user's id finds nothing (the pages answer
/// 404); a shared user on the owner's routes is refused (403). System lists are not
/// reachable here.
/// </summary>
public sealed class UserCollections(FlusioDbContext db, TimeProvider clock, TopicStore topics, LinkLists lists, JobQueue jobs)
{
    private IQueryable<Collection> Own(Guid userId) =>
        db.Set<Collection>().Where(c => c.UserId == userId && c.Kind == CollectionKind.Collection);

    /// <summary>The user's collections, by name, with how many links each holds.</summary>
    public async Task<List<CollectionSummary>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        var found = await (
            from c in Own(userId)
            join g in db.Set<Group>() on c.GroupId equals g.Id into groups
            from g in groups.DefaultIfEmpty()
            select new CollectionSummary(c.Id, c.Name!, c.IsPublic, db.Set<CollectionLink>().Count(e => e.CollectionId == c.Id)) { Group = g == null ? null : g.Name })
            .ToListAsync(cancellationToken);
        return Ordered(found);
    }

    /// <summary>The collections others share with the user, by name, with their owner and whether the user may write.</summary>
    public async Task<List<CollectionSummary>> SharedWithAsync(Guid userId, CancellationToken cancellationToken)
    {
        var found = await (
            from share in db.Set<CollectionShare>()
            join c in db.Set<Collection>() on share.CollectionId equals c.Id
            join u in db.Set<Accounts.User>() on c.UserId equals u.Id
            where share.UserId == userId && c.Kind == CollectionKind.Collection
            select new CollectionSummary(c.Id, c.Name!, c.IsPublic, db.Set<CollectionLink>().Count(e => e.CollectionId == c.Id)) { OwnerName = u.UserName, CanWrite = share.CanWrite })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return Ordered(found);
    }

    /// <summary>The collections the user may put links in: their own, then those shared with them to write.</summary>
    public async Task<List<CollectionSummary>> WritableAsync(Guid userId, CancellationToken cancellationToken) =>
        [.. await ListAsync(userId, cancellationToken), .. (await SharedWithAsync(userId, cancellationToken)).Where(c => c.CanWrite)];

    // Ordered here: the providers' collations would order names differently.
    private static List<CollectionSummary> Ordered(List<CollectionSummary> found) =>
        [.. found.OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Id)];

    /// <summary>
    /// A user collection and what the viewer (null when anonymous) is to it, in one query; null
    /// when there is no such collection. The one place rights on a collection are read.
    /// </summary>
    public async Task<(Collection Collection, CollectionRole Role)?> RoleAsync(Guid? viewerId, Guid id, CancellationToken cancellationToken)
    {
        var found = await db.Set<Collection>().AsNoTracking()
            .Where(c => c.Id == id && c.Kind == CollectionKind.Collection)
            .Select(c => new
            {
                Collection = c,
                Share = db.Set<CollectionShare>().Where(s => s.CollectionId == c.Id && s.UserId == viewerId).Select(s => (bool?)s.CanWrite).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var role = viewerId is { } viewer && found.Collection.UserId == viewer ? CollectionRole.Owner
            : found.Share switch { true => CollectionRole.SharedWrite, false => CollectionRole.SharedRead, null => CollectionRole.None };
        return (found.Collection, role);
    }

    /// <summary>A collection the viewer may see (public, theirs or shared with them) and their role; null otherwise.</summary>
    public async Task<(Collection Collection, CollectionRole Role)?> FindVisibleAsync(Guid? viewerId, Guid id, CancellationToken cancellationToken) =>
        await RoleAsync(viewerId, id, cancellationToken) is { } found && (found.Collection.IsPublic || found.Role != CollectionRole.None) ? found : null;

    /// <summary>The answer for a role on a route that needs <paramref name="needed"/>: a shared user who may not is refused, anyone else not told it exists.</summary>
    public static CollectionChange Allows(CollectionRole role, CollectionRole needed) =>
        role >= needed ? CollectionChange.Done
        : role is CollectionRole.SharedRead or CollectionRole.SharedWrite ? CollectionChange.Forbidden
        : CollectionChange.NotFound;

    /// <summary>One of the user's own collections, or null.</summary>
    public Task<Collection?> FindOwnAsync(Guid userId, Guid id, CancellationToken cancellationToken) =>
        Own(userId).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    /// <summary>Creates a collection, or says what is wrong with the input (nothing is written then).</summary>
    public async Task<(Guid? Id, CollectionError? Error)> CreateAsync(Guid userId, CollectionInput input, CancellationToken cancellationToken)
    {
        if (input.Check() is { } error)
        {
            return (null, error);
        }

        if (!await IsOwnGroupAsync(userId, input.GroupId, cancellationToken))
        {
            return (null, CollectionError.UnknownGroup);
        }

        var collection = New(userId, input.TrimmedName, clock.GetUtcNow());
        collection.Description = input.TrimmedDescription;
        collection.IsPublic = input.IsPublic;
        collection.GroupId = input.GroupId;
        if (input.TopicIds is { } topicIds && !await topics.StageTopicsAsync(collection.Id, topicIds, cancellationToken))
        {
            db.ChangeTracker.Clear();
            return (null, CollectionError.UnknownTopic);
        }

        db.Add(collection);
        await db.SaveChangesAsync(cancellationToken);
        return (collection.Id, null);
    }

    /// <summary>A new private collection of <paramref name="userId"/>, added to nothing yet.</summary>
    public static Collection New(Guid userId, string name, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        Kind = CollectionKind.Collection,
        Name = name,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Changes a collection of the user's: false when it is not theirs, else the input's error or none.</summary>
    public async Task<(bool Found, CollectionError? Error)> UpdateAsync(Guid userId, Guid id, CollectionInput input, CancellationToken cancellationToken)
    {
        var collection = await Own(userId).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (collection is null)
        {
            return (false, null);
        }

        if (input.Check() is { } error)
        {
            return (true, error);
        }

        if (!await IsOwnGroupAsync(userId, input.GroupId, cancellationToken))
        {
            return (true, CollectionError.UnknownGroup);
        }

        if (input.TopicIds is { } topicIds && !await topics.StageTopicsAsync(id, topicIds, cancellationToken))
        {
            db.ChangeTracker.Clear();
            return (true, CollectionError.UnknownTopic);
        }

        collection.Name = input.TrimmedName;
        collection.Description = input.TrimmedDescription;
        collection.IsPublic = input.IsPublic;
        collection.GroupId = input.GroupId;
        collection.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return (true, null);
    }

    private async Task<bool> IsOwnGroupAsync(Guid userId, Guid? groupId, CancellationToken cancellationToken) =>
        groupId is not { } id || await db.Set<Group>().AnyAsync(g => g.Id == id && g.UserId == userId, cancellationToken);

    /// <summary>Deletes a collection of the user's (its links stay in the account); false when it is not theirs.</summary>
    public async Task<bool> DeleteAsync(Guid userId, Guid id, CancellationToken cancellationToken) =>
        await Own(userId).Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>
    /// Puts one of the user's links in a collection the user owns or may write to. A writer's
    /// link goes in as the owner's own link of its URL (copied when the owner has none), so a
    /// collection holds only its owner's links. Refused to a reader; not found when the
    /// collection is not theirs to see or the link not theirs.
    /// </summary>
    public async Task<CollectionChange> AddLinkAsync(Guid userId, Guid collectionId, Guid linkId, CancellationToken cancellationToken)
    {
        var access = await RoleAsync(userId, collectionId, cancellationToken);
        var allowed = Allows(access?.Role ?? CollectionRole.None, CollectionRole.SharedWrite);
        if (allowed != CollectionChange.Done)
        {
            return allowed;
        }

        var link = await db.Set<Link>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == linkId && l.UserId == userId, cancellationToken);
        if (link is null)
        {
            return CollectionChange.NotFound;
        }

        var ownerId = access!.Value.Collection.UserId;
        if (ownerId != userId)
        {
            var own = (await lists.OwnCopiesAsync(ownerId, [link], cancellationToken))[0];
            if (db.Entry(own).State == EntityState.Added)
            {
                // A new copy says whose link it came from, and reads the page for its owner.
                own.SourceLinkId ??= link.Id;
                LinkMetadata.Enqueue(jobs, own, ignoreCache: false);
            }

            linkId = own.Id;
        }

        if (!await db.Set<CollectionLink>().AnyAsync(e => e.CollectionId == collectionId && e.LinkId == linkId, cancellationToken))
        {
            var now = clock.GetUtcNow();
            db.Add(new CollectionLink { CollectionId = collectionId, LinkId = linkId, AddedAt = now });
            await db.Set<Collection>().Where(c => c.Id == collectionId).ExecuteUpdateAsync(u => u.SetProperty(c => c.UpdatedAt, now), cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Added by a parallel request, the link is in, as asked; anything else is not.
                db.ChangeTracker.Clear();
                if (!await db.Set<CollectionLink>().AnyAsync(e => e.CollectionId == collectionId && e.LinkId == linkId, cancellationToken))
                {
                    throw;
                }
            }
        }

        return CollectionChange.Done;
    }

    /// <summary>
    /// Takes a link out of a collection the user owns or may write to: one of the user's links,
    /// or any link of that collection. Refused to a reader; not found otherwise.
    /// </summary>
    public async Task<CollectionChange> RemoveLinkAsync(Guid userId, Guid collectionId, Guid linkId, CancellationToken cancellationToken)
    {
        var access = await RoleAsync(userId, collectionId, cancellationToken);
        var allowed = Allows(access?.Role ?? CollectionRole.None, CollectionRole.SharedWrite);
        if (allowed != CollectionChange.Done)
        {
            return allowed;
        }

        var removed = await db.Set<CollectionLink>().Where(e => e.CollectionId == collectionId && e.LinkId == linkId).ExecuteDeleteAsync(cancellationToken);
        return removed > 0 || await db.Set<Link>().AnyAsync(l => l.Id == linkId && l.UserId == userId, cancellationToken)
            ? CollectionChange.Done
            : CollectionChange.NotFound;
    }

    /// <summary>The collections the user may put links in, each saying whether it holds the link; null when the link is not the user's.</summary>
    public async Task<(Link Link, List<CollectionMembership> Collections)?> MembershipsAsync(Guid userId, Guid linkId, CancellationToken cancellationToken)
    {
        var link = await db.Set<Link>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == linkId && l.UserId == userId, cancellationToken);
        if (link is null)
        {
            return null;
        }

        // The user's collections and those shared with them to write.
        var found = await db.Set<Collection>()
            .Where(c => c.Kind == CollectionKind.Collection
                && (c.UserId == userId || db.Set<CollectionShare>().Any(s => s.CollectionId == c.Id && s.UserId == userId && s.CanWrite)))
            .Select(c => new CollectionMembership(c.Id, c.Name!, db.Set<CollectionLink>().Any(e => e.CollectionId == c.Id && e.LinkId == linkId)))
            .ToListAsync(cancellationToken);
        return (link, [.. found.OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Id)]);
    }
}
