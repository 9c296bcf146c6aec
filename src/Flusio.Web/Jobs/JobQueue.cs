using System.Text.Json;
using Flusio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Jobs;

/// <summary>When and how often a job runs.</summary>
public sealed record JobOptions
{
    public DateTimeOffset? RunAt { get; init; }

    public string Queue { get; init; } = JobQueue.DefaultQueue;

    public int MaxAttempts { get; init; } = JobQueue.DefaultMaxAttempts;
}

/// <summary>How many jobs of one name wait, run and failed.</summary>
public sealed record JobCount(string Name, int Pending, int Running, int Failed);

/// <summary>
/// The job queue's store: enqueue (inside the caller's unit of work, so "follow this feed"
/// and "refresh it" commit together), claim with a lease, complete, fail with backoff, and
/// the admin's list, retry and unlock. Claims are one UPDATE … RETURNING over a subquery
/// that PostgreSQL runs with SKIP LOCKED: any number of workers, no job claimed twice.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a queue.")]
public sealed class JobQueue(FlusioDbContext db, TimeProvider clock, JobSignal signal)
{
    public const string DefaultQueue = "default";
    public const int DefaultMaxAttempts = 8;
    public const string NotifyChannel = "flusio_jobs";
    private const int MaxErrorLength = 2000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private bool listening;
    private bool notifyPending;

    /// <summary>Adds a job to the context: it is stored by the caller's next SaveChanges, with the caller's changes.</summary>
    public Job Enqueue<TArguments>(string name, TArguments arguments, JobOptions? options = null)
    {
        options ??= new JobOptions();
        var now = clock.GetUtcNow();
        var job = new Job
        {
            Name = name,
            Arguments = JsonSerializer.Serialize(arguments, Json),
            Queue = options.Queue,
            RunAt = options.RunAt ?? now,
            MaxAttempts = options.MaxAttempts,
            CreatedAt = now,
        };
        db.Add(job);
        WakeWorkersOnSave();
        return job;
    }

    /// <summary>Enqueues and saves at once, for callers with nothing else to save.</summary>
    public async Task<Job> EnqueueNowAsync<TArguments>(string name, TArguments arguments, JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        var job = Enqueue(name, arguments, options);
        await db.SaveChangesAsync(cancellationToken);
        return job;
    }

