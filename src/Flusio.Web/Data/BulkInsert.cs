using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Flusio.Web.Data;

/// <summary>
/// Many new rows of one entity type in one go. On PostgreSQL they are written at once with
/// one binary COPY on the context's connection, within its current transaction (begin one to
/// make them one with the next save), without the change tracker: no statement to parse per
/// row, no tracked entity. Elsewhere (SQLite) they are added to the context and written by
/// its next <c>SaveChanges</c>. The rows must be new, their keys set by the caller.
/// </summary>
public static class BulkInsert
{
    public static async Task InsertAllAsync<T>(this FlusioDbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            db.AddRange(rows);
            return;
        }

        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var properties = entityType.GetProperties().Where(p => p.GetColumnName(table) is not null).ToList();
        var columns = properties.Select(p => p.GetColumnName(table)!);
        var getters = properties.Select(p => (Getter: p.GetGetter(), Converter: p.GetTypeMapping().Converter)).ToList();
        var name = table.Schema is { } schema ? $"{schema}.{table.Name}" : table.Name;

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var importer = await connection.BeginBinaryImportAsync($"COPY {name} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var (getter, converter) in getters)
                {
                    var value = getter.GetClrValue(row);
                    if (converter is not null && value is not null)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    await WriteAsync(importer, value, cancellationToken);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, CancellationToken cancellationToken) => value switch
    {
        null => importer.WriteNullAsync(cancellationToken),
        Guid v => importer.WriteAsync(v, NpgsqlDbType.Uuid, cancellationToken),
        string v => importer.WriteAsync(v, NpgsqlDbType.Text, cancellationToken),
        // timestamptz takes UTC instants only.
        DateTimeOffset v => importer.WriteAsync(v.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken),
        DateTime v => importer.WriteAsync(v, v.Kind == DateTimeKind.Utc ? NpgsqlDbType.TimestampTz : NpgsqlDbType.Timestamp, cancellationToken),
        bool v => importer.WriteAsync(v, NpgsqlDbType.Boolean, cancellationToken),
        short v => importer.WriteAsync(v, NpgsqlDbType.Smallint, cancellationToken),
        int v => importer.WriteAsync(v, NpgsqlDbType.Integer, cancellationToken),
        long v => importer.WriteAsync(v, NpgsqlDbType.Bigint, cancellationToken),
        double v => importer.WriteAsync(v, NpgsqlDbType.Double, cancellationToken),
        byte[] v => importer.WriteAsync(v, NpgsqlDbType.Bytea, cancellationToken),
        _ => throw new NotSupportedException($"No COPY writer for {value.GetType().Name} values."),
    };
}
