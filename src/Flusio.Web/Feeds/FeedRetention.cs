using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Feeds;

/// <summary>
/// Keeps a feed's entries for <c>RETENTION_DAYS</c>, but always its <c>RETENTION_MIN_ENTRIES</c>
/// newest. A removed entry leaves a tombstone, so that a feed still listing it does not add it
/// again. Users' copies are their own links and stay. Runs daily as a job.
/// </summary>
public sealed class FeedRetention(FlusioDbContext db, FlusioSettings settings, TimeProvider clock) : IJobHandler
{
    public const string Name = "feeds-retention";

    public Task RunAsync(JobRun run, CancellationToken cancellationToken) => TrimAsync(cancellationToken);

    /// <summary>Trims every feed and returns how many entries were removed.</summary>
    public async Task<int> TrimAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-settings.RetentionDays);
        var keep = settings.RetentionMinEntries;
        var feeds = await db.Set<Link>()
            .Where(l => l.FeedId != null && l.PublishedAt < cutoff)
            .Select(l => l.FeedId!.Value).Distinct().ToListAsync(cancellationToken);
        var removed = 0;
        foreach (var feedId in feeds)
        {
            var old = await db.Set<Link>()
                .Where(l => l.FeedId == feedId)
                .OrderByDescending(l => l.PublishedAt).ThenByDescending(l => l.Id)
                .Skip(keep)
                .Where(l => l.PublishedAt < cutoff)
                .Select(l => new { l.Id, l.EntryKey })
                .ToListAsync(cancellationToken);
            if (old.Count == 0)
            {
                continue;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var keys = old.Select(o => o.EntryKey!).ToList();
            var buried = await db.Set<FeedTombstone>().Where(t => t.FeedId == feedId && keys.Contains(t.EntryKey)).Select(t => t.EntryKey).ToListAsync(cancellationToken);
            db.AddRange(keys.Except(buried).Select(key => new FeedTombstone { FeedId = feedId, EntryKey = key, TrimmedAt = now }));
            await db.SaveChangesAsync(cancellationToken);
            foreach (var chunk in old.Select(o => o.Id).Chunk(500))
            {
                removed += await db.Set<Link>().Where(l => chunk.Contains(l.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return removed;
    }
}
