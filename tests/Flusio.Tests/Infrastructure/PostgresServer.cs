using System.Diagnostics;
using Npgsql;

namespace Flusio.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, started from the machine's
/// binaries (initdb, pg_ctl) in a temporary folder, as the postgres user when the run
/// is root. Each test app gets its own database in it.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Cluster?> Shared = new(StartCluster, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int databaseCounter;

    public static bool Required => Environment.GetEnvironmentVariable("FLUSIO_REQUIRE_POSTGRES") == "1";

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? UnavailableReason => FindBinaries() is null
        ? "PostgreSQL server binaries (initdb, pg_ctl) not found: install the postgresql package"
        : null;

    public static string AdminConnectionString(string database = "postgres") =>
        Cluster.ConnectionString(Shared.Value ?? throw new InvalidOperationException(UnavailableReason ?? "PostgreSQL did not start"), database);

    /// <summary>The folder of the server's binaries (pg_dump and pg_restore beside initdb).</summary>
    public static string Binaries => FindBinaries() ?? throw new InvalidOperationException(UnavailableReason);

    public static int Port => (Shared.Value ?? throw new InvalidOperationException(UnavailableReason)).Port;

    private static readonly Lazy<string> Template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Creates a database and returns its DATABASE_URL: a copy of the run's template,
    /// migrated once for the whole run (CREATE DATABASE … TEMPLATE takes milliseconds), or
    /// an empty one for the tests of migrating itself.
    /// </summary>
    public static string CreateDatabase(bool migrated = true)
    {
        var name = NextName();
        Execute(migrated ? $"CREATE DATABASE {name} TEMPLATE {Template.Value}" : $"CREATE DATABASE {name}");
        return $"postgres://postgres@127.0.0.1:{Port}/{name}";
    }

    private static string NextName() => $"flusio_test_{Environment.ProcessId}_{Interlocked.Increment(ref databaseCounter)}";

    private static string CreateTemplate()
    {
        var name = $"flusio_template_{Environment.ProcessId}";
        Execute($"CREATE DATABASE {name}");
        TestDatabases.Migrate(Db.Postgres, AdminConnectionString(name));
        // CREATE DATABASE … TEMPLATE needs the template without connections.
        NpgsqlConnection.ClearAllPools();
        return name;
    }

    /// <summary>A cluster of the caller's own, for a test that stops or restarts the server (the shared one stays up for the others).</summary>
    public static OwnCluster StartOwn() => new(StartCluster() ?? throw new InvalidOperationException(UnavailableReason));

    public sealed class OwnCluster : IDisposable
    {
        private readonly Cluster cluster;

        internal OwnCluster(Cluster cluster) => this.cluster = cluster;

        /// <summary>Creates an empty database and returns its DATABASE_URL.</summary>
        public string CreateDatabase()
        {
            var name = NextName();
            using (var connection = new NpgsqlConnection(Cluster.ConnectionString(cluster, "postgres")))
            {
                connection.Open();
                using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                command.ExecuteNonQuery();
            }

            return $"postgres://postgres@127.0.0.1:{cluster.Port}/{name}";
        }

        /// <summary>Restarts the server as an admin would (`pg_ctl restart -m fast`): every connection is cut.</summary>
        public void Restart() =>
            Run(Path.Combine(cluster.BinDirectory, "pg_ctl"), ["-D", Path.Combine(cluster.Folder, "data"), "-l", Path.Combine(cluster.Folder, "log"), "-m", "fast", "-w", "restart"], cluster.AsPostgresUser);

        public void Dispose() => Stop(cluster);
    }

    public static void Execute(string sql, string database = "postgres")
    {
        using var connection = new NpgsqlConnection(AdminConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    internal sealed record Cluster(string Folder, string BinDirectory, int Port, bool AsPostgresUser)
    {
        public static string ConnectionString(Cluster cluster, string database) =>
            $"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Database={database};Pooling=false";
    }

    private static string? FindBinaries()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            return Directory.GetDirectories("/usr/lib/postgresql")
                .Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderDescending()
                .FirstOrDefault();
        }

        return null;
    }

    private static Cluster? StartCluster()
    {
        var bin = FindBinaries();
        if (bin is null)
        {
            return null;
        }

        var asPostgres = Environment.UserName == "root";
        StopStaleClusters(bin, asPostgres);
        var folder = Directory.CreateTempSubdirectory($"flusio-pg-{Environment.ProcessId}-").FullName;
        if (asPostgres)
        {
            Run("chown", ["postgres:postgres", folder], asPostgres: false);
        }

        var port = Ports.Free();
        var data = Path.Combine(folder, "data");
        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], asPostgres);
        Run(Path.Combine(bin, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(folder, "log"), "-w", "-o",
             $"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500",
             "start"],
            asPostgres);
        var cluster = new Cluster(folder, bin, port, asPostgres);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(cluster);
        return cluster;
    }

    /// <summary>
    /// Stops and removes the clusters of earlier runs whose test process is gone: the test host
    /// can be ended before its exit handlers run, and each cluster left would hold its memory.
    /// </summary>
    private static void StopStaleClusters(string bin, bool asPostgres)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "flusio-pg-*"))
        {
            var parts = Path.GetFileName(folder).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[2], out var pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue; // not ours, or its run is still going
            }

            Stop(new Cluster(folder, bin, 0, asPostgres));
        }
    }

    private static void Stop(Cluster cluster)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            Run(Path.Combine(cluster.BinDirectory, "pg_ctl"), ["-D", Path.Combine(cluster.Folder, "data"), "-m", "immediate", "-w", "stop"], cluster.AsPostgresUser);
        }
        catch (Exception)
        {
            // Already stopped, or best effort at exit.
        }

        try
        {
            Directory.Delete(cluster.Folder, recursive: true);
        }
        catch (Exception)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static void Run(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} timed out");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        }
    }
}
