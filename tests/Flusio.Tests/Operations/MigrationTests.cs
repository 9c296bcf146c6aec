using Flusio.Web.Data;
using Flusio.Web.Data.PostgreSql;
using Flusio.Web.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Operations;

/// <summary>The model and both migration sets move together: `migrations/add.sh NAME` adds to both.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_sqlite_migrations_match_the_model()
    {
        using var db = Sqlite();
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQLite migration: run migrations/add.sh NAME");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void The_postgresql_migrations_match_the_model()
    {
        using var db = Postgres();
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a PostgreSQL migration: run migrations/add.sh NAME");
    }

    [Fact]
    public void Both_providers_have_the_same_migrations_by_name()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();
        // Ids are "yyyyMMddHHmmss_Name"; the timestamps of a pair differ by seconds.
        Assert.Equal(
            sqlite.Database.GetMigrations().Select(m => m[15..]),
            postgres.Database.GetMigrations().Select(m => m[15..]));
    }

    // The same contexts `dotnet ef migrations add` builds (see migrations/add.sh).
    private static SqliteFlusioDbContext Sqlite() => new SqliteDesignTimeFactory().CreateDbContext([]);

    private static PostgresFlusioDbContext Postgres() => new PostgresDesignTimeFactory().CreateDbContext([]);
}
