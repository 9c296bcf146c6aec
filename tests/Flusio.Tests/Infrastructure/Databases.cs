namespace Flusio.Tests.Infrastructure;

/// <summary>
/// Database-backed tests run once per database: SQLite always, PostgreSQL when its
/// server binaries are here (or always, failing, when FLUSIO_REQUIRE_POSTGRES=1).
/// A missing server shows as a skipped test with its reason (see PostgresAvailability).
/// </summary>
public static class Databases
{
    public static TheoryData<Db> All
    {
        get
        {
            var data = new TheoryData<Db> { Db.Sqlite };
            if (PostgresServer.ShouldRun)
            {
                data.Add(Db.Postgres);
            }

            return data;
        }
    }
}

/// <summary>A fact that needs the PostgreSQL server: skipped with the reason when absent, unless required.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!PostgresServer.Required && PostgresServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// One app per database, shared by the tests of a class (starting an app and migrating
/// costs a second or two). Tests isolate themselves with their own users.
/// </summary>
public sealed class AppsFixture : IDisposable
{
    private readonly Dictionary<Db, FlusioApp> apps = [];
    private readonly Lock gate = new();

    public FlusioApp this[Db db]
    {
        get
        {
            lock (gate)
            {
                if (!apps.TryGetValue(db, out var app))
                {
                    app = new FlusioApp(db);
                    _ = app.Server; // build and migrate now, inside the lock
                    apps[db] = app;
                }

                return app;
            }
        }
    }

    public void Dispose()
    {
        foreach (var app in apps.Values)
        {
            app.Dispose();
        }
    }
}
