using Flusio.Web.Data;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flusio.Web.Feeds;

public enum ImportStatus
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>An OPML import of a user's follows, run as a job: its progress (N of M) is shown while it runs.</summary>
public sealed class OpmlImport
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public ImportStatus Status { get; set; }

    public int Total { get; set; }

    public int Done { get; set; }

    /// <summary>Follows the import added (the others were followed already).</summary>
    public int Followed { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class OpmlImportConfiguration : IEntityTypeConfiguration<OpmlImport>
{
    public void Configure(EntityTypeBuilder<OpmlImport> import)
    {
        import.ToTable("opml_imports");
        import.HasKey(i => i.Id);
        import.Property(i => i.Status).HasConversion<string>().HasMaxLength(8);
        import.Property(i => i.Error).HasMaxLength(1000);
        import.HasIndex(i => new { i.UserId, i.CreatedAt });
        import.HasOne<Accounts.User>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>What an import did.</summary>
public sealed record ImportResult(int Feeds, int Followed, int AlreadyFollowed)
{
    public override string ToString() => $"feeds={Feeds} followed={Followed} already_followed={AlreadyFollowed}";
}

/// <summary>
/// Follows every feed of an OPML document for a user, with the groups of its outlines:
/// the instance's feed rows are found or created by URL, in chunks with a fixed number of
/// queries each; new feeds get their first refresh queued. Running it twice adds nothing.
/// </summary>
public sealed class OpmlImporter(FlusioDbContext db, JobQueue jobs, Following following, TimeProvider clock) : IJobHandler
{
    public const string Name = "opml-import";
    private const int Chunk = 200;

    public sealed record Arguments(Guid ImportId, OpmlFeed[] Feeds);

    /// <summary>Records the import and queues its job, in one unit of work.</summary>
    public async Task<Guid> QueueAsync(Guid userId, IReadOnlyList<OpmlFeed> feeds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var import = new OpmlImport { Id = Guid.CreateVersion7(now), UserId = userId, Status = ImportStatus.Queued, Total = feeds.Count, CreatedAt = now };
        db.Add(import);
        jobs.Enqueue(Name, new Arguments(import.Id, [.. feeds]), new JobOptions { MaxAttempts = 3 });
        await db.SaveChangesAsync(cancellationToken);
        return import.Id;
    }

    public Task<OpmlImport?> FindAsync(Guid userId, Guid importId, CancellationToken cancellationToken) =>
        db.Set<OpmlImport>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId && i.UserId == userId, cancellationToken);

    public Task<OpmlImport?> LatestAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Set<OpmlImport>().AsNoTracking().Where(i => i.UserId == userId).OrderByDescending(i => i.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    public async Task RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        var arguments = run.Arguments<Arguments>();
        var import = await db.Set<OpmlImport>().FirstOrDefaultAsync(i => i.Id == arguments.ImportId, cancellationToken);
        if (import is null)
        {
            return; // the account was deleted meanwhile
        }

        import.Status = ImportStatus.Running;
        import.Done = 0;
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var result = await ImportAsync(import.UserId, arguments.Feeds, async done =>
            {
                import.Done = done;
                await db.SaveChangesAsync(cancellationToken);
            }, cancellationToken);
            import.Followed = result.Followed;
            import.Status = ImportStatus.Done;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            import.Status = ImportStatus.Failed;
            import.Error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        import.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Follows <paramref name="feeds"/> for the user; <paramref name="progress"/> hears how many are done after each chunk.</summary>
    public async Task<ImportResult> ImportAsync(Guid userId, IReadOnlyList<OpmlFeed> feeds, Func<int, Task>? progress, CancellationToken cancellationToken)
    {
        var groupIds = new Dictionary<string, Guid?>(StringComparer.Ordinal);
        foreach (var name in feeds.Select(f => f.Group).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            groupIds[name] = await following.GroupIdAsync(userId, name, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        var followed = 0;
        var done = 0;
        foreach (var chunk in feeds.Chunk(Chunk))
        {
            var now = clock.GetUtcNow();
            var byHash = chunk.GroupBy(f => UrlHash.Of(f.Url.AbsoluteUri)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var hashes = byHash.Keys.ToList();
            var known = await db.Set<Feed>().Where(f => hashes.Contains(f.UrlHash)).ToDictionaryAsync(f => f.UrlHash, StringComparer.Ordinal, cancellationToken);
            var created = new List<Feed>();
            foreach (var (hash, entry) in byHash.Where(e => !known.ContainsKey(e.Key)))
            {
                var feed = new Feed
                {
                    Id = Guid.CreateVersion7(now),
                    Url = UrlHash.Normalise(entry.Url.AbsoluteUri),
                    UrlHash = hash,
                    Host = entry.Url.Host,
                    Title = entry.Title is { Length: > 0 } title ? Flusio.Feeds.Text.PlainText.Truncate(title, 500) : entry.Url.Host,
                    CreatedAt = now,
                    // Claimed by the refresh queued below.
                    NextCheckAt = now + FeedJobs.ClaimFor,
                };
                db.Add(feed);
                created.Add(feed);
                known[hash] = feed;
            }

            var ids = known.Values.Select(f => f.Id).ToList();
            var followedIds = await db.Set<FeedFollow>().Where(f => f.UserId == userId && ids.Contains(f.FeedId)).Select(f => f.FeedId).ToHashSetAsync(cancellationToken);
            foreach (var (hash, entry) in byHash)
            {
                var feed = known[hash];
                if (followedIds.Add(feed.Id))
                {
                    db.Add(new FeedFollow { UserId = userId, FeedId = feed.Id, CreatedAt = now, GroupId = entry.Group is { } group ? groupIds[group] : null });
                    followed++;
                }
            }

            foreach (var batch in created.Select(f => f.Id).Chunk(FeedJobs.BatchSize))
            {
                jobs.Enqueue(FeedJobs.Refresh, new FeedJobs.RefreshArguments(batch), new JobOptions { MaxAttempts = 3 });
            }

            await db.SaveChangesAsync(cancellationToken);
            done += chunk.Length;
            if (progress is not null)
            {
                await progress(done);
            }
        }

        return new ImportResult(feeds.Count, followed, feeds.Count - followed);
    }
}
