using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Cli;

/// <summary>
/// The command verbs on a real database, mostly run in the test's process through the executable's
/// own command tree (<see cref="Verbs"/>); each class also runs the real executable where only a
/// process shows the behaviour (exit codes, the console's output, serve). One class per group of verbs.
/// </summary>
public abstract class CommandTestBase : IDisposable
{
    protected string DataPath { get; } = Directory.CreateTempSubdirectory("flusio-cli-").FullName;

    /// <summary>The environment of a verb run: an empty database, or a copy of the run's migrated one (a `migrate` process saved).</summary>
    protected Dictionary<string, string?> Env(Db db, bool migrated = false)
    {
        if (db == Db.Sqlite && migrated && !File.Exists(Path.Combine(DataPath, "flusio.db")))
        {
            TestDatabases.CopySqliteTemplate(DataPath);
        }

        return new()
        {
            ["DATA_PATH"] = DataPath,
            ["DATABASE_URL"] = db == Db.Postgres ? PostgresServer.CreateDatabase(migrated) : null,
        };
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still open for a moment: the folder is left in /tmp, nothing else.
        }

        GC.SuppressFinalize(this);
    }
}
