using Flusio.Web.Data;
using Flusio.Web.Links;
using Flusio.Web.Topics;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Collections;

/// <summary>What is wrong with a collection's name or description, translated by the page.</summary>
public enum CollectionError
{
    NameMissing,
    NameTooLong,
    DescriptionTooLong,
    UnknownTopic,
}

/// <summary>A collection as the user types it.</summary>
public sealed record CollectionInput(string? Name, string? Description, bool IsPublic)
{
    /// <summary>The topics to tag it with, all of them replacing the current ones; null leaves them as they are.</summary>
    public IReadOnlyCollection<Guid>? TopicIds { get; init; }

    public string TrimmedName => Name?.Trim() ?? "";

    public string? TrimmedDescription => string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();

    /// <summary>The first thing wrong with it, or null.</summary>
    public CollectionError? Check() => TrimmedName.Length switch
    {
        0 => CollectionError.NameMissing,
        > Collection.MaxNameLength => CollectionError.NameTooLong,
        _ => TrimmedDescription?.Length > Collection.MaxDescriptionLength ? CollectionError.DescriptionTooLong : null,
    };
}

/// <summary>One of the user's collections in a list of them.</summary>
public sealed record CollectionSummary(Guid Id, string Name, bool IsPublic, int LinkCount);

/// <summary>One of the user's collections, and whether a given link is in it.</summary>
public sealed record CollectionMembership(Guid Id, string Name, bool Contains);

/// <summary>
/// The collections users make: create, edit, delete, and the links in them. Every method
/// takes the acting user and touches only that user's collections and links: another
/// user's id finds nothing (the pages answer 404). System lists are not reachable here.
/// </summary>
public sealed class UserCollections(FlusioDbContext db, TimeProvider clock, TopicStore topics)
{
    private IQueryable<Collection> Own(Guid userId) =>
        db.Set<Collection>().Where(c => c.UserId == userId && c.Kind == CollectionKind.Collection);

    /// <summary>The user's collections, by name, with how many links each holds.</summary>
    public async Task<List<CollectionSummary>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        var found = await Own(userId)
            .Select(c => new CollectionSummary(c.Id, c.Name!, c.IsPublic, db.Set<CollectionLink>().Count(e => e.CollectionId == c.Id)))
            .ToListAsync(cancellationToken);
        // Ordered here: the providers' collations would order names differently.
        return [.. found.OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Id)];
    }

    /// <summary>A collection the viewer may see: a public one, or the viewer's own (null when anonymous).</summary>
    public Task<Collection?> FindVisibleAsync(Guid? viewerId, Guid id, CancellationToken cancellationToken) =>
        db.Set<Collection>().AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == id && c.Kind == CollectionKind.Collection && (c.IsPublic || c.UserId == viewerId), cancellationToken);

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

        var collection = New(userId, input.TrimmedName, clock.GetUtcNow());
        collection.Description = input.TrimmedDescription;
        collection.IsPublic = input.IsPublic;
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

        if (input.TopicIds is { } topicIds && !await topics.StageTopicsAsync(id, topicIds, cancellationToken))
        {
            db.ChangeTracker.Clear();
            return (true, CollectionError.UnknownTopic);
        }

        collection.Name = input.TrimmedName;
        collection.Description = input.TrimmedDescription;
        collection.IsPublic = input.IsPublic;
        collection.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return (true, null);
    }

    /// <summary>Deletes a collection of the user's (its links stay in the account); false when it is not theirs.</summary>
    public async Task<bool> DeleteAsync(Guid userId, Guid id, CancellationToken cancellationToken) =>
        await Own(userId).Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>Puts one of the user's links in one of the user's collections; false when either is not theirs.</summary>
    public async Task<bool> AddLinkAsync(Guid userId, Guid collectionId, Guid linkId, CancellationToken cancellationToken)
    {
        var collection = await Own(userId).FirstOrDefaultAsync(c => c.Id == collectionId, cancellationToken);
        if (collection is null || !await db.Set<Link>().AnyAsync(l => l.Id == linkId && l.UserId == userId, cancellationToken))
        {
            return false;
        }

        if (!await db.Set<CollectionLink>().AnyAsync(e => e.CollectionId == collectionId && e.LinkId == linkId, cancellationToken))
        {
            var now = clock.GetUtcNow();
            db.Add(new CollectionLink { CollectionId = collectionId, LinkId = linkId, AddedAt = now });
            collection.UpdatedAt = now;
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

        return true;
    }

    /// <summary>Takes one of the user's links out of one of the user's collections; false when either is not theirs.</summary>
    public async Task<bool> RemoveLinkAsync(Guid userId, Guid collectionId, Guid linkId, CancellationToken cancellationToken)
    {
        if (!await Own(userId).AnyAsync(c => c.Id == collectionId, cancellationToken)
            || !await db.Set<Link>().AnyAsync(l => l.Id == linkId && l.UserId == userId, cancellationToken))
        {
            return false;
        }

        await db.Set<CollectionLink>().Where(e => e.CollectionId == collectionId && e.LinkId == linkId).ExecuteDeleteAsync(cancellationToken);
        return true;
    }

    /// <summary>The user's collections, each saying whether it holds the link; null when the link is not the user's.</summary>
    public async Task<(Link Link, List<CollectionMembership> Collections)?> MembershipsAsync(Guid userId, Guid linkId, CancellationToken cancellationToken)
    {
        var link = await db.Set<Link>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == linkId && l.UserId == userId, cancellationToken);
        if (link is null)
        {
            return null;
        }

        var found = await Own(userId)
            .Select(c => new CollectionMembership(c.Id, c.Name!, db.Set<CollectionLink>().Any(e => e.CollectionId == c.Id && e.LinkId == linkId)))
            .ToListAsync(cancellationToken);
        return (link, [.. found.OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Id)]);
    }
}
