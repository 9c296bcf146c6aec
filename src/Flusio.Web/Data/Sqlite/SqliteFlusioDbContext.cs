using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Flusio.Web.Data.Sqlite;

/// <summary>
/// The SQLite context: every SQLite-only piece of the model lives here (conventions now,
/// FTS5 tables and their triggers as they come).
/// </summary>
public sealed class SqliteFlusioDbContext(DbContextOptions<SqliteFlusioDbContext> options) : FlusioDbContext(options)
{
    public override ISqlDialect Dialect => SqliteDialect.Instance;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no timestamp type: instants are INTEGER UTC Unix milliseconds, which
        // sort and compare as numbers (nullable properties follow the same conversion).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }
}

/// <summary>An instant as UTC Unix milliseconds; the offset is dropped (always UTC back).</summary>
public sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.ToUnixTimeMilliseconds(),
    v => DateTimeOffset.FromUnixTimeMilliseconds(v));

public sealed class SqliteDialect : ISqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public object Instant(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    // Transactions begin IMMEDIATE: one writer at a time already.
    public string? SerializeSql(string name) => null;

    public string SkipLockedRows => "";

    public bool LateralJoins => false;

    public bool ArrayParameters => false;

    // One process holds the file: listeners are woken in process (see JobSignal).
    public string? NotifySql(string channel) => null;

    public string DatabaseSizeSql => "SELECT page_count * page_size AS \"Value\" FROM pragma_page_count(), pragma_page_size()";

    public (string Sql, object[] Parameters) LinkSearch(Guid userId, SearchQuery query, int skip, int take, int candidates) =>
        LinkSearchSql.Query(userId, query, skip, take, candidates);
}
