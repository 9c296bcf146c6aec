using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Admin;

/// <summary>What /admin shows: the figures, accounts, feeds in error and failed jobs, each bounded.</summary>
public sealed class AdminOverview(FlusioDbContext db, InstanceStatistics statistics, AccountAdministration accounts, JobQueue jobs)
{
    public const int ListSize = 50;

    public sealed record FeedInError(Guid Id, string Url, string Title, string ErrorKey, int? ErrorStatus, DateTimeOffset? ErrorSince, DateTimeOffset NextCheckAt, int Followers);

    public sealed record Page(InstanceStats Stats, string? Query, IReadOnlyList<AccountAdministration.Row> Users, IReadOnlyList<FeedInError> Feeds, IReadOnlyList<Job> FailedJobs);

    public async Task<Page> ReadAsync(string? query, CancellationToken cancellationToken = default)
    {
        var stats = await statistics.ReadAsync(cancellationToken);
        var users = await accounts.SearchAsync(query, cancellationToken);
        var feeds = await db.Set<Feed>().AsNoTracking()
            .Where(f => f.ErrorKind != null)
            .OrderBy(f => f.ErrorSince).ThenBy(f => f.Id)
            .Take(ListSize)
            .Select(f => new FeedInError(f.Id, f.Url, f.Title, f.ErrorKind!, f.ErrorStatus, f.ErrorSince, f.NextCheckAt, db.Set<FeedFollow>().Count(x => x.FeedId == f.Id)))
            .ToListAsync(cancellationToken);
        var failed = await jobs.ListAsync(failedOnly: true, ListSize, cancellationToken);
        return new Page(stats, query, users, feeds, failed);
    }
}
