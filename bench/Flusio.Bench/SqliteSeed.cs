using Microsoft.Data.Sqlite;

/// <summary>
/// `seed-sqlite DB FOLDER`: loads the tab-separated rows bench/links/links_bench.py wrote
/// (links.tsv, notes.tsv, collection_links.tsv) into a migrated Flusio database, in one
/// transaction, through the SQLite that the app itself ships (its FTS5 options are newer than
/// many systems' own SQLite), so that the app's search triggers index every row.
/// </summary>
internal static class SqliteSeed
{
    public static int Run(string database, string folder)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var links = Load(connection, transaction, Path.Combine(folder, "links.tsv"),
            "INSERT INTO links (id, user_id, url, url_hash, title, description, published_at, created_at, language, metadata_state, is_hidden, metadata_attempts, title_edited, reading_minutes_edited) VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, 0, 0)");
        var notes = Load(connection, transaction, Path.Combine(folder, "notes.tsv"),
            "INSERT INTO notes (id, link_id, user_id, content, created_at, updated_at) VALUES ($0, $1, $2, $3, $4, $5)");
        var members = Load(connection, transaction, Path.Combine(folder, "collection_links.tsv"),
            "INSERT INTO collection_links (collection_id, link_id, added_at) VALUES ($0, $1, $2)");
        transaction.Commit();
        Console.WriteLine($"links={links} notes={notes} collection_links={members}");
        return 0;
    }

    private static int Load(SqliteConnection connection, SqliteTransaction transaction, string file, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var count = 0;
        foreach (var line in File.ReadLines(file))
        {
            var values = line.Split('\t');
            if (command.Parameters.Count == 0)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    command.Parameters.Add(new SqliteParameter("$" + i, null));
                }
            }

            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = long.TryParse(values[i], out var number) && values[i].Length == 13 ? number : values[i];
            }

            command.ExecuteNonQuery();
            count++;
        }

        return count;
    }
}
