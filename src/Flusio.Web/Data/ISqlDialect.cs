namespace Flusio.Web.Data;

/// <summary>
/// The differences between the providers that hand-written SQL must respect. EF applies
/// value converters to LINQ queries, never to raw-SQL parameters: a raw query binds an
/// instant through <see cref="Instant"/>, or it compares against the wrong representation.
/// </summary>
public interface ISqlDialect
{
    /// <summary>The parameter value that a timestamp column of this provider compares against.</summary>
    object Instant(DateTimeOffset instant);

    /// <summary>
    /// SQL that makes the current transaction wait for any other holding the same
    /// <paramref name="name"/>, or null where transactions already exclude each other.
    /// </summary>
    string? SerializeSql(string name);

    /// <summary>
    /// The clause that ends a row-claiming subquery: PostgreSQL skips rows another worker
    /// holds (FOR UPDATE SKIP LOCKED); SQLite has one writer at a time and needs none.
    /// </summary>
    string SkipLockedRows { get; }

    /// <summary>
    /// Whether the provider has LATERAL joins (PostgreSQL), so "the newest N rows of each of
    /// these parents" can read N rows of an index per parent; else a window over the parents' rows.
    /// </summary>
    bool LateralJoins { get; }

    /// <summary>
    /// Whether a parameter can carry an array that SQL unnests into rows (PostgreSQL), so that
    /// many rows can be updated, each with its own values, by one statement; else the change
    /// tracker writes them.
    /// </summary>
    bool ArrayParameters { get; }

    /// <summary>SQL that wakes listeners of <paramref name="channel"/> when the transaction commits, or null.</summary>
    string? NotifySql(string channel);

    /// <summary>
    /// SQL (with its bound values) giving the ids of <paramref name="userId"/>'s links that match
    /// <paramref name="query"/>, best first, then newest, as a column named Value: FTS5 on SQLite,
    /// a tsvector on PostgreSQL (see each provider's <c>LinkSearchSql</c>). Only the newest
    /// <paramref name="candidates"/> matches are ranked, so that a common word costs a bounded
    /// amount of work however many links the user has.
    /// </summary>
    (string Sql, object[] Parameters) LinkSearch(Guid userId, SearchQuery query, int skip, int take, int candidates);

    /// <summary>SQL giving the database's size in bytes as a column named Value.</summary>
    string DatabaseSizeSql { get; }
}
