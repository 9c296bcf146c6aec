using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Data;

/// <summary>Thrown when the database was migrated by a newer Flusio than this one.</summary>
public sealed class DatabaseTooNewException(string message) : Exception(message);

/// <summary>
/// Applies pending migrations and refuses to run against a database that a newer
/// version of the code has migrated: its schema may not be what this code expects.
/// </summary>
public sealed class DatabaseMigrator(FlusioDbContext db, ILogger<DatabaseMigrator> logger)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await EnsureNotNewerAsync(cancellationToken);

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            // A migration may rewrite every row of a big table (the search vectors of 100,000
            // links take about a minute on PostgreSQL): the 30-second limit of ordinary
            // commands would roll it back halfway, every time.
            db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers and one writer work at once (web and worker on one file).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        return pending;
    }

    /// <summary>Fails when the database has migrations this code does not know.</summary>
    public async Task EnsureNotNewerAsync(CancellationToken cancellationToken = default)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return; // Migrate() creates it.
        }

        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var applied = await db.Database.GetAppliedMigrationsAsync(cancellationToken);
        var unknown = applied.Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            throw new DatabaseTooNewException(
                $"The database has been migrated by a newer version of Flusio (migration {unknown[^1]} is unknown here). " +
                "Upgrade Flusio, or restore a backup made for this version.");
        }
    }

    public async Task EnsureUpToDateAsync(CancellationToken cancellationToken = default)
    {
        await EnsureNotNewerAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new DatabaseTooNewException(
                $"The database needs {pending.Count} migration(s); run `flusio migrate` (or `serve`, which migrates) first.");
        }
    }
}
