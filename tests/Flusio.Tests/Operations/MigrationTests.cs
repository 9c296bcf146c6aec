using Flusio.Web.Data;
using Flusio.Web.Data.PostgreSql;
using Flusio.Web.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

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

    [Fact]
    public void Every_table_and_column_in_both_snapshots_is_snake_case()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();
        foreach (var db in new FlusioDbContext[] { sqlite, postgres })
        {
            var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot!.Model;
            var tables = snapshot.GetEntityTypes().Where(e => !e.IsOwned()).Select(e => e.GetTableName()!).ToList();
            Assert.All(tables, t => Assert.Matches("^[a-z][a-z0-9_]*$", t));
            Assert.Superset(new HashSet<string> { "users", "user_claims", "user_logins", "user_tokens", "user_passkeys", "user_sessions", "invitations", "data_protection_keys" }, tables.ToHashSet());
            var columns = snapshot.GetEntityTypes().Where(e => !e.IsOwned())
                .SelectMany(e => e.GetProperties().Select(p => (string?)p.FindAnnotation("Relational:ColumnName")?.Value ?? $"{e.Name}.{p.Name} (no column name)"))
                .ToList();
            Assert.NotEmpty(columns);
            Assert.All(columns, c => Assert.Matches("^[a-z][a-z0-9_]*$", c));
        }
    }

    // The same contexts `dotnet ef migrations add` builds (see migrations/add.sh).
    private static SqliteFlusioDbContext Sqlite() => new SqliteDesignTimeFactory().CreateDbContext([]);

    private static PostgresFlusioDbContext Postgres() => new PostgresDesignTimeFactory().CreateDbContext([]);
}
