using System.CommandLine;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Microsoft.Data.Sqlite;

namespace Flusio.Web.Cli;

/// <summary>
/// `backup --out FILE` and `restore FILE` for a SQLite instance: one .tar.gz holding a consistent
/// copy of the database (SQLite's online backup, safe while the app runs), the rest of the data
/// folder (media, mails written without SMTP, terms) and a manifest. On PostgreSQL both explain
/// `pg_dump` and `pg_restore` instead.
/// </summary>
public static class BackupCommands
{
    public const string Manifest = "flusio-backup.json";
    public const string DatabaseEntry = "flusio.db";
    public const string FilesPrefix = "files/";
    private const int Refused = 2;

    public static IEnumerable<Command> Build(CommandContext context)
    {
        var output = new Option<FileInfo>("--out") { Description = "The archive to write (.tar.gz); it must not exist.", Required = true };
        var backup = new Command("backup", "Write the SQLite database and the data folder to one archive (safe while Flusio runs).") { output };
        backup.SetAction((parse, cancellationToken) => RunAsync(context, settings => BackupAsync(context, settings, parse.GetValue(output)!, cancellationToken)));

        var input = new Argument<FileInfo>("FILE") { Description = "An archive written by `flusio backup`." };
        var restore = new Command("restore", "Restore an archive of `flusio backup` into an empty data folder (DATA_PATH).") { input };
        restore.SetAction((parse, cancellationToken) => RunAsync(context, settings => RestoreAsync(context, settings, parse.GetValue(input)!, cancellationToken)));
        return [backup, restore];
    }

    private static async Task<int> RunAsync(CommandContext context, Func<FlusioSettings, Task<int>> action)
    {
        var settings = context.LoadSettings();
        if (settings.UsesPostgres)
        {
            await context.Error.WriteLineAsync(
                "This instance uses PostgreSQL: back it up with pg_dump (pg_dump --format=custom --file=FILE DATABASE_URL) "
                + $"and copy the data folder ({settings.FullDataPath}); restore with pg_restore. See docs/deployment.md.");
            return Refused;
        }

        try
        {
            return await action(settings);
        }
        catch (BackupException e)
        {
            await context.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static async Task<int> BackupAsync(CommandContext context, FlusioSettings settings, FileInfo output, CancellationToken cancellationToken)
    {
        var dataPath = settings.FullDataPath;
        var database = Path.Combine(dataPath, DatabaseEntry);
        if (!File.Exists(database))
        {
            throw new BackupException($"No database at {database}: nothing to back up.");
        }

        if (output.Exists)
        {
            throw new BackupException($"{output.FullName} exists: choose a new file name.");
        }

        var work = Directory.CreateTempSubdirectory("flusio-backup-");
        var partial = output.FullName + ".partial";
        try
        {
            // The online backup copies pages under a read transaction: writers of the running app
            // wait or retry, and the copy is one consistent state.
            var copy = Path.Combine(work.FullName, DatabaseEntry);
            using (var source = new SqliteConnection(DatabaseSetup.SqliteConnectionString(dataPath)))
            using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
            {
                source.Open();
                target.Open();
                source.BackupDatabase(target);
            }

            var files = DataFiles(dataPath).ToList();
            await using (var stream = File.Create(partial))
            await using (var gzip = new GZipStream(stream, CompressionLevel.Optimal))
            await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
            {
                var manifest = new BackupManifest(1, DateTimeOffset.UtcNow, new FileInfo(copy).Length, files.Count);
                var entry = new PaxTarEntry(TarEntryType.RegularFile, Manifest) { DataStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest)) };
                await tar.WriteEntryAsync(entry, cancellationToken);
                await tar.WriteEntryAsync(copy, DatabaseEntry, cancellationToken);
                foreach (var file in files)
                {
                    await tar.WriteEntryAsync(file, FilesPrefix + Path.GetRelativePath(dataPath, file).Replace('\\', '/'), cancellationToken);
                }
            }

            File.Move(partial, output.FullName);
            await context.Out.WriteLineAsync(FormattableString.Invariant($"backup={output.FullName} database_bytes={new FileInfo(copy).Length} files={files.Count} archive_bytes={new FileInfo(output.FullName).Length}"));
            return 0;
        }
        finally
        {
            File.Delete(partial);
            work.Delete(recursive: true);
        }
    }

