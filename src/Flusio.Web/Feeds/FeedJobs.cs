using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Feeds;

/// <summary>
/// The refresh's jobs. <see cref="Schedule"/> runs every minute on one worker of the
/// instance: it claims the due feeds that someone follows, fairly (oldest check first, at
/// most <see cref="MaxPerHost"/> per host in one pass) and queues them in batches of
/// <see cref="BatchSize"/> as <see cref="Refresh"/> jobs, which any worker takes.
/// </summary>
public static class FeedJobs
{
    public const string Schedule = "feeds-schedule";
    public const string Refresh = "feeds-refresh";

    public const int BatchSize = 25;
    public const int MaxPerPass = 5_000;
    public const int MaxPerHost = 250;

    /// <summary>How long a queued feed stays claimed: its refresh sets the real next check.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(15);

    public sealed record RefreshArguments(Guid[] FeedIds);

    /// <summary>
    /// The feeds due at <paramref name="now"/> that someone follows, oldest check first,
    /// at most <paramref name="perHost"/> of any one host and <paramref name="limit"/> in all.
    /// </summary>
    public static async Task<List<Guid>> DueAsync(FlusioDbContext db, DateTimeOffset now, int limit, int perHost, CancellationToken cancellationToken)
    {
        var due = await db.Set<Feed>()
            .Where(f => !f.Gone && f.NextCheckAt <= now && db.Set<FeedFollow>().Any(x => x.FeedId == f.Id))
            .OrderBy(f => f.NextCheckAt)
            .Select(f => new { f.Id, f.Host })
            .Take(limit * 2)
            .ToListAsync(cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var picked = new List<Guid>();
        foreach (var feed in due)
        {
            var count = counts.GetValueOrDefault(feed.Host);
            if (count < perHost)
            {
                counts[feed.Host] = count + 1;
                picked.Add(feed.Id);
                if (picked.Count == limit)
                {
                    break;
                }
            }
        }

        return picked;
    }

    public sealed class ScheduleHandler(FlusioDbContext db, JobQueue jobs, TimeProvider clock) : IJobHandler
    {
        public async Task RunAsync(JobRun run, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Dialect.SerializeSql(Schedule) is { } serialize)
            {
                await db.Database.ExecuteSqlRawAsync(serialize, cancellationToken);
            }

            var due = await DueAsync(db, now, MaxPerPass, MaxPerHost, cancellationToken);
            foreach (var batch in due.Chunk(500))
            {
                var claimedUntil = now + ClaimFor;
                await db.Set<Feed>().Where(f => batch.Contains(f.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.NextCheckAt, claimedUntil), cancellationToken);
            }

            foreach (var batch in due.Chunk(BatchSize))
            {
                jobs.Enqueue(Refresh, new RefreshArguments(batch), new JobOptions { MaxAttempts = 3 });
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public sealed class RefreshHandler(FeedRefresher refresher, FlusioSettings settings) : IJobHandler
    {
        public Task RunAsync(JobRun run, CancellationToken cancellationToken) =>
            refresher.RefreshAsync(run.Arguments<RefreshArguments>().FeedIds, settings.FetchConcurrency, cancellationToken);
    }
}
