using System.Text;

namespace Flusio.Web.Data.Sqlite;

/// <summary>
/// Full-text search of users' links on SQLite: a contentless FTS5 table (<c>link_search</c>:
/// title, URL, description, notes; <c>unicode61 remove_diacritics 2</c>, so "cafe" finds
/// "café") kept in step by triggers on <c>links</c> and <c>notes</c>. FTS5 keys its rows by
/// integer rowid, and the implicit rowid of <c>links</c> (a GUID-keyed table) may change on
/// VACUUM: <c>link_search_rows</c> gives each user's link a stable INTEGER PRIMARY KEY, the
/// rowid of its FTS row. Feed entries have no row and enter no index.
/// These tables and triggers are out of EF's model: a migration that rebuilds <c>links</c> or
/// <c>notes</c> (SQLite's way to alter a column) drops their triggers, and must run <see cref="Up"/> again.
/// </summary>
public static class LinkSearchSql
{
    /// <summary>Refreshes the FTS row of the link <paramref name="linkId"/> (an SQL expression of a trigger).</summary>
    private static string Refresh(string linkId) => $"""
        DELETE FROM link_search WHERE rowid = (SELECT id FROM link_search_rows WHERE link_id = {linkId});
        INSERT INTO link_search (rowid, title, url, description, notes)
            SELECT r.id, l.title, l.url, coalesce(l.description, ''),
                coalesce((SELECT group_concat(n.content, ' ') FROM notes n WHERE n.link_id = l.id), '')
            FROM links l JOIN link_search_rows r ON r.link_id = l.id
            WHERE l.id = {linkId} AND l.user_id IS NOT NULL;
        """;

    /// <summary>Run by the migration; idempotent, so a later migration that rebuilds a table can run it again.</summary>
    public static string Up => $"""
        CREATE TABLE IF NOT EXISTS link_search_rows (id INTEGER PRIMARY KEY, link_id TEXT NOT NULL UNIQUE);
        CREATE VIRTUAL TABLE IF NOT EXISTS link_search USING fts5(title, url, description, notes,
            content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

        DROP TRIGGER IF EXISTS links_search_insert;
        CREATE TRIGGER links_search_insert AFTER INSERT ON links WHEN new.user_id IS NOT NULL BEGIN
            INSERT OR IGNORE INTO link_search_rows (link_id) VALUES (new.id);
            {Refresh("new.id")}
        END;

        DROP TRIGGER IF EXISTS links_search_update;
        CREATE TRIGGER links_search_update AFTER UPDATE OF title, url, description ON links WHEN new.user_id IS NOT NULL BEGIN
            INSERT OR IGNORE INTO link_search_rows (link_id) VALUES (new.id);
            {Refresh("new.id")}
        END;

        DROP TRIGGER IF EXISTS links_search_delete;
        CREATE TRIGGER links_search_delete AFTER DELETE ON links WHEN old.user_id IS NOT NULL BEGIN
            DELETE FROM link_search WHERE rowid = (SELECT id FROM link_search_rows WHERE link_id = old.id);
            DELETE FROM link_search_rows WHERE link_id = old.id;
        END;

        DROP TRIGGER IF EXISTS notes_search_insert;
        CREATE TRIGGER notes_search_insert AFTER INSERT ON notes BEGIN
            {Refresh("new.link_id")}
        END;

        DROP TRIGGER IF EXISTS notes_search_update;
        CREATE TRIGGER notes_search_update AFTER UPDATE OF content ON notes BEGIN
            {Refresh("new.link_id")}
        END;

        DROP TRIGGER IF EXISTS notes_search_delete;
        CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
            {Refresh("old.link_id")}
        END;

        INSERT OR IGNORE INTO link_search_rows (link_id) SELECT id FROM links WHERE user_id IS NOT NULL ORDER BY created_at, id;
        DELETE FROM link_search;
        INSERT INTO link_search (rowid, title, url, description, notes)
            SELECT r.id, l.title, l.url, coalesce(l.description, ''),
                coalesce((SELECT group_concat(n.content, ' ') FROM notes n WHERE n.link_id = l.id), '')
            FROM links l JOIN link_search_rows r ON r.link_id = l.id;
        """;

    public const string Down = """
        DROP TRIGGER IF EXISTS links_search_insert;
        DROP TRIGGER IF EXISTS links_search_update;
        DROP TRIGGER IF EXISTS links_search_delete;
        DROP TRIGGER IF EXISTS notes_search_insert;
        DROP TRIGGER IF EXISTS notes_search_update;
        DROP TRIGGER IF EXISTS notes_search_delete;
        DROP TABLE IF EXISTS link_search;
        DROP TABLE IF EXISTS link_search_rows;
        """;

    /// <summary>
    /// The ids of a user's links that match, best ranked first (bm25: title 10, description 5,
    /// URL and notes 2), then newest, among the user's newest <paramref name="candidates"/>
    /// matches. The FTS5 expression is one bound value; each term in it is a double-quoted
    /// string (its quotes doubled), which FTS5 reads as text, never as an operator.
    /// </summary>
    public static (string Sql, object[] Parameters) Query(Guid userId, SearchQuery query, int skip, int take, int candidates)
    {
        var match = new StringBuilder("(");
        foreach (var term in query.Included)
        {
            match.Append(match.Length == 1 ? "" : " ").Append(Quoted(term.Text));
        }

        match.Append(')');
        foreach (var term in query.Excluded)
        {
            match.Append(" NOT ").Append(Quoted(term.Text));
        }

        // FTS5 gives the matches by rowid descending (the order links were saved, newest first);
        // the join keeps the user's, and stops at the candidates: only those are ranked and sorted.
        const string sql = """
            SELECT c.id AS "Value"
            FROM (SELECT l.id, l.created_at, bm25(link_search, 10.0, 2.0, 5.0, 2.0) AS rank
                  FROM link_search s
                  JOIN link_search_rows r ON r.id = s.rowid
                  JOIN links l ON l.id = r.link_id
                  WHERE link_search MATCH {1} AND l.user_id = {0}
                  ORDER BY s.rowid DESC
                  LIMIT {4}) c
            ORDER BY c.rank, c.created_at DESC, c.id DESC
            LIMIT {3} OFFSET {2}
            """;
        return (sql, [userId, match.ToString(), skip, take, candidates]);
    }

    private static string Quoted(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
