using Flusio.Web.Data;
using Flusio.Web.Data.PostgreSql;
using Flusio.Web.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flusio.Tests.Infrastructure;

/// <summary>
/// Databases migrated once per run: SQLite as a template file that each app copies into
/// its DATA_PATH, PostgreSQL as a template database (see <see cref="PostgresServer.CreateDatabase"/>).
/// Every test class (or test that touches global rows) gets its own copy at the cost of a file copy.
/// </summary>
public static class TestDatabases
{
    private static readonly Lazy<string> SqliteTemplate = new(CreateSqliteTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Puts a migrated SQLite database at DATA_PATH/flusio.db.</summary>
    public static void CopySqliteTemplate(string dataPath) =>
        File.Copy(SqliteTemplate.Value, Path.Combine(dataPath, "flusio.db"));

    /// <summary>Applies the app's migrations, with the app's own migrator.</summary>
    public static void Migrate(Db db, string connectionString)
    {
        using var context = Context(db, connectionString);
        new DatabaseMigrator(context, NullLogger<DatabaseMigrator>.Instance).MigrateAsync().GetAwaiter().GetResult();
        if (db == Db.Sqlite)
        {
            // One self-contained file to copy: no write-ahead log beside it.
            context.Database.ExecuteSqlRaw("PRAGMA journal_mode=DELETE;");
        }
    }

    public static FlusioDbContext Context(Db db, string connectionString)
    {
        if (db == Db.Sqlite)
        {
            var options = new DbContextOptionsBuilder<SqliteFlusioDbContext>();
            DatabaseSetup.ConfigureSqlite(options, connectionString);
            return new SqliteFlusioDbContext(options.Options);
        }

        var postgres = new DbContextOptionsBuilder<PostgresFlusioDbContext>();
        DatabaseSetup.ConfigurePostgres(postgres, connectionString);
        return new PostgresFlusioDbContext(postgres.Options);
    }

    private static string CreateSqliteTemplate()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"flusio-template-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        Migrate(Db.Sqlite, DatabaseSetup.SqliteConnectionString(folder));
        SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return Path.Combine(folder, "flusio.db");
    }
}
