using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Cli;

/// <summary>
/// The command verbs, run as the real executable on a real database. One class per group
/// of verbs: each class runs beside the others (a process start costs a second or two).
/// </summary>
public abstract class CommandTestBase : IDisposable
{
    protected string DataPath { get; } = Directory.CreateTempSubdirectory("flusio-cli-").FullName;

    protected Dictionary<string, string?> Env(Db db, string? databaseUrl = null) => new()
    {
        ["DATA_PATH"] = DataPath,
        ["DATABASE_URL"] = db == Db.Postgres ? databaseUrl ?? PostgresServer.CreateDatabase(migrated: false) : null,
    };

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
