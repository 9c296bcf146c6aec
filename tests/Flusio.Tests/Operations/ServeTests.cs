using System.Net;
using System.Text.Json;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Operations;

/// <summary>`serve` as an admin runs it: the real executable, a real port, real signals.</summary>
public sealed class ServeTests : IDisposable
{
    private readonly string dataPath = Directory.CreateTempSubdirectory("flusio-serve-").FullName;

    [Fact]
    public async Task Serve_creates_the_sqlite_database_serves_the_login_page_and_stops_gracefully_on_sigterm()
    {
        var port = Ports.Free();
        using var serve = FlusioProcess.Start(new Dictionary<string, string?> { ["DATA_PATH"] = dataPath, ["WORKER_IN_PROCESS"] = "true" }, "serve", "--urls", $"http://127.0.0.1:{port}");
        await serve.WaitForHttpAsync($"http://127.0.0.1:{port}/healthz", TimeSpan.FromSeconds(60));

        using var http = new HttpClient();
        var login = await http.GetAsync($"http://127.0.0.1:{port}/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Log in", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/readyz")).StatusCode);
        Assert.True(File.Exists(Path.Combine(dataPath, "flusio.db")));
        Assert.Contains("Worker started", serve.Stdout, StringComparison.Ordinal);

        serve.Terminate();
        await serve.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, serve.ExitCode);
        Assert.Contains("Worker stopped", serve.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_runs_in_wal_mode()
    {
        Assert.Equal(0, (await Verbs.RunAsync(new Dictionary<string, string?> { ["DATA_PATH"] = dataPath }, "migrate")).ExitCode);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataPath, "flusio.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [PostgresFact]
    public async Task Serve_migrates_a_precreated_database_owned_by_a_role_that_cannot_create_databases()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        PostgresServer.Execute($"CREATE ROLE flusio_{suffix} LOGIN PASSWORD 'secret pass' NOCREATEDB NOSUPERUSER");
        PostgresServer.Execute($"CREATE DATABASE flusio_owned_{suffix} OWNER flusio_{suffix}");
        var url = $"postgres://flusio_{suffix}:secret%20pass@127.0.0.1:{PostgresServer.Port}/flusio_owned_{suffix}";
        var port = Ports.Free();

        using var serve = FlusioProcess.Start(new Dictionary<string, string?> { ["DATA_PATH"] = dataPath, ["DATABASE_URL"] = url }, "serve", "--urls", $"http://127.0.0.1:{port}");
        await serve.WaitForHttpAsync($"http://127.0.0.1:{port}/healthz", TimeSpan.FromSeconds(60));
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/readyz")).StatusCode);
        Assert.False(File.Exists(Path.Combine(dataPath, "flusio.db")));

        var created = await Verbs.RunAsync(new Dictionary<string, string?> { ["DATA_PATH"] = dataPath, ["DATABASE_URL"] = url },
            "users", "create", "--username", "owner", "--email", "owner@example.test", "--password", "correct horse battery");
        Assert.True(created.ExitCode == 0, created.Stderr);
    }

    [PostgresFact]
    public async Task Readiness_fails_with_503_when_the_database_goes_away_while_liveness_stays_200()
    {
        using var app = new FlusioApp(Db.Postgres);
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        var name = new Uri(app.DatabaseUrl!).AbsolutePath.Trim('/');
        Npgsql.NpgsqlConnection.ClearAllPools();
        PostgresServer.Execute($"DROP DATABASE {name} WITH (FORCE)");

        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("unavailable", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Without_a_verb_it_serves_and_json_logs_are_one_json_object_per_line()
    {
        var port = Ports.Free();
        using var serve = FlusioProcess.Start(new Dictionary<string, string?> { ["DATA_PATH"] = dataPath, ["LOG_FORMAT"] = "json" }, "--urls", $"http://127.0.0.1:{port}");
        await serve.WaitForHttpAsync($"http://127.0.0.1:{port}/healthz", TimeSpan.FromSeconds(60));
        serve.Terminate();
        await serve.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var lines = serve.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", json.RootElement.GetProperty("Timestamp").GetString());
        }
    }

    [Fact]
    public async Task The_worker_verb_runs_until_sigterm()
    {
        var env = new Dictionary<string, string?> { ["DATA_PATH"] = dataPath };
        Assert.Equal(0, (await Verbs.RunAsync(env, "migrate")).ExitCode);
        using var worker = FlusioProcess.Start(env, "worker");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!worker.Stdout.Contains("Worker started", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !worker.HasExited)
        {
            await Task.Delay(100);
        }

        Assert.False(worker.HasExited, worker.Stderr);
        worker.Terminate();
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, worker.ExitCode);
        Assert.Contains("Worker stopped", worker.Stdout, StringComparison.Ordinal);
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
