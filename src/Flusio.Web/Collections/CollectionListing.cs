using Flusio.Web.Data;
using Flusio.Web.Links;
using Flusio.Web.Reading;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Collections;

/// <summary>
/// The lists of user collections and of a user's own links, keyset-paginated on (listed
/// at, id) like <see cref="LinkListing"/>, whose page and cursor they return so that the
/// reading pages' list renders them. They sit here, not in <see cref="LinkListing"/>,
/// until that one query grows a collection and an owner variant.
/// </summary>
public sealed class CollectionListing(FlusioDbContext db)
{
    /// <summary>A user collection's links, latest added first. The caller has checked the viewer may see it.</summary>
    public Task<LinkPage> ListCollectionAsync(Guid collectionId, Cursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var first = after is null;
        var (at, id) = (after?.At ?? default, after?.Id ?? default);
        var rows =
            from entry in db.Set<CollectionLink>()
            join link in db.Set<Link>() on entry.LinkId equals link.Id
            where entry.CollectionId == collectionId
               && (first || entry.AddedAt < at || (entry.AddedAt == at && link.Id.CompareTo(id) < 0))
            orderby entry.AddedAt descending, link.Id descending
            select new LinkItem(link.Id, link.Url, link.Title, link.PublishedAt, entry.AddedAt, link.SourceFeedId, null);
        return PageAsync(rows, pageSize, cancellationToken);
    }

    /// <summary>Every link the user owns, latest saved first.</summary>
    public Task<LinkPage> ListOwnAsync(Guid userId, Cursor? after, int pageSize, CancellationToken cancellationToken)
    {
        var first = after is null;
        var (at, id) = (after?.At ?? default, after?.Id ?? default);
        var rows =
            from link in db.Set<Link>()
            where link.UserId == userId
               && (first || link.CreatedAt < at || (link.CreatedAt == at && link.Id.CompareTo(id) < 0))
            orderby link.CreatedAt descending, link.Id descending
            select new LinkItem(link.Id, link.Url, link.Title, link.PublishedAt, link.CreatedAt, link.SourceFeedId, null);
        return PageAsync(rows, pageSize, cancellationToken);
    }

    private static async Task<LinkPage> PageAsync(IQueryable<LinkItem> rows, int pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize, 1, LinkListing.MaxPageSize);
        var found = await rows.Take(size + 1).AsNoTracking().ToListAsync(cancellationToken);
        var items = found.Take(size).ToList();
        return new LinkPage(items, found.Count > size ? new Cursor(items[^1].ListedAt, items[^1].Id).ToString() : null);
    }
}
