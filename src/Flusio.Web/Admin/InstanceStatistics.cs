using Flusio.Web.Accounts;
using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Admin;

/// <summary>The instance's figures, as `system stats` prints them and /admin shows them.</summary>
public sealed record InstanceStats(
    long Users,
    long ActiveUsers,
    long Feeds,
    long Entries,
    long Links,
    long Collections,
    long PendingJobs,
    long FailedJobs,
    long DatabaseBytes);

/// <summary>Counts the instance: a handful of COUNT queries, each on an index or a small table.</summary>
public sealed class InstanceStatistics(FlusioDbContext db, TimeProvider clock)
{
    /// <summary>A user is active who was seen, in any session, within this window.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromDays(30);

    public async Task<InstanceStats> ReadAsync(CancellationToken cancellationToken = default)
    {
        var since = clock.GetUtcNow() - ActiveWindow;
        return new InstanceStats(
            Users: await db.Set<User>().LongCountAsync(cancellationToken),
            ActiveUsers: await db.Set<UserSession>().Where(s => s.LastSeenAt >= since).Select(s => s.UserId).Distinct().LongCountAsync(cancellationToken),
            Feeds: await db.Set<Feed>().LongCountAsync(cancellationToken),
            Entries: await db.Set<Link>().LongCountAsync(l => l.FeedId != null, cancellationToken),
            Links: await db.Set<Link>().LongCountAsync(l => l.UserId != null, cancellationToken),
            Collections: await db.Set<Collection>().LongCountAsync(c => c.Kind == CollectionKind.Collection, cancellationToken),
            PendingJobs: await db.Set<Job>().LongCountAsync(j => j.FailedAt == null && j.RepeatSeconds == null, cancellationToken),
            FailedJobs: await db.Set<Job>().LongCountAsync(j => j.FailedAt != null, cancellationToken),
            DatabaseBytes: await db.Database.SqlQueryRaw<long>(db.Dialect.DatabaseSizeSql).SingleAsync(cancellationToken));
    }
}
