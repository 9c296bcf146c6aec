using Flusio.Web.Configuration;
using Flusio.Web.Data.PostgreSql;
using Flusio.Web.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Flusio.Web.Data;

/// <summary>
/// Chooses the database from the settings: SQLite in DATA_PATH when DATABASE_URL is
/// unset, PostgreSQL otherwise. Both register <see cref="FlusioDbContext"/>, pooled: a page
/// asks for a context on every request, and building one (its services, its state) was
/// about a tenth of a list page's time. A pooled context is reset when its scope ends, so
/// it must carry no state of its own beyond what EF Core resets (it has none).
/// </summary>
public static class DatabaseSetup
{
    public static IServiceCollection AddFlusioDatabase(this IServiceCollection services, FlusioSettings settings)
    {
        if (settings.UsesPostgres)
        {
            var connectionString = PostgresConnectionString(settings.DatabaseUrl!);
            services.AddDbContextPool<FlusioDbContext, PostgresFlusioDbContext>(options => ConfigurePostgres(options, connectionString));
        }
        else
        {
            var connectionString = SqliteConnectionString(settings.FullDataPath);
            services.AddDbContextPool<FlusioDbContext, SqliteFlusioDbContext>(options => ConfigureSqlite(options, connectionString));
        }

        return services;
    }

    // snake_case tables and columns everywhere: hand-written SQL needs no quoted identifiers.
    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(SqliteConnectionSettings.Instance);

    /// <summary>postgres://user:pass@host:port/db?sslmode=require → an Npgsql connection string.</summary>
    public static string PostgresConnectionString(string databaseUrl)
    {
        var uri = new Uri(databaseUrl);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')),
            // The app runs the same few statements over and over (compiled queries): prepared
            // once per connection, PostgreSQL parses and plans them no more. A collection's
            // Atom feed under wrk went from 336–384 to 456–549 requests/s, its page from
            // 414–418 to 519–646 (bench/links' database, same run). The URL may say otherwise
            // (?Max Auto Prepare=0). Plans stay made for each call's values: a plan cached for
            // any value would not fold a search's terms (link_search_term of a parameter) and
            // ran it for every row, 30 s for one phrase.
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
            Options = "-c plan_cache_mode=force_custom_plan",
        };

        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(parts[0]);
            var value = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
            builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
        }

        return builder.ConnectionString;
    }

    public static string SqliteConnectionString(string dataPath)
    {
        Directory.CreateDirectory(dataPath);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataPath, "flusio.db"),
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            // Waits on a locked database instead of failing at once (web and worker share the file).
            DefaultTimeout = 30,
        }.ToString();
    }
}
