using Flusio.Feeds.Discovery;
using Flusio.Feeds.Fetching;
using Flusio.Web.Data;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Feeds;

/// <summary>A followed feed as the feeds page lists it.</summary>
public sealed record FollowedFeed(
    Guid Id, string Title, string Url, string? SiteUrl, TimeFilter TimeFilter, string? Group,
    DateTimeOffset? FetchedAt, DateTimeOffset NextCheckAt, string? ErrorKind, int? ErrorStatus, DateTimeOffset? ErrorSince, bool Gone);

/// <summary>A collection the user follows, as the follows page lists it; not <paramref name="Visible"/> once gone private.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The product's own word for it.")]
public sealed record FollowedCollection(Guid Id, string Name, string OwnerName, TimeFilter TimeFilter, string? Group, bool Visible);

/// <summary>What a pasted address leads to: feeds to choose from, or why none.</summary>
public sealed record Discovery(IReadOnlyList<FeedCandidate> Candidates, string? ErrorKey = null, int? ErrorStatus = null)
{
    public const string InvalidAddress = "InvalidAddress";
    public const string NoFeed = "NoFeed";
}

/// <summary>
/// Following feeds: find the feeds of an address, follow one (the instance's row for that
/// URL, created on first follow, with its first refresh queued in the same unit of work),
/// change a follow's time filter and group, unfollow.
/// </summary>
public sealed class Following(FlusioDbContext db, FeedDiscoverer discoverer, JobQueue jobs, TimeProvider clock)
{
    /// <summary>An address as typed: "example.org" means https://example.org.</summary>
    public static Uri? ParseAddress(string? input)
    {
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 2048)
        {
            return null;
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.Host.Length > 0
            ? url
            : null;
    }

    public async Task<Discovery> DiscoverAsync(string? input, CancellationToken cancellationToken)
    {
        if (ParseAddress(input) is not { } url)
        {
            return new Discovery([], Discovery.InvalidAddress);
        }

        try
        {
            var candidates = await discoverer.DiscoverAsync(url, cancellationToken);
            return candidates.Count == 0 ? new Discovery([], Discovery.NoFeed) : new Discovery(candidates);
        }
        catch (FetchException e)
        {
            return new Discovery([], FeedErrors.Key(e.Kind), e.StatusCode);
        }
    }

