using System.Globalization;
using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Reading;

/// <summary>One link in a list: what every page that lists links shows of it.</summary>
public sealed record LinkItem(Guid Id, string Url, string Title, DateTimeOffset PublishedAt, DateTimeOffset ListedAt, Guid? SourceFeedId, string? SourceTitle)
{
    /// <summary>The page's description (plain text), given by the lists others read (public collections, profiles, feeds).</summary>
    public string? Description { get; init; }
}

/// <summary>A page of a list, and where the next one starts (null at the end).</summary>
public sealed record LinkPage(IReadOnlyList<LinkItem> Items, string? Next);

/// <summary>
/// Where a page of a list starts: after the item listed at <see cref="At"/> with id
/// <see cref="Id"/>. Written in URLs as "unixms.id", which a reader cannot turn into
/// another user's rows: every listing query filters by owner first.
/// </summary>
public readonly record struct Cursor(DateTimeOffset At, Guid Id)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At.ToUnixTimeMilliseconds()}.{Id:N}");

    public static Cursor? Parse(string? text)
    {
        var dot = text?.IndexOf('.') ?? -1;
        return dot > 0
            && long.TryParse(text.AsSpan(0, dot), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            && ms is >= 0 and < 253402300800000
            && Guid.TryParseExact(text.AsSpan(dot + 1), "N", out var id)
                ? new Cursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), id)
                : null;
    }
}

/// <summary>
/// The listing queries: one per kind of list (a user's system list, a feed's entries, a user
/// collection's links, every link a user owns), each
/// a single keyset-paginated query that also names each link's source. Pages, verbs and,
/// later, the API and Atom output list links through here. The queries are compiled once:
/// building and translating a LINQ query again on every page was a large part of a list
/// page's cost (bench/pages).
/// </summary>
public sealed class LinkListing(FlusioDbContext db)
{
    public const int DefaultPageSize = 30;
    public const int MaxPageSize = 100;

    /// <summary>
    /// A user's system list. News is in publication order (it is a journal of what is new),
    /// the others in the order links were added to them, latest first.
    /// </summary>
    public Task<LinkPage> ListAsync(Guid userId, CollectionKind kind, Cursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var queries = Compiled.For(db);
        var query = kind == CollectionKind.News ? queries.SystemListByPublication : queries.SystemListByAddition;
        return PageAsync(query(db, userId, kind, after is null, after?.At ?? default, after?.Id ?? default, size + 1), size, cancellationToken);
    }

    /// <summary>A feed's entries, latest published first.</summary>
    public Task<LinkPage> ListFeedAsync(Guid feedId, Cursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        return PageAsync(Compiled.For(db).FeedEntries(db, feedId, after is null, after?.At ?? default, after?.Id ?? default, size + 1), size, cancellationToken);
    }

    /// <summary>A user collection's links, latest added first. The caller has checked the viewer may see it.</summary>
    public Task<LinkPage> ListCollectionAsync(Guid collectionId, Cursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        return PageAsync(Compiled.For(db).CollectionLinks(db, collectionId, after is null, after?.At ?? default, after?.Id ?? default, size + 1), size, cancellationToken);
    }

    /// <summary>
    /// A collection's links as others see them: hidden links left out, latest added first.
    /// The caller has checked the viewer may see the collection.
    /// </summary>
    public Task<LinkPage> ListCollectionForOthersAsync(Guid collectionId, Cursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        return PageAsync(Compiled.For(db).CollectionLinksForOthers(db, collectionId, after is null, after?.At ?? default, after?.Id ?? default, size + 1), size, cancellationToken);
    }

    /// <summary>
    /// A user's public links: in at least one of the user's public collections and not hidden,
    /// latest saved first (a profile's list and feed). System lists are never public.
    /// </summary>
    public Task<LinkPage> ListPublicOfUserAsync(Guid userId, Cursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        return PageAsync(Compiled.For(db).PublicLinksOfUser(db, userId, after is null, after?.At ?? default, after?.Id ?? default, size + 1), size, cancellationToken);
    }

    /// <summary>Every link the user owns, latest saved first.</summary>
    public Task<LinkPage> ListOwnAsync(Guid userId, Cursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        return PageAsync(Compiled.For(db).OwnLinks(db, userId, after is null, after?.At ?? default, after?.Id ?? default, size + 1), size, cancellationToken);
    }

