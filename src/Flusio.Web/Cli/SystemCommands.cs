using System.CommandLine;
using System.Text.Json;
using Flusio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Cli;

/// <summary>`system stats`: row counts of every table, for admins and monitors.</summary>
public static class SystemCommands
{
    public static Command Build(CommandContext context)
    {
        var system = new Command("system", "Instance information.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object with snake_case keys." };
        var stats = new Command("stats", "Count users and the rows of every table.") { json };
        stats.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var counts = await CountAsync(services.GetRequiredService<FlusioDbContext>(), cancellationToken);
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(counts));
            }
            else
            {
                foreach (var (key, value) in counts)
                {
                    context.Out.WriteLine($"{key,-28} {value}");
                }
            }

            return 0;
        }, cancellationToken));
        system.Subcommands.Add(stats);
        return system;
    }

    /// <summary>Row counts keyed by table name (snake_case, as in the database).</summary>
    public static async Task<SortedDictionary<string, long>> CountAsync(FlusioDbContext db, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var tables = db.Model.GetEntityTypes()
            .Where(e => !e.IsOwned())
            .Select(e => e.GetTableName())
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            // Table names come from our own model, never from input.
            var sql = $"SELECT COUNT(*) AS \"Value\" FROM {table}";
            counts[table] = await db.Database.SqlQueryRaw<long>(sql).SingleAsync(cancellationToken);
        }

        return counts;
    }
}