    /// <summary>Everything in the data folder but the live database (its copy is made apart) and restores in progress.</summary>
    private static IEnumerable<string> DataFiles(string dataPath) =>
        Directory.EnumerateFiles(dataPath, "*", SearchOption.AllDirectories)
            .Where(f =>
            {
                var relative = Path.GetRelativePath(dataPath, f);
                return !relative.StartsWith(DatabaseEntry, StringComparison.Ordinal) && !relative.StartsWith(".restore-", StringComparison.Ordinal);
            })
            .Order(StringComparer.Ordinal);

    private static async Task<int> RestoreAsync(CommandContext context, FlusioSettings settings, FileInfo input, CancellationToken cancellationToken)
    {
        var dataPath = settings.FullDataPath;
        if (!input.Exists)
        {
            throw new BackupException($"{input.FullName} does not exist.");
        }

        if (Directory.Exists(dataPath) && Directory.EnumerateFileSystemEntries(dataPath).Any())
        {
            throw new BackupException($"{dataPath} is not empty: restore goes into an empty data folder (set DATA_PATH to a new one).");
        }

        Directory.CreateDirectory(dataPath);
        // Read all of it beside the data folder first: a truncated or foreign archive leaves nothing behind.
        var staging = Path.Combine(dataPath, ".restore-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            var manifest = await ExtractAsync(input, staging, cancellationToken);
            var database = Path.Combine(staging, DatabaseEntry);
            if (manifest is null || !File.Exists(database))
            {
                throw new BackupException($"{input.Name} is not a Flusio backup: it lacks {(manifest is null ? Manifest : DatabaseEntry)}.");
            }

            CheckDatabase(database);
            foreach (var entry in Directory.EnumerateFileSystemEntries(staging))
            {
                var name = Path.GetFileName(entry);
                var target = Path.Combine(dataPath, name == "files" ? "" : name);
                if (name == "files")
                {
                    foreach (var inner in Directory.EnumerateFileSystemEntries(entry))
                    {
                        Move(inner, Path.Combine(dataPath, Path.GetFileName(inner)));
                    }
                }
                else
                {
                    Move(entry, target);
                }
            }

            await context.Out.WriteLineAsync(FormattableString.Invariant($"restored={dataPath} database_bytes={manifest.DatabaseBytes} files={manifest.Files} backed_up_at={manifest.CreatedAt:O}"));
            return 0;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void Move(string from, string to)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }

    private static async Task<BackupManifest?> ExtractAsync(FileInfo input, string staging, CancellationToken cancellationToken)
    {
        BackupManifest? manifest = null;
        try
        {
            await using var stream = input.OpenRead();
            await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    continue;
                }

                var name = entry.Name;
                if (name == Manifest)
                {
                    manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(entry.DataStream!, cancellationToken: cancellationToken);
                    continue;
                }

                if (name != DatabaseEntry && !name.StartsWith(FilesPrefix, StringComparison.Ordinal))
                {
                    throw new BackupException($"{input.Name} is not a Flusio backup: it holds {name}.");
                }

                // No absolute paths, no way out of the staging folder.
                var path = Path.GetFullPath(Path.Combine(staging, name));
                if (!path.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new BackupException($"{input.Name} is not a Flusio backup: the entry {name} points outside the data folder.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await entry.ExtractToFileAsync(path, overwrite: false, cancellationToken);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or JsonException or IOException and not FileNotFoundException)
        {
            throw new BackupException($"{input.Name} is not a complete Flusio backup ({e.Message.TrimEnd('.')}); nothing was restored.");
        }

        return manifest;
    }

    private static void CheckDatabase(string database)
    {
        string? result;
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check";
            result = command.ExecuteScalar() as string;
        }
        catch (SqliteException e)
        {
            result = e.Message;
        }

        if (result != "ok")
        {
            throw new BackupException($"The archive's database is damaged ({result}); nothing was restored.");
        }
    }

    private sealed record BackupManifest(int Version, DateTimeOffset CreatedAt, long DatabaseBytes, int Files);

    private sealed class BackupException(string message) : Exception(message);
}