    /// <summary>
    /// The compiled queries of one model (a process has one; the tests run both providers'),
    /// each giving the rows after the cursor (all of them when `first`), one more than a page
    /// to know whether another follows. Lists of a collection order and page by the entry's own
    /// columns (added_at, link_id: its index, read backwards from the cursor), never by the
    /// joined link's id, which would make the database sort the whole collection per page.
    /// </summary>
    private sealed class Compiled
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.EntityFrameworkCore.Metadata.IModel, Compiled> ByModel = [];

        public static Compiled For(FlusioDbContext db) => ByModel.GetValue(db.Model, _ => new Compiled());

        public readonly Func<FlusioDbContext, Guid, CollectionKind, bool, DateTimeOffset, Guid, int, IAsyncEnumerable<Row>> SystemListByPublication =
            EF.CompileAsyncQuery((FlusioDbContext db, Guid userId, CollectionKind kind, bool first, DateTimeOffset at, Guid id, int take) =>
                (from collection in db.Set<Collection>()
                 join entry in db.Set<CollectionLink>() on collection.Id equals entry.CollectionId
                 join link in db.Set<Link>() on entry.LinkId equals link.Id
                 join feed in db.Set<Feed>() on link.SourceFeedId equals feed.Id into feeds
                 from feed in feeds.DefaultIfEmpty()
                 where collection.UserId == userId && collection.Kind == kind && link.UserId == userId
                    && (first || link.PublishedAt < at || (link.PublishedAt == at && link.Id.CompareTo(id) < 0))
                 orderby link.PublishedAt descending, link.Id descending
                 select new Row { Id = link.Id, Url = link.Url, Title = link.Title, PublishedAt = link.PublishedAt, ListedAt = link.PublishedAt, SourceFeedId = link.SourceFeedId, SourceTitle = feed == null ? null : feed.Title })
                .Take(take).AsNoTracking());

        public readonly Func<FlusioDbContext, Guid, CollectionKind, bool, DateTimeOffset, Guid, int, IAsyncEnumerable<Row>> SystemListByAddition =
            EF.CompileAsyncQuery((FlusioDbContext db, Guid userId, CollectionKind kind, bool first, DateTimeOffset at, Guid id, int take) =>
                (from collection in db.Set<Collection>()
                 join entry in db.Set<CollectionLink>() on collection.Id equals entry.CollectionId
                 join link in db.Set<Link>() on entry.LinkId equals link.Id
                 join feed in db.Set<Feed>() on link.SourceFeedId equals feed.Id into feeds
                 from feed in feeds.DefaultIfEmpty()
                 where collection.UserId == userId && collection.Kind == kind && link.UserId == userId
                    && (first || entry.AddedAt < at || (entry.AddedAt == at && entry.LinkId.CompareTo(id) < 0))
                 orderby entry.AddedAt descending, entry.LinkId descending
                 select new Row { Id = link.Id, Url = link.Url, Title = link.Title, PublishedAt = link.PublishedAt, ListedAt = entry.AddedAt, SourceFeedId = link.SourceFeedId, SourceTitle = feed == null ? null : feed.Title })
                .Take(take).AsNoTracking());

        public readonly Func<FlusioDbContext, Guid, bool, DateTimeOffset, Guid, int, IAsyncEnumerable<Row>> FeedEntries =
            EF.CompileAsyncQuery((FlusioDbContext db, Guid feedId, bool first, DateTimeOffset at, Guid id, int take) =>
                (from link in db.Set<Link>()
                 join feed in db.Set<Feed>() on link.FeedId equals feed.Id
                 where link.FeedId == feedId
                    && (first || link.PublishedAt < at || (link.PublishedAt == at && link.Id.CompareTo(id) < 0))
                 orderby link.PublishedAt descending, link.Id descending
                 select new Row { Id = link.Id, Url = link.Url, Title = link.Title, PublishedAt = link.PublishedAt, ListedAt = link.PublishedAt, SourceFeedId = link.FeedId, SourceTitle = feed.Title })
                .Take(take).AsNoTracking());

