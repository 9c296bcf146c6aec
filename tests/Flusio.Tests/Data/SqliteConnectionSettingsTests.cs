using Flusio.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Data;

/// <summary>Every SQLite connection of the app waits on a locked file with SQLite's own handler, and commits in WAL without a disk flush each time.</summary>
public sealed class SqliteConnectionSettingsTests
{
    [Fact]
    public async Task The_apps_connections_wait_for_the_writer_in_sqlite_itself_and_commit_in_normal_mode()
    {
        await using var app = new FlusioApp(Db.Sqlite);

        var (busyTimeout, synchronous, journal) = await app.WithDbAsync(async d =>
        {
            var busy = await d.Database.SqlQueryRaw<int>("SELECT timeout AS \"Value\" FROM pragma_busy_timeout").SingleAsync();
            var sync = await d.Database.SqlQueryRaw<int>("SELECT synchronous AS \"Value\" FROM pragma_synchronous").SingleAsync();
            var mode = await d.Database.SqlQueryRaw<string>("SELECT journal_mode AS \"Value\" FROM pragma_journal_mode").SingleAsync();
            return (busy, sync, mode);
        });

        Assert.Equal(30_000, busyTimeout);
        Assert.Equal(1, synchronous); // NORMAL
        Assert.Equal("wal", journal);
    }
}
