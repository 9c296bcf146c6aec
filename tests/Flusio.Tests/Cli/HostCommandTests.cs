using System.Text.Json;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Cli;

/// <summary>What every verb shares: help, settings, the database version check.</summary>
public sealed class HostCommandTests : CommandTestBase
{
    [Fact]
    public async Task Every_verb_has_help()
    {
        foreach (var verb in new[] { "serve", "worker", "migrate", "users create", "users list", "users promote", "users delete", "system stats", "feeds parse", "feeds add", "feeds list", "feeds refresh", "opml import", "opml export", "jobs list", "jobs retry", "jobs unlock", "media clean" })
        {
            var run = await Verbs.RunAsync(Env(Db.Sqlite), [.. verb.Split(' '), "--help"]);
            Assert.True(run.ExitCode == 0, verb + run.Stderr);
            Assert.Contains("Usage:", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_invalid_setting_fails_at_start_naming_the_variable()
    {
        var env = Env(Db.Sqlite);
        env["REGISTRATION"] = "sometimes";
        var run = await Verbs.RunAsync(env, "migrate");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: REGISTRATION must be one of open, closed, invite, not 'sometimes'.", run.Stderr.Trim());

        env["REGISTRATION"] = null;
        env["DATABASE_URL"] = "mysql://nope";
        run = await FlusioProcess.RunAsync(env, "serve");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: DATABASE_URL must look like postgres://", run.Stderr.Trim(), StringComparison.Ordinal);

        env["DATABASE_URL"] = null;
        env["PEERTUBE_HOSTS"] = "framatube.org, http://127.0.0.1";
        run = await Verbs.RunAsync(env, "users", "list");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: PEERTUBE_HOSTS must list PeerTube host names", run.Stderr.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_are_read_from_a_dot_env_file_in_the_working_directory()
    {
        var cwd = Directory.CreateDirectory(Path.Combine(DataPath, "cwd")).FullName;
        await File.WriteAllTextAsync(Path.Combine(cwd, ".env"), $"# comment\nDATA_PATH=\"{DataPath}/from-dotenv\"\n");
        using var p = FlusioProcess.StartIn(cwd, new Dictionary<string, string?>(), "migrate");
        await p.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, p.ExitCode);
        Assert.True(File.Exists(Path.Combine(DataPath, "from-dotenv", "flusio.db")));

        // A real environment variable wins over the file.
        using var overridden = FlusioProcess.StartIn(cwd, new Dictionary<string, string?> { ["DATA_PATH"] = Path.Combine(DataPath, "from-env") }, "migrate");
        await overridden.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, overridden.ExitCode);
        Assert.True(File.Exists(Path.Combine(DataPath, "from-env", "flusio.db")));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_database_migrated_by_a_newer_version_refuses_to_start(Db db)
    {
        var env = Env(db);
        Assert.Equal(0, (await Verbs.RunAsync(env, "migrate")).ExitCode);
        var sql = "INSERT INTO __ef_migrations_history (migration_id, product_version) VALUES ('29991231000000_FromTheFuture', '99.0')";
        if (db == Db.Postgres)
        {
            var name = new Uri(env["DATABASE_URL"]!).AbsolutePath.Trim('/');
            PostgresServer.Execute(sql, name);
        }
        else
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataPath, "flusio.db")}");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        foreach (var verb in new[] { "migrate", "serve", "worker" })
        {
            // serve builds the web host from the process's own environment: it runs as a process.
            var run = verb == "serve" ? await FlusioProcess.RunAsync(env, verb) : await Verbs.RunAsync(env, verb);
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("migrated by a newer version of Flusio (migration 29991231000000_FromTheFuture", run.Stderr, StringComparison.Ordinal);
        }
    }
}
