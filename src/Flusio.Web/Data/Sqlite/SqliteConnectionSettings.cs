using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Flusio.Web.Data.Sqlite;

/// <summary>
/// What every SQLite connection is told when it opens. SQLite has one writer at a time (web
/// requests and the in-process worker take turns); a writer that finds the file locked used
/// to be retried by Microsoft.Data.Sqlite after 150 ms sleeps, so a request behind a job's
/// short write waited 150 ms or more. SQLite's own busy handler waits in steps of a few
/// milliseconds and takes the lock as soon as it is free. In WAL mode, NORMAL synchronous
/// writes the log without waiting for the disk on every commit: a power cut can lose the
/// last commits, never the file's consistency.
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";

    public static SqliteConnectionSettings Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
