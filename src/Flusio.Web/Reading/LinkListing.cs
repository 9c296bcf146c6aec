using System.Globalization;
using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Reading;

/// <summary>One link in a list: what every page that lists links shows of it.</summary>
public sealed record LinkItem(Guid Id, string Url, string Title, DateTimeOffset PublishedAt, DateTimeOffset ListedAt, Guid? SourceFeedId, string? SourceTitle);

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
/// The listing queries: one per kind of list (a user's system list, a feed's entries), each
/// a single keyset-paginated query that also names each link's source. Pages, verbs and,
/// later, the API and Atom output list links through here.
/// </summary>
public sealed class LinkListing(FlusioDbContext db)
{
    public const int DefaultPageSize = 30;
    public const int MaxPageSize = 100;

    /// <summary>
    /// A user's system list. News is in publication order (it is a journal of what is new),
    /// the others in the order links were added to them, latest first.
    /// </summary>
    public async Task<LinkPage> ListAsync(Guid userId, CollectionKind kind, Cursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var byPublication = kind == CollectionKind.News;
        var rows =
            from collection in db.Set<Collection>()
            join entry in db.Set<CollectionLink>() on collection.Id equals entry.CollectionId
            join link in db.Set<Link>() on entry.LinkId equals link.Id
            join feed in db.Set<Feed>() on link.SourceFeedId equals feed.Id into feeds
            from feed in feeds.DefaultIfEmpty()
            where collection.UserId == userId && collection.Kind == kind && link.UserId == userId
            select new Row { Id = link.Id, Url = link.Url, Title = link.Title, PublishedAt = link.PublishedAt, ListedAt = byPublication ? link.PublishedAt : entry.AddedAt, SourceFeedId = link.SourceFeedId, SourceTitle = feed == null ? null : feed.Title };
        return await PageAsync(rows, after, size, cancellationToken);
    }

    /// <summary>A feed's entries, latest published first.</summary>
    public async Task<LinkPage> ListFeedAsync(Guid feedId, Cursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var rows =
            from link in db.Set<Link>()
            join feed in db.Set<Feed>() on link.FeedId equals feed.Id
            where link.FeedId == feedId
            select new Row { Id = link.Id, Url = link.Url, Title = link.Title, PublishedAt = link.PublishedAt, ListedAt = link.PublishedAt, SourceFeedId = link.FeedId, SourceTitle = feed.Title };
        return await PageAsync(rows, after, size, cancellationToken);
    }

    /// <summary>One query: the rows after the cursor, one more than a page to know whether another follows.</summary>
    private static async Task<LinkPage> PageAsync(IQueryable<Row> rows, Cursor? after, int size, CancellationToken cancellationToken)
    {
        if (after is { } cursor)
        {
            rows = rows.Where(r => r.ListedAt < cursor.At || (r.ListedAt == cursor.At && r.Id.CompareTo(cursor.Id) < 0));
        }

        var found = await rows.OrderByDescending(r => r.ListedAt).ThenByDescending(r => r.Id).Take(size + 1).AsNoTracking().ToListAsync(cancellationToken);
        var items = found.Take(size).Select(r => new LinkItem(r.Id, r.Url, r.Title, r.PublishedAt, r.ListedAt, r.SourceFeedId, r.SourceTitle)).ToList();
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
    }
}
