using Flusio.Web.Accounts;
using Flusio.Web.Data;
using Flusio.Web.Links;
using Flusio.Web.Reading;
using Flusio.Web.Topics;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Publishing;

/// <summary>The owner of a profile, as others see them.</summary>
public sealed record ProfileOwner(Guid Id, string UserName, DateTimeOffset CreatedAt);

/// <summary>A public collection as others see it: its visible links counted, hidden ones not.</summary>
public sealed record PublicCollectionSummary(Guid Id, string Name, string? Description, int LinkCount, DateTimeOffset UpdatedAt, string OwnerName);

/// <summary>A public collection found by id, with its owner's name.</summary>
public sealed record PublicCollectionInfo(Collection Collection, string OwnerName);

/// <summary>A topic with how many public collections it tags.</summary>
public sealed record DiscoveryTopic(Guid Id, string Label, int CollectionCount);

/// <summary>A link as others see it on a public collection's link page, with its notes.</summary>
public sealed record PublicLink(PublicCollectionInfo In, Link Link, IReadOnlyList<PublicNote> Notes);

/// <summary>A note and its author's name.</summary>
public sealed record PublicNote(Guid Id, string AuthorName, string Content, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// What anyone may read, signed in or not: profiles, public collections, their visible links
/// and notes, topics for discovery. Public means: a collection of kind Collection marked
/// public, of an account that is not disabled (Identity's lockout end in the future); a link
/// in at least one such collection and not hidden. System lists, private collections and
/// hidden links never come out of here, whoever asks.
/// </summary>
public sealed class PublicCatalog(FlusioDbContext db, TimeProvider clock)
{
    public const int MaxCollections = 200;

    private IQueryable<User> ActiveUsers()
    {
        var now = clock.GetUtcNow();
        return db.Set<User>().Where(u => u.LockoutEnd == null || u.LockoutEnd <= now);
    }

    private IQueryable<Collection> PublicCollections() =>
        from c in db.Set<Collection>()
        join u in ActiveUsers() on c.UserId equals u.Id
        where c.IsPublic && c.Kind == CollectionKind.Collection
        select c;

    /// <summary>The profile of <paramref name="userName"/> (any case), or null when there is none or it is disabled.</summary>
    public Task<ProfileOwner?> FindProfileAsync(string userName, CancellationToken cancellationToken)
    {
        var normalized = userName.ToUpperInvariant();
        return ActiveUsers().AsNoTracking().Where(u => u.NormalizedUserName == normalized)
            .Select(u => new ProfileOwner(u.Id, u.UserName!, u.CreatedAt)).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A user's public collections, by name, their visible links counted.</summary>
    public async Task<List<PublicCollectionSummary>> CollectionsOfAsync(ProfileOwner owner, CancellationToken cancellationToken)
    {
        var found = await Summaries(PublicCollections().Where(c => c.UserId == owner.Id)).Take(MaxCollections).ToListAsync(cancellationToken);
        return [.. found.Select(r => r.ToSummary()).OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Id)];
    }

    /// <summary>A public collection, or null (private, a system list, unknown, or its owner disabled).</summary>
    public Task<PublicCollectionInfo?> FindCollectionAsync(Guid id, CancellationToken cancellationToken) =>
        (from c in db.Set<Collection>().AsNoTracking()
         join u in ActiveUsers() on c.UserId equals u.Id
         where c.Id == id && c.IsPublic && c.Kind == CollectionKind.Collection
         select new PublicCollectionInfo(c, u.UserName!)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A link of a public collection, with its notes; null when it is not in it or hidden.</summary>
    public async Task<PublicLink?> FindLinkAsync(Guid collectionId, Guid linkId, CancellationToken cancellationToken)
    {
        if (await FindCollectionAsync(collectionId, cancellationToken) is not { } collection)
        {
            return null;
        }

        var link = await (from e in db.Set<CollectionLink>()
                          join l in db.Set<Link>() on e.LinkId equals l.Id
                          where e.CollectionId == collectionId && e.LinkId == linkId && !l.IsHidden
                          select l).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return link is null ? null : new PublicLink(collection, link, await NotesAsync(linkId, cancellationToken));
    }

    /// <summary>The first public collection (oldest) that holds a visible link: where the link's public page is; null when none.</summary>
    public async Task<PublicLink?> FindPublicLinkAsync(Guid linkId, CancellationToken cancellationToken)
    {
        var collectionId = await (from e in db.Set<CollectionLink>()
                                  join l in db.Set<Link>() on e.LinkId equals l.Id
                                  join c in PublicCollections() on e.CollectionId equals c.Id
                                  where e.LinkId == linkId && !l.IsHidden
                                  orderby c.CreatedAt, c.Id
                                  select (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        return collectionId is { } id ? await FindLinkAsync(id, linkId, cancellationToken) : null;
    }

    /// <summary>For each of <paramref name="linkIds"/> that is public, its oldest public collection (where its public page is).</summary>
    public async Task<Dictionary<Guid, Guid>> PublicPlacesAsync(IReadOnlyCollection<Guid> linkIds, CancellationToken cancellationToken)
    {
        var rows = await (from e in db.Set<CollectionLink>()
                          join c in PublicCollections() on e.CollectionId equals c.Id
                          where linkIds.Contains(e.LinkId)
                          select new { e.LinkId, c.Id, c.CreatedAt }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.LinkId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).First().Id);
    }

    /// <summary>The topics, each with its count of public collections, by label.</summary>
    public async Task<List<DiscoveryTopic>> TopicsAsync(CancellationToken cancellationToken)
    {
        var publicIds = PublicCollections().Select(c => c.Id);
        var found = await db.Set<Topic>().AsNoTracking()
            .Select(t => new DiscoveryTopic(t.Id, t.Label, db.Set<CollectionTopic>().Count(e => e.TopicId == t.Id && publicIds.Contains(e.CollectionId))))
            .ToListAsync(cancellationToken);
        return [.. found.OrderBy(t => t.Label, StringComparer.CurrentCultureIgnoreCase).ThenBy(t => t.Id)];
    }

    /// <summary>The public collections tagged with a topic, latest changed first.</summary>
    public async Task<List<PublicCollectionSummary>> CollectionsOfTopicAsync(Guid topicId, CancellationToken cancellationToken)
    {
        var found = await Summaries(PublicCollections().Where(c => db.Set<CollectionTopic>().Any(e => e.CollectionId == c.Id && e.TopicId == topicId)))
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Take(MaxCollections).ToListAsync(cancellationToken);
        return [.. found.Select(r => r.ToSummary())];
    }

    /// <summary>The topic of that id, or null.</summary>
    public Task<Topic?> FindTopicAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<Topic>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    /// <summary>A link's notes, oldest first, with their authors' names.</summary>
    public async Task<List<PublicNote>> NotesAsync(Guid linkId, CancellationToken cancellationToken) =>
        await (from n in db.Set<Note>().AsNoTracking()
               join u in db.Set<User>() on n.UserId equals u.Id
               where n.LinkId == linkId
               orderby n.CreatedAt, n.Id
               select new PublicNote(n.Id, u.UserName!, n.Content, n.CreatedAt, n.UpdatedAt)).ToListAsync(cancellationToken);

    private IQueryable<SummaryRow> Summaries(IQueryable<Collection> collections) =>
        from c in collections
        join u in db.Set<User>() on c.UserId equals u.Id
        select new SummaryRow
        {
            Id = c.Id,
            Name = c.Name!,
            Description = c.Description,
            LinkCount = (from e in db.Set<CollectionLink>() join l in db.Set<Link>() on e.LinkId equals l.Id where e.CollectionId == c.Id && !l.IsHidden select e).Count(),
            UpdatedAt = c.UpdatedAt ?? c.CreatedAt,
            OwnerName = u.UserName!,
        };

    // A class with settable members: EF orders by them in SQL, which it cannot do through a record's constructor.
    private sealed class SummaryRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string? Description { get; init; }
        public int LinkCount { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public string OwnerName { get; init; } = "";

        public PublicCollectionSummary ToSummary() => new(Id, Name, Description, LinkCount, UpdatedAt, OwnerName);
    }
}
