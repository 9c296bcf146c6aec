using System.Text.Json;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Cli;

/// <summary>The command verbs, run as the real executable on a real database.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly string dataPath = Directory.CreateTempSubdirectory("flusio-cli-").FullName;

    private Dictionary<string, string?> Env(Db db, string? databaseUrl = null) => new()
    {
        ["DATA_PATH"] = dataPath,
        ["DATABASE_URL"] = db == Db.Postgres ? databaseUrl ?? PostgresServer.CreateDatabase(migrated: false) : null,
    };

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Users_are_created_listed_promoted_and_deleted_from_the_shell(Db db)
    {
        var env = Env(db);
        Assert.Equal(0, (await FlusioProcess.RunAsync(env, "migrate")).ExitCode);

        var created = await FlusioProcess.RunAsync(env, "users", "create", "--username", "alice", "--email", "alice@example.test", "--password", "correct horse battery");
        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Contains("Created user alice", created.Stdout, StringComparison.Ordinal);

        var promoted = await FlusioProcess.RunAsync(env, "users", "promote", "alice");
        Assert.Equal(0, promoted.ExitCode);

        var listed = await FlusioProcess.RunAsync(env, "users", "list");
        var line = Assert.Single(listed.Stdout.Split('\n'), l => l.StartsWith("alice ", StringComparison.Ordinal));
        Assert.Contains("alice@example.test", line, StringComparison.Ordinal);
        Assert.Matches(@"alice\s+alice@example\.test\s+yes\s+yes", line);

        var stats = await FlusioProcess.RunAsync(env, "system", "stats", "--json");
        Assert.Equal(0, stats.ExitCode);
        using (var json = JsonDocument.Parse(stats.Stdout))
        {
            Assert.Equal(1, json.RootElement.GetProperty("users").GetInt64());
            Assert.Equal(0, json.RootElement.GetProperty("user_sessions").GetInt64());
            Assert.All(json.RootElement.EnumerateObject(), p => Assert.Matches("^[a-z_]+$", p.Name));
        }

        var deleted = await FlusioProcess.RunAsync(env, "users", "delete", "alice");
        Assert.Equal(0, deleted.ExitCode);
        Assert.DoesNotContain("alice", (await FlusioProcess.RunAsync(env, "users", "list")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_exit_non_zero_with_one_clear_line()
    {
        var env = Env(Db.Sqlite);
        await FlusioProcess.RunAsync(env, "migrate");

        var weak = await FlusioProcess.RunAsync(env, "users", "create", "--username", "bob", "--email", "bob@example.test", "--password", "short");
        Assert.Equal(1, weak.ExitCode);
        Assert.Equal("error: The password must be at least 8 characters long.", weak.Stderr.Trim());

        var common = await FlusioProcess.RunAsync(env, "users", "create", "--username", "carol", "--email", "carol@example.test", "--password", "password123");
        Assert.Equal(1, common.ExitCode);
        Assert.StartsWith("error: This password is too easy to guess", common.Stderr.Trim(), StringComparison.Ordinal);

        var named = await FlusioProcess.RunAsync(env, "users", "create", "--username", "dave", "--email", "x <dave@example.test>", "--password", "correct horse battery");
        Assert.Equal(1, named.ExitCode);
        Assert.Equal("error: 'x <dave@example.test>' is not a valid e-mail address.", named.Stderr.Trim());

        var missing = await FlusioProcess.RunAsync(env, "users", "promote", "nobody");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("error: No user named 'nobody'.", missing.Stderr.Trim());

        var unknown = await FlusioProcess.RunAsync(env, "users", "explode");
        Assert.NotEqual(0, unknown.ExitCode);
    }

    [Fact]
    public async Task Jobs_are_listed_retried_and_unlocked_from_the_shell()
    {
        var env = Env(Db.Sqlite);
        Assert.Equal(0, (await FlusioProcess.RunAsync(env, "migrate")).ExitCode);
        long failedId, runningId;
        await using (var db = TestDatabases.Context(Db.Sqlite, Flusio.Web.Data.DatabaseSetup.SqliteConnectionString(dataPath)))
        {
            var now = DateTimeOffset.UtcNow;
            var failed = new Flusio.Web.Jobs.Job { Name = "account-mail", Arguments = "{}", RunAt = now, Attempts = 8, MaxAttempts = 8, FailedAt = now, LastError = "SmtpException: the mail server is down", CreatedAt = now };
            var running = new Flusio.Web.Jobs.Job { Name = "account-mail", Arguments = "{}", RunAt = now, Attempts = 1, MaxAttempts = 8, LeaseOwner = "dead:1", LeaseExpiresAt = now.AddMinutes(5), CreatedAt = now };
            db.AddRange(failed, running);
            await db.SaveChangesAsync();
            (failedId, runningId) = (failed.Id, running.Id);
        }

        var listed = await FlusioProcess.RunAsync(env, "jobs", "list", "--failed");
        Assert.Equal(0, listed.ExitCode);
        var line = Assert.Single(listed.Stdout.Split('\n'), l => l.StartsWith($"{failedId} ", StringComparison.Ordinal));
        Assert.Matches(@"account-mail\s+default\s+failed\s+8/8 .* SmtpException: the mail server is down", line);
        Assert.DoesNotContain(listed.Stdout.Split('\n'), l => l.StartsWith($"{runningId} ", StringComparison.Ordinal));
        Assert.Contains(" running ", (await FlusioProcess.RunAsync(env, "jobs", "list")).Stdout, StringComparison.Ordinal);

        var retried = await FlusioProcess.RunAsync(env, "jobs", "retry", failedId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, retried.ExitCode);
        Assert.Contains($"Job {failedId} will run again now.", retried.Stdout, StringComparison.Ordinal);
        var unlocked = await FlusioProcess.RunAsync(env, "jobs", "unlock", runningId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, unlocked.ExitCode);
        var after = (await FlusioProcess.RunAsync(env, "jobs", "list")).Stdout;
        Assert.DoesNotContain(" failed ", after, StringComparison.Ordinal);
        Assert.DoesNotContain(" running ", after, StringComparison.Ordinal);

        var missing = await FlusioProcess.RunAsync(env, "jobs", "retry", "999999");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("error: No job 999999.", missing.Stderr.Trim());
        Assert.Equal("error: No running job 999999.", (await FlusioProcess.RunAsync(env, "jobs", "unlock", "999999")).Stderr.Trim());
    }

    [Fact]
    public async Task Every_verb_has_help()
    {
        foreach (var verb in new[] { "serve", "worker", "migrate", "users create", "users list", "users promote", "users delete", "system stats", "feeds parse", "jobs list", "jobs retry", "jobs unlock" })
        {
            var run = await FlusioProcess.RunAsync(Env(Db.Sqlite), [.. verb.Split(' '), "--help"]);
            Assert.True(run.ExitCode == 0, verb + run.Stderr);
            Assert.Contains("Usage:", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_invalid_setting_fails_at_start_naming_the_variable()
    {
        var env = Env(Db.Sqlite);
        env["REGISTRATION"] = "sometimes";
        var run = await FlusioProcess.RunAsync(env, "migrate");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: REGISTRATION must be one of open, closed, invite, not 'sometimes'.", run.Stderr.Trim());

        env["REGISTRATION"] = null;
        env["DATABASE_URL"] = "mysql://nope";
        run = await FlusioProcess.RunAsync(env, "serve");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: DATABASE_URL must look like postgres://", run.Stderr.Trim(), StringComparison.Ordinal);

        env["DATABASE_URL"] = null;
        env["PEERTUBE_HOSTS"] = "framatube.org, http://127.0.0.1";
        run = await FlusioProcess.RunAsync(env, "users", "list");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: PEERTUBE_HOSTS must list PeerTube host names", run.Stderr.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_are_read_from_a_dot_env_file_in_the_working_directory()
    {
        var cwd = Directory.CreateDirectory(Path.Combine(dataPath, "cwd")).FullName;
        await File.WriteAllTextAsync(Path.Combine(cwd, ".env"), $"# comment\nDATA_PATH=\"{dataPath}/from-dotenv\"\n");
        using var p = FlusioProcess.StartIn(cwd, new Dictionary<string, string?>(), "migrate");
        await p.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, p.ExitCode);
        Assert.True(File.Exists(Path.Combine(dataPath, "from-dotenv", "flusio.db")));

        // A real environment variable wins over the file.
        using var overridden = FlusioProcess.StartIn(cwd, new Dictionary<string, string?> { ["DATA_PATH"] = Path.Combine(dataPath, "from-env") }, "migrate");
        await overridden.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, overridden.ExitCode);
        Assert.True(File.Exists(Path.Combine(dataPath, "from-env", "flusio.db")));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_database_migrated_by_a_newer_version_refuses_to_start(Db db)
    {
        var env = Env(db);
        Assert.Equal(0, (await FlusioProcess.RunAsync(env, "migrate")).ExitCode);
        var sql = "INSERT INTO __ef_migrations_history (migration_id, product_version) VALUES ('29991231000000_FromTheFuture', '99.0')";
        if (db == Db.Postgres)
        {
            var name = new Uri(env["DATABASE_URL"]!).AbsolutePath.Trim('/');
            PostgresServer.Execute(sql, name);
        }
        else
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataPath, "flusio.db")}");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        foreach (var verb in new[] { "migrate", "serve", "worker" })
        {
            var run = await FlusioProcess.RunAsync(env, verb);
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("migrated by a newer version of Flusio (migration 29991231000000_FromTheFuture", run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Feeds_parse_prints_one_json_line_per_input_in_order_and_fails_if_any_failed()
    {
        var feed = Path.Combine(dataPath, "feed.xml");
        await File.WriteAllTextAsync(feed, "<rss version=\"2.0\"><channel><title>T &amp; U</title><item><title>One</title><guid>1</guid></item></channel></rss>");
        var page = Path.Combine(dataPath, "page.html");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html><body>Hello</body></html>");

        var ok = await FlusioProcess.RunAsync(Env(Db.Sqlite), "feeds", "parse", feed, feed);
        Assert.Equal(0, ok.ExitCode);
        var lines = ok.Stdout.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        using (var json = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal(feed, json.RootElement.GetProperty("file").GetString());
            Assert.Equal("rss2", json.RootElement.GetProperty("format").GetString());
            Assert.Equal("T & U", json.RootElement.GetProperty("feed").GetProperty("title").GetString());
            Assert.Equal("1", json.RootElement.GetProperty("entries")[0].GetProperty("id").GetString());
        }

        var mixed = await FlusioProcess.RunAsync(Env(Db.Sqlite), "feeds", "parse", page, feed);
        Assert.Equal(1, mixed.ExitCode);
        lines = mixed.Stdout.Trim().Split('\n');
        using (var first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal(page, first.RootElement.GetProperty("file").GetString());
            Assert.Contains("HTML", first.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("rss2", second.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public async Task Feeds_parse_refuses_a_file_over_the_cap_by_its_size_and_goes_on_with_the_next()
    {
        var big = Path.Combine(dataPath, "big.xml");
        await using (var file = File.Create(big))
        {
            file.SetLength(200L * 1024 * 1024); // sparse: nothing written, nothing to read
        }

        var feed = Path.Combine(dataPath, "feed.xml");
        await File.WriteAllTextAsync(feed, "<rss version=\"2.0\"><channel><title>Small</title></channel></rss>");
        var run = await FlusioProcess.RunAsync(Env(Db.Sqlite), "feeds", "parse", big, feed);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Stdout.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        using (var first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal(big, first.RootElement.GetProperty("file").GetString());
            Assert.Contains("too large", first.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("rss2", second.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public async Task Feeds_parse_fetches_urls_and_refuses_private_addresses_unless_allowed()
    {
        await using var server = await LocalFeedServer.StartAsync(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Local</title><entry><id>e1</id><title>Hi</title><link href=\"/posts/1\"/></entry></feed>");
        var url = server.Url + "feed.xml";

        var refused = await FlusioProcess.RunAsync(Env(Db.Sqlite), "feeds", "parse", url);
        Assert.Equal(1, refused.ExitCode);
        using (var json = JsonDocument.Parse(refused.Stdout))
        {
            Assert.Contains("private", json.RootElement.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        var env = Env(Db.Sqlite);
        env["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true";
        var allowed = await FlusioProcess.RunAsync(env, "feeds", "parse", url);
        Assert.True(allowed.ExitCode == 0, allowed.Stdout + allowed.Stderr);
        using var parsed = JsonDocument.Parse(allowed.Stdout);
        Assert.Equal("atom1", parsed.RootElement.GetProperty("format").GetString());
        Assert.Equal(server.Url + "posts/1", parsed.RootElement.GetProperty("entries")[0].GetProperty("link").GetString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
