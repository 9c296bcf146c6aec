using Flusio.Tests.Collections;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Cli;

/// <summary>`backup` and `restore` on SQLite: a running instance's data comes back whole in an empty folder; a broken archive restores nothing.</summary>
public sealed class BackupCommandTests : CommandTestBase
{
    [Fact]
    public async Task A_running_instance_is_backed_up_and_restored_with_every_row_and_file()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        var (browser, _) = await app.LoggedInAsync();
        var collection = await browser.CreateCollectionAsync("Kept", isPublic: true);
        await browser.SaveLinkAsync("https://example.org/kept", collection);
        // Its page is read by a job of the running app: done before the backup, so that both copies count the same jobs.
        await app.WaitForJobsAsync();
        var media = Path.Combine(app.DataPath, "media", "ab");
        Directory.CreateDirectory(media);
        var image = new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4 };
        await File.WriteAllBytesAsync(Path.Combine(media, "abcdef.webp"), image);
        var archive = Path.Combine(DataPath, "nightly.tar.gz");

        // While the app runs (its connections open), as the nightly job would.
        var (code, stdout, stderr) = await Verbs.RunAsync(new Dictionary<string, string?> { ["DATA_PATH"] = app.DataPath }, "backup", "--out", archive);
        Assert.True(code == 0, stderr);
        Assert.Matches(@"^backup=\S+ database_bytes=\d+ files=1 archive_bytes=\d+\s*$", stdout);

        var target = Path.Combine(DataPath, "restored");
        (code, stdout, stderr) = await Verbs.RunAsync(new Dictionary<string, string?> { ["DATA_PATH"] = target }, "restore", archive);
        Assert.True(code == 0, stderr);
        Assert.StartsWith($"restored={target} ", stdout, StringComparison.Ordinal);
        Assert.Equal(image, await File.ReadAllBytesAsync(Path.Combine(target, "media", "ab", "abcdef.webp")));
        Assert.False(Directory.EnumerateDirectories(target, ".restore-*").Any());

        var original = await Verbs.RunAsync(new Dictionary<string, string?> { ["DATA_PATH"] = app.DataPath }, "system", "stats", "--json");
        var restored = await Verbs.RunAsync(new Dictionary<string, string?> { ["DATA_PATH"] = target }, "system", "stats", "--json");
        Assert.Equal(0, restored.ExitCode);
        Assert.Contains("\"links\":1", original.Stdout, StringComparison.Ordinal);
        Assert.Equal(original.Stdout, restored.Stdout);

        // A second restore into the now full folder is refused and changes nothing.
        (code, _, stderr) = await Verbs.RunAsync(new Dictionary<string, string?> { ["DATA_PATH"] = target }, "restore", archive);
        Assert.Equal(1, code);
        Assert.Contains("is not empty", stderr, StringComparison.Ordinal);
        Assert.Equal(restored.Stdout, (await Verbs.RunAsync(new Dictionary<string, string?> { ["DATA_PATH"] = target }, "system", "stats", "--json")).Stdout);
    }

    [PostgresFact]
    public async Task A_postgres_instance_comes_back_whole_through_the_guides_pg_dump_and_pg_restore()
    {
        await using var app = new FlusioApp(Db.Postgres);
        var (browser, user) = await app.LoggedInAsync();
        var collection = await browser.CreateCollectionAsync("Kept", isPublic: true);
        await browser.SaveLinkAsync("https://example.org/kept", collection);
        await browser.SaveLinkAsync("https://example.org/also-kept", collection);
        // The links' metadata jobs settle first: a job that runs between the dump and the count changes the jobs table.
        await app.WaitForJobsAsync();

        // `flusio backup` points PostgreSQL at pg_dump and changes nothing.
        var (code, _, stderr) = await Verbs.RunAsync(new Dictionary<string, string?> { ["DATABASE_URL"] = app.DatabaseUrl, ["DATA_PATH"] = app.DataPath }, "backup", "--out", Path.Combine(DataPath, "x.tar.gz"));
        Assert.Equal(2, code);
        Assert.Contains("pg_dump", stderr, StringComparison.Ordinal);

        // The commands of docs/deployment.md, on the running instance's database.
        var dump = Path.Combine(DataPath, "flusio.dump");
        await RunAsync("pg_dump", "--format=custom", $"--file={dump}", app.DatabaseUrl!);
        var restoredName = $"flusio_restored_{Guid.NewGuid():N}"[..30];
        PostgresServer.Execute($"CREATE DATABASE {restoredName}");
        var restoredUrl = $"postgres://postgres@127.0.0.1:{PostgresServer.Port}/{restoredName}";
        await RunAsync("pg_restore", "--clean", "--if-exists", $"--dbname={restoredUrl}", dump);

        var original = await RowCountsAsync(app.DatabaseUrl!);
        var restored = await RowCountsAsync(restoredUrl);
        Assert.True(original["users"] >= 1 && original["links"] >= 2 && original["collections"] >= 1, string.Join(", ", original));
        Assert.Equal(original, restored);

        // The restored database serves: the user logs in and finds the collection.
        await using var back = new FlusioApp(Db.Postgres, new Dictionary<string, string?> { ["DATABASE_URL"] = restoredUrl });
        using var again = back.Browser();
        Assert.True((await again.LoginAsync(user.UserName!)).IsRedirectTo("/news"));
        Assert.Contains("Kept", (await again.GetAsync("/collections")).Html, StringComparison.Ordinal);
    }

    private static async Task RunAsync(string tool, params string[] args)
    {
        // Beside the server's binaries, or in the packaged client's folder.
        var path = new[] { PostgresServer.Binaries }
            .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).OrderDescending() : [])
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists) ?? tool;
        var (code, _, errors) = await ExternalTool.RunAsync(path, args);
        Assert.True(code == 0, $"{tool} exited {code}: {errors}");
    }

    private static async Task<SortedDictionary<string, long>> RowCountsAsync(string databaseUrl)
    {
        var uri = new Uri(databaseUrl);
        await using var connection = new Npgsql.NpgsqlConnection($"Host={uri.Host};Port={uri.Port};Username=postgres;Database={uri.AbsolutePath.TrimStart('/')}");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new Npgsql.NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }

    [Fact]
    public async Task A_truncated_or_foreign_archive_restores_nothing()
    {
        var env = Env(Db.Sqlite, migrated: true);
        var archive = Path.Combine(DataPath, "whole.tar.gz");
        Assert.Equal(0, (await Verbs.RunAsync(env, "backup", "--out", archive)).ExitCode);
        var bytes = await File.ReadAllBytesAsync(archive);
        var truncated = Path.Combine(DataPath, "truncated.tar.gz");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var foreign = Path.Combine(DataPath, "foreign.tar.gz");
        await File.WriteAllTextAsync(foreign, "<html>not an archive</html>");

        foreach (var (file, message) in new[] { (truncated, "is not a complete Flusio backup"), (foreign, "is not a complete Flusio backup") })
        {
            var target = Path.Combine(DataPath, "into-" + Path.GetFileNameWithoutExtension(file));
            var (code, _, stderr) = await Verbs.RunAsync(new Dictionary<string, string?> { ["DATA_PATH"] = target }, "restore", file);
            Assert.Equal(1, code);
            Assert.Contains(message, stderr, StringComparison.Ordinal);
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.Empty(Directory.EnumerateFileSystemEntries(target));
        }

        // An existing archive is never overwritten.
        var (again, _, error) = await Verbs.RunAsync(env, "backup", "--out", archive);
        Assert.Equal(1, again);
        Assert.Contains("exists", error, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(archive));
    }

    [Fact]
    public async Task On_postgres_both_explain_pg_dump()
    {
        var env = Env(Db.Postgres, migrated: true);
        var (code, _, stderr) = await Verbs.RunAsync(env, "backup", "--out", Path.Combine(DataPath, "x.tar.gz"));
        Assert.Equal(2, code);
        Assert.Contains("pg_dump", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(DataPath, "x.tar.gz")));
        (code, _, stderr) = await Verbs.RunAsync(env, "restore", Path.Combine(DataPath, "x.tar.gz"));
        Assert.Equal(2, code);
        Assert.Contains("pg_restore", stderr, StringComparison.Ordinal);
    }
}
