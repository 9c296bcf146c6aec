namespace Flusio.Tests.Infrastructure;

/// <summary>
/// Database-backed theories run once per database: <c>[Theory, SqliteData, PostgresData]</c>.
/// The PostgreSQL row is always listed: without server binaries it shows as skipped with
/// the reason (or fails, when FLUSIO_REQUIRE_POSTGRES=1), it never silently vanishes.
/// </summary>
public sealed class SqliteDataAttribute : Xunit.Sdk.DataAttribute
{
    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) => [[Db.Sqlite]];
}

/// <inheritdoc cref="SqliteDataAttribute"/>
public sealed class PostgresDataAttribute : Xunit.Sdk.DataAttribute
{
    public PostgresDataAttribute()
    {
        if (!PostgresServer.Required && PostgresServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }

    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) => [[Db.Postgres]];
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