    /// <summary>
    /// Schedules a recurring job once for the whole instance, whatever the number of workers
    /// that start: the unique key makes every other insert a no-op. It first runs at
    /// <paramref name="firstRun"/>, at once when null.
    /// </summary>
    public async Task EnsureRecurringAsync(string name, TimeSpan every, string queue = DefaultQueue, DateTimeOffset? firstRun = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var runAt = firstRun ?? now;
        var key = "recurring:" + name;
        var seconds = (int)every.TotalSeconds;
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO jobs (name, arguments, queue, run_at, attempts, max_attempts, unique_key, repeat_seconds, created_at)
            VALUES ({name}, {"{}"}, {queue}, {db.Dialect.Instant(runAt)}, 0, {int.MaxValue}, {key}, {seconds}, {db.Dialect.Instant(now)})
            ON CONFLICT (unique_key) DO UPDATE SET repeat_seconds = excluded.repeat_seconds
            """,
            cancellationToken);
    }

    /// <summary>Leases up to <paramref name="limit"/> due jobs of the given queues to <paramref name="owner"/>.</summary>
    public async Task<List<Job>> ClaimAsync(string owner, int limit, TimeSpan lease, IReadOnlyList<string>? queues = null, CancellationToken cancellationToken = default)
    {
        queues ??= [DefaultQueue];
        var now = db.Dialect.Instant(clock.GetUtcNow());
        var until = db.Dialect.Instant(clock.GetUtcNow() + lease);
        var parameters = new List<object> { owner, until, now, limit };
        var queueList = string.Join(", ", queues.Select((q, i) =>
        {
            parameters.Add(q);
            return "{" + (i + 4) + "}";
        }));
        // Table and column names are ours; every value is a parameter.
        var sql = $$"""
            UPDATE jobs SET lease_owner = {0}, lease_expires_at = {1}, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM jobs
                WHERE failed_at IS NULL AND run_at <= {2} AND (lease_expires_at IS NULL OR lease_expires_at < {2})
                  AND queue IN ({{queueList}})
                ORDER BY run_at, id
                LIMIT {3}
                {{db.Dialect.SkipLockedRows}})
            RETURNING *
            """;
        // In a transaction: on SQLite it begins IMMEDIATE, taking the write lock (or waiting
        // for it) before the subquery reads, so two claims never race on a stale snapshot.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Set<Job>().FromSqlRaw(sql, [.. parameters]).AsNoTracking().ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>Extends a running job's lease; false when the lease was lost (expired and claimed again).</summary>
    public async Task<bool> RenewAsync(Job job, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var until = clock.GetUtcNow() + lease;
        return await Mine(job).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, until), cancellationToken) == 1;
    }

    /// <summary>A one-shot job is done and removed; a recurring one is due again after its interval.</summary>
    public async Task CompleteAsync(Job job, CancellationToken cancellationToken = default)
    {
        if (job.RepeatSeconds is { } seconds)
        {
            var next = clock.GetUtcNow().AddSeconds(seconds);
            await Mine(job).ExecuteUpdateAsync(
                s => s.SetProperty(j => j.RunAt, next).SetProperty(j => j.Attempts, 0).SetProperty(j => j.LastError, (string?)null)
                    .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null),
                cancellationToken);
        }
        else
        {
            await Mine(job).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Records a failure: the job runs again after an exponential backoff, or, past its
    /// attempts, stays failed and visible. A recurring job never stops: it retries with backoff.
    /// </summary>
    public async Task FailAsync(Job job, string error, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        error = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        var exhausted = job.RepeatSeconds is null && job.Attempts >= job.MaxAttempts;
        DateTimeOffset? failedAt = exhausted ? now : null;
        var runAt = exhausted ? job.RunAt : now + Backoff(job.Attempts);
        await Mine(job).ExecuteUpdateAsync(
            s => s.SetProperty(j => j.LastError, error).SetProperty(j => j.FailedAt, failedAt).SetProperty(j => j.RunAt, runAt)
                .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null),
            cancellationToken);
    }

    /// <summary>30 s after the first failure, doubling up to 6 h, with ±10 % jitter so that failures do not march in step.</summary>
    public static TimeSpan Backoff(int attempts)
    {
        var seconds = Math.Min(30 * Math.Pow(2, Math.Max(0, attempts - 1)), TimeSpan.FromHours(6).TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (0.9 + (Random.Shared.NextDouble() * 0.2)));
    }

    public Task<List<Job>> ListAsync(bool failedOnly, int limit, CancellationToken cancellationToken = default) =>
        db.Set<Job>().AsNoTracking()
            .Where(j => !failedOnly || j.FailedAt != null)
            .OrderBy(j => j.FailedAt == null).ThenBy(j => j.RunAt).ThenBy(j => j.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);

    /// <summary>Jobs by name and state (pending, running, failed), one GROUP BY.</summary>
    public async Task<List<JobCount>> CountAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Set<Job>().AsNoTracking()
            .GroupBy(j => j.Name)
            .Select(g => new JobCount(
                g.Key,
                g.Count(j => j.FailedAt == null && (j.LeaseOwner == null || j.LeaseExpiresAt <= now)),
                g.Count(j => j.FailedAt == null && j.LeaseOwner != null && j.LeaseExpiresAt > now),
                g.Count(j => j.FailedAt != null)))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>A failed (or waiting) job runs again now, with its attempts reset.</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var updated = await db.Set<Job>().Where(j => j.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(j => j.FailedAt, (DateTimeOffset?)null).SetProperty(j => j.Attempts, 0).SetProperty(j => j.RunAt, now)
                .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null),
            cancellationToken);
        signal.Pulse();
        return updated == 1;
    }

    /// <summary>Drops the lease of a job whose worker died, so that another claims it now.</summary>
    public async Task<bool> UnlockAsync(long id, CancellationToken cancellationToken = default)
    {
        var updated = await db.Set<Job>().Where(j => j.Id == id && j.LeaseOwner != null).ExecuteUpdateAsync(
            s => s.SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null),
            cancellationToken);
        signal.Pulse();
        return updated == 1;
    }

    private IQueryable<Job> Mine(Job job) => db.Set<Job>().Where(j => j.Id == job.Id && j.LeaseOwner == job.LeaseOwner);

    private void WakeWorkersOnSave()
    {
        notifyPending = true;
        if (listening)
        {
            return;
        }

        listening = true;
        db.SavedChanges += (_, _) =>
        {
            if (!notifyPending)
            {
                return;
            }

            notifyPending = false;
            if (db.Dialect.NotifySql(NotifyChannel) is { } notify)
            {
                // Inside a transaction, PostgreSQL delivers it at commit: workers wake to committed jobs.
                db.Database.ExecuteSqlRaw(notify);
            }

            signal.Pulse();
        };
    }
}