    /// <summary>Follows the feed at <paramref name="feedUrl"/> (kept if already followed) and returns its id.</summary>
    public async Task<Guid> FollowAsync(Guid userId, Uri feedUrl, CancellationToken cancellationToken)
    {
        var (feed, created) = await FindOrCreateAsync(feedUrl, cancellationToken);
        if (!await db.Set<FeedFollow>().AnyAsync(f => f.UserId == userId && f.FeedId == feed.Id, cancellationToken))
        {
            db.Add(new FeedFollow { UserId = userId, FeedId = feed.Id, CreatedAt = clock.GetUtcNow() });
            if (created || (feed.CheckedAt is null && feed.NextCheckAt <= clock.GetUtcNow()))
            {
                // The follow and the first refresh commit together; the feed stays claimed by
                // that job, so that the scheduler does not fetch it a second time.
                jobs.Enqueue(FeedJobs.Refresh, new FeedJobs.RefreshArguments([feed.Id]));
                feed.NextCheckAt = clock.GetUtcNow() + FeedJobs.ClaimFor;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return feed.Id;
    }

    private async Task<(Feed Feed, bool Created)> FindOrCreateAsync(Uri feedUrl, CancellationToken cancellationToken)
    {
        var url = UrlHash.Normalise(feedUrl.AbsoluteUri);
        var hash = UrlHash.Of(url);
        if (await db.Set<Feed>().FirstOrDefaultAsync(f => f.UrlHash == hash, cancellationToken) is { } known)
        {
            return (known, false);
        }

        var now = clock.GetUtcNow();
        var feed = new Feed { Id = Guid.CreateVersion7(now), Url = url, UrlHash = hash, Host = feedUrl.Host, Title = feedUrl.Host, CreatedAt = now, NextCheckAt = now };
        db.Add(feed);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (feed, true);
        }
        catch (DbUpdateException)
        {
            // Someone else added it a moment ago: theirs is the one, with its first refresh.
            db.Entry(feed).State = EntityState.Detached;
            return (await db.Set<Feed>().FirstAsync(f => f.UrlHash == hash, cancellationToken), false);
        }
    }

    public async Task<bool> UnfollowAsync(Guid userId, Guid feedId, CancellationToken cancellationToken) =>
        await db.Set<FeedFollow>().Where(f => f.UserId == userId && f.FeedId == feedId).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>Sets a follow's time filter and group (by name, created when new; blank for none).</summary>
    public async Task<bool> UpdateAsync(Guid userId, Guid feedId, TimeFilter timeFilter, string? groupName, CancellationToken cancellationToken)
    {
        var follow = await db.Set<FeedFollow>().FirstOrDefaultAsync(f => f.UserId == userId && f.FeedId == feedId, cancellationToken);
        if (follow is null)
        {
            return false;
        }

        follow.TimeFilter = timeFilter;
        follow.GroupId = await GroupIdAsync(userId, groupName, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<Guid?> GroupIdAsync(Guid userId, string? groupName, CancellationToken cancellationToken)
    {
        var name = Flusio.Feeds.Text.PlainText.Collapse(groupName);
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        name = name.Length > 100 ? name[..100] : name;
        var group = await db.Set<Group>().FirstOrDefaultAsync(g => g.UserId == userId && g.Name == name, cancellationToken);
        if (group is null)
        {
            group = new Group { Id = Guid.CreateVersion7(clock.GetUtcNow()), UserId = userId, Name = name };
            db.Add(group);
        }

        return group.Id;
    }

    public Task<List<FollowedFeed>> ListAsync(Guid userId, bool errorsOnly, CancellationToken cancellationToken) =>
        (from follow in db.Set<FeedFollow>()
         join feed in db.Set<Feed>() on follow.FeedId equals feed.Id
         join g in db.Set<Group>() on follow.GroupId equals g.Id into groups
         from g in groups.DefaultIfEmpty()
         where follow.UserId == userId && (!errorsOnly || feed.ErrorKind != null)
         orderby feed.Title
         select new FollowedFeed(feed.Id, feed.Title, feed.Url, feed.SiteUrl, follow.TimeFilter, g == null ? null : g.Name,
             feed.FetchedAt, feed.NextCheckAt, feed.ErrorKind, feed.ErrorStatus, feed.ErrorSince, feed.Gone))
        .AsNoTracking()
        .ToListAsync(cancellationToken);

    public Task<FeedFollow?> FollowOfAsync(Guid userId, Guid feedId, CancellationToken cancellationToken) =>
        db.Set<FeedFollow>().AsNoTracking().FirstOrDefaultAsync(f => f.UserId == userId && f.FeedId == feedId, cancellationToken);

    /// <summary>The collections the user follows, by name; <see cref="FollowedCollection.Visible"/> is false for one gone private.</summary>
    public async Task<List<FollowedCollection>> ListCollectionsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var found = await (
            from follow in db.Set<CollectionFollow>()
            join c in db.Set<Collection>() on follow.CollectionId equals c.Id
            join u in db.Set<Accounts.User>() on c.UserId equals u.Id
            join g in db.Set<Group>() on follow.GroupId equals g.Id into groups
            from g in groups.DefaultIfEmpty()
            where follow.UserId == userId
            select new FollowedCollection(c.Id, c.Name!, u.UserName!, follow.TimeFilter, g == null ? null : g.Name,
                c.IsPublic || db.Set<CollectionShare>().Any(s => s.CollectionId == c.Id && s.UserId == userId)))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return [.. found.OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Id)];
    }
}