        public readonly Func<FlusioDbContext, Guid, bool, DateTimeOffset, Guid, int, IAsyncEnumerable<Row>> CollectionLinks =
            EF.CompileAsyncQuery((FlusioDbContext db, Guid collectionId, bool first, DateTimeOffset at, Guid id, int take) =>
                (from entry in db.Set<CollectionLink>()
                 join link in db.Set<Link>() on entry.LinkId equals link.Id
                 join feed in db.Set<Feed>() on link.SourceFeedId equals feed.Id into feeds
                 from feed in feeds.DefaultIfEmpty()
                 where entry.CollectionId == collectionId
                    && (first || entry.AddedAt < at || (entry.AddedAt == at && entry.LinkId.CompareTo(id) < 0))
                 orderby entry.AddedAt descending, entry.LinkId descending
                 select new Row { Id = link.Id, Url = link.Url, Title = link.Title, PublishedAt = link.PublishedAt, ListedAt = entry.AddedAt, SourceFeedId = link.SourceFeedId, SourceTitle = feed == null ? null : feed.Title })
                .Take(take).AsNoTracking());

        public readonly Func<FlusioDbContext, Guid, bool, DateTimeOffset, Guid, int, IAsyncEnumerable<Row>> CollectionLinksForOthers =
            EF.CompileAsyncQuery((FlusioDbContext db, Guid collectionId, bool first, DateTimeOffset at, Guid id, int take) =>
                (from entry in db.Set<CollectionLink>()
                 join link in db.Set<Link>() on entry.LinkId equals link.Id
                 where entry.CollectionId == collectionId && !link.IsHidden
                    && (first || entry.AddedAt < at || (entry.AddedAt == at && entry.LinkId.CompareTo(id) < 0))
                 orderby entry.AddedAt descending, entry.LinkId descending
                 select new Row { Id = link.Id, Url = link.Url, Title = link.Title, PublishedAt = link.PublishedAt, ListedAt = entry.AddedAt, Description = link.Description })
                .Take(take).AsNoTracking());

        public readonly Func<FlusioDbContext, Guid, bool, DateTimeOffset, Guid, int, IAsyncEnumerable<Row>> PublicLinksOfUser =
            EF.CompileAsyncQuery((FlusioDbContext db, Guid userId, bool first, DateTimeOffset at, Guid id, int take) =>
                (from link in db.Set<Link>()
                 where link.UserId == userId && !link.IsHidden
                    && db.Set<CollectionLink>().Any(e => e.LinkId == link.Id
                        && db.Set<Collection>().Any(c => c.Id == e.CollectionId && c.IsPublic && c.Kind == CollectionKind.Collection))
                    && (first || link.CreatedAt < at || (link.CreatedAt == at && link.Id.CompareTo(id) < 0))
                 orderby link.CreatedAt descending, link.Id descending
                 select new Row { Id = link.Id, Url = link.Url, Title = link.Title, PublishedAt = link.PublishedAt, ListedAt = link.CreatedAt, Description = link.Description })
                .Take(take).AsNoTracking());

        public readonly Func<FlusioDbContext, Guid, bool, DateTimeOffset, Guid, int, IAsyncEnumerable<Row>> OwnLinks =
            EF.CompileAsyncQuery((FlusioDbContext db, Guid userId, bool first, DateTimeOffset at, Guid id, int take) =>
                (from link in db.Set<Link>()
                 join feed in db.Set<Feed>() on link.SourceFeedId equals feed.Id into feeds
                 from feed in feeds.DefaultIfEmpty()
                 where link.UserId == userId
                    && (first || link.CreatedAt < at || (link.CreatedAt == at && link.Id.CompareTo(id) < 0))
                 orderby link.CreatedAt descending, link.Id descending
                 select new Row { Id = link.Id, Url = link.Url, Title = link.Title, PublishedAt = link.PublishedAt, ListedAt = link.CreatedAt, SourceFeedId = link.SourceFeedId, SourceTitle = feed == null ? null : feed.Title })
                .Take(take).AsNoTracking());
    }

    private static async Task<LinkPage> PageAsync(IAsyncEnumerable<Row> rows, int size, CancellationToken cancellationToken)
    {
        var found = new List<Row>(size + 1);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            found.Add(row);
        }

        var items = found.Take(size).Select(r => new LinkItem(r.Id, r.Url, r.Title, r.PublishedAt, r.ListedAt, r.SourceFeedId, r.SourceTitle) { Description = r.Description }).ToList();
        return new LinkPage(items, found.Count > size ? new Cursor(items[^1].ListedAt, items[^1].Id).ToString() : null);
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Url { get; init; } = "";
        public string Title { get; init; } = "";
        public DateTimeOffset PublishedAt { get; init; }
        public DateTimeOffset ListedAt { get; init; }
        public Guid? SourceFeedId { get; init; }
        public string? SourceTitle { get; init; }
        public string? Description { get; init; }
    }
}
