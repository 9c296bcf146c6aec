using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Flusio.Web.Reading;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Collections;

/// <summary>A page of search results: the links, best first, and whether another page follows.</summary>
public sealed record SearchResults(IReadOnlyList<LinkItem> Items, int Page, bool HasMore);

/// <summary>
/// Full-text search of the links a user owns (title, URL, description, notes), for the My
/// links page and, later, verbs and the API. Only the user's own links are searched: feed
/// entries are not indexed, another user's links never match. Each provider keeps its index
/// on write and writes its query (<see cref="ISqlDialect.LinkSearch"/>); this service pages
/// and shapes the results. Pages are by offset: a rank is no stable key to continue after
/// (it moves as links are added), and nobody reads the hundredth page of a search.
/// </summary>
public sealed class LinkSearch(FlusioDbContext db)
{
    public const int PageSize = 30;
    public const int MaxPage = 50;

    /// <summary>
    /// The user's newest matches that are ranked: the best of them come first. More would rank
    /// every match of a common word (measured in bench/links: hundreds of milliseconds at
    /// 100,000 links); a longer query narrows the matches to what the user means.
    /// </summary>
    public const int Candidates = 2_000;

    public async Task<SearchResults> SearchAsync(Guid userId, SearchQuery query, int page, int pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize, 1, LinkListing.MaxPageSize);
        page = Math.Clamp(page, 1, MaxPage);
        var (sql, parameters) = db.Dialect.LinkSearch(userId, query, (page - 1) * size, size + 1, Candidates);
        var ids = await db.Database.SqlQueryRaw<Guid>(sql, parameters).ToListAsync(cancellationToken);
        var shown = ids.Take(size).ToList();
        var rows = await (from link in db.Set<Link>()
                          join feed in db.Set<Feed>() on link.SourceFeedId equals feed.Id into feeds
                          from feed in feeds.DefaultIfEmpty()
                          // By the key alone (a user_id test here made SQLite walk all the
                          // user's links by that index); the owner is checked on the rows.
                          where shown.Contains(link.Id)
                          select new { link.UserId, Item = new LinkItem(link.Id, link.Url, link.Title, link.PublishedAt, link.CreatedAt, link.SourceFeedId, feed == null ? null : feed.Title) })
            .AsNoTracking().ToListAsync(cancellationToken);
        var byId = rows.Where(r => r.UserId == userId).ToDictionary(r => r.Item.Id, r => r.Item);
        return new SearchResults([.. shown.Where(byId.ContainsKey).Select(id => byId[id])], page, ids.Count > size && page < MaxPage);
    }
}
