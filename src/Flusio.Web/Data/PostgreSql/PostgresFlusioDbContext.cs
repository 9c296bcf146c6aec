using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Data.PostgreSql;

/// <summary>
/// The PostgreSQL context: every PostgreSQL-only piece of the model lives here (search
/// vectors and partial indexes as they come). Instants are <c>timestamp with time zone</c>.
/// </summary>
public sealed class PostgresFlusioDbContext(DbContextOptions<PostgresFlusioDbContext> options) : FlusioDbContext(options)
{
    public override ISqlDialect Dialect => PostgresDialect.Instance;
}

public sealed class PostgresDialect : ISqlDialect
{
    public static readonly PostgresDialect Instance = new();

    // Npgsql writes only UTC values to timestamptz.
    public object Instant(DateTimeOffset instant) => instant.ToUniversalTime();

    // A transaction-scoped advisory lock keyed by the name (names are ours, never input).
    public string? SerializeSql(string name) => $"SELECT pg_advisory_xact_lock(hashtext('{name}'))";

    public string SkipLockedRows => "FOR UPDATE SKIP LOCKED";

    public bool LateralJoins => true;

    public bool ArrayParameters => true;

    // Channel names are ours, never input.
    public string? NotifySql(string channel) => $"NOTIFY {channel}";

    public string DatabaseSizeSql => "SELECT pg_database_size(current_database()) AS \"Value\"";

    public (string Sql, object[] Parameters) LinkSearch(Guid userId, SearchQuery query, int skip, int take, int candidates) =>
        LinkSearchSql.Query(userId, query, skip, take, candidates);
}
