using Flusio.Web.Accounts;
using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Housekeeping;

/// <summary>
/// The daily clean-up: sessions nobody used within the cookie's lifetime, expired
/// invitations, old login-failure counters, accounts never validated within
/// <c>UNVALIDATED_ACCOUNT_DAYS</c>, feeds nobody follows any more (with their entries), finished
/// OPML imports, failed jobs and API tokens expired for a month, media files no link references
/// (<see cref="OrphanMedia"/>). Each kind goes in batches of
/// <see cref="BatchSize"/> rows, at most <see cref="MaxBatches"/> per run, so that one run never
/// holds the database for long; what is left waits for the next day.
/// </summary>
public sealed class Housekeeping(FlusioDbContext db, FlusioSettings settings, AccountDeletion accounts, OrphanMedia media, TimeProvider clock, ILogger<Housekeeping> logger) : IJobHandler
{
    public const string Name = "housekeeping";
    public const int BatchSize = 500;
    public const int MaxBatches = 20;

    /// <summary>The sign-in cookie's sliding lifetime: a session unseen for longer cannot come back.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(30);

    /// <summary>How long finished records (imports, failed jobs, expired invitations) stay visible.</summary>
    public static readonly TimeSpan RecordsKept = TimeSpan.FromDays(30);

    /// <summary>A feed unfollowed this recently is kept: following it again costs no refetch.</summary>
    public static readonly TimeSpan UnfollowedGrace = TimeSpan.FromDays(1);

    public sealed record Report(int Sessions, int Invitations, int LoginCounters, int Accounts, int Feeds, int Imports, int Jobs, int Tokens, int Media)
    {
        public override string ToString() =>
            $"sessions={Sessions} invitations={Invitations} login_counters={LoginCounters} accounts={Accounts} feeds={Feeds} imports={Imports} jobs={Jobs} tokens={Tokens} media={Media}";
    }

    public async Task RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        var report = await CleanAsync(cancellationToken);
        logger.LogInformation("Housekeeping removed {Report}", report.ToString());
    }

    public async Task<Report> CleanAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var staleSession = now - SessionLifetime;
        var oldRecord = now - RecordsKept;
        var unvalidatedSince = now.AddDays(-settings.UnvalidatedAccountDays);
        var unfollowedSince = now - UnfollowedGrace;

        var sessions = await InBatchesAsync(
            () => db.Set<UserSession>().Where(s => s.LastSeenAt < staleSession).OrderBy(s => s.Id).Select(s => s.Id).Take(BatchSize).ToListAsync(cancellationToken),
            ids => db.Set<UserSession>().Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken));
        var invitations = await InBatchesAsync(
            () => db.Set<Invitation>().Where(i => i.UsedAt == null && i.ExpiresAt < oldRecord).OrderBy(i => i.Id).Select(i => i.Id).Take(BatchSize).ToListAsync(cancellationToken),
            ids => db.Set<Invitation>().Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken));
        var counters = await InBatchesAsync(
            () => db.Set<LoginFailureCount>().Where(c => c.WindowStart < now.AddDays(-1) && (c.LockedUntil == null || c.LockedUntil < now)).OrderBy(c => c.Key).Select(c => c.Key).Take(BatchSize).ToListAsync(cancellationToken),
            keys => db.Set<LoginFailureCount>().Where(c => keys.Contains(c.Key)).ExecuteDeleteAsync(cancellationToken));
        var unvalidated = await InBatchesAsync(
            () => db.Set<User>().AsNoTracking().Where(u => !u.EmailConfirmed && !u.IsAdmin && u.CreatedAt < unvalidatedSince).OrderBy(u => u.Id).Take(BatchSize).ToListAsync(cancellationToken),
            async users =>
            {
                foreach (var user in users)
                {
                    await accounts.DeleteAsync(user, cancellationToken);
                }

                return users.Count;
            });
        // A feed's entries go with it (cascade); users' copies of them stay, losing only their source.
        // Few feeds a batch: each may carry thousands of entries.
        var feeds = await InBatchesAsync(
            () => db.Set<Feed>().Where(f => f.CreatedAt < unfollowedSince && !db.Set<FeedFollow>().Any(x => x.FeedId == f.Id)).OrderBy(f => f.Id).Select(f => f.Id).Take(20).ToListAsync(cancellationToken),
            ids => db.Set<Feed>().Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync(cancellationToken));
        var imports = await InBatchesAsync(
            () => db.Set<OpmlImport>().Where(i => i.FinishedAt != null && i.FinishedAt < oldRecord).OrderBy(i => i.Id).Select(i => i.Id).Take(BatchSize).ToListAsync(cancellationToken),
            ids => db.Set<OpmlImport>().Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken));
        var jobs = await InBatchesAsync(
            () => db.Set<Job>().Where(j => j.FailedAt != null && j.FailedAt < oldRecord).OrderBy(j => j.Id).Select(j => j.Id).Take(BatchSize).ToListAsync(cancellationToken),
            ids => db.Set<Job>().Where(j => ids.Contains(j.Id)).ExecuteDeleteAsync(cancellationToken));
        var tokens = await InBatchesAsync(
            () => db.Set<ApiToken>().Where(t => t.ExpiresAt != null && t.ExpiresAt < oldRecord).OrderBy(t => t.Id).Select(t => t.Id).Take(BatchSize).ToListAsync(cancellationToken),
            ids => db.Set<ApiToken>().Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken));
        // After the feeds and accounts: the illustrations of the links they took are unreferenced now.
        var orphans = await media.CleanAsync(BatchSize * MaxBatches, cancellationToken);
        return new Report(sessions, invitations, counters, unvalidated, feeds, imports, jobs, tokens, orphans.Removed);
    }

    /// <summary>Finds a batch, removes it, again until a batch comes back empty or <see cref="MaxBatches"/> ran.</summary>
    private static async Task<int> InBatchesAsync<T>(Func<Task<List<T>>> next, Func<List<T>, Task<int>> remove)
    {
        var removed = 0;
        for (var batch = 0; batch < MaxBatches; batch++)
        {
            var found = await next();
            if (found.Count == 0)
            {
                break;
            }

            removed += await remove(found);
        }

        return removed;
    }
}

public static class HousekeepingServices
{
    public static IServiceCollection AddHousekeeping(this IServiceCollection services) =>
        services.AddScoped<OrphanMedia>().AddScoped<Housekeeping>().AddRecurringJob<Housekeeping>(Housekeeping.Name, TimeSpan.FromDays(1));
}
