using System.CommandLine;
using System.Text.Json;
using Flusio.Web.Admin;
using Flusio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Cli;

/// <summary>`system stats`: the instance's figures (as /admin shows them) and the row counts of every table, for admins and monitors.</summary>
public static class SystemCommands
{
    public static Command Build(CommandContext context)
    {
        var system = new Command("system", "Instance information.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object with snake_case keys." };
        var stats = new Command("stats", "Users, users active in the last 30 days, feeds, entries, links, collections, pending and failed jobs, database size; then the rows of every table.") { json };
        stats.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var figures = await services.GetRequiredService<InstanceStatistics>().ReadAsync(cancellationToken);
            var summary = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["users"] = figures.Users,
                ["active_users"] = figures.ActiveUsers,
                ["feeds"] = figures.Feeds,
                ["entries"] = figures.Entries,
                ["links"] = figures.Links,
                ["collections"] = figures.Collections,
                ["jobs_pending"] = figures.PendingJobs,
                ["jobs_failed"] = figures.FailedJobs,
                ["database_bytes"] = figures.DatabaseBytes,
            };
            var tables = await CountAsync(services.GetRequiredService<FlusioDbContext>(), cancellationToken);
            if (parse.GetValue(json))
            {
                summary["tables"] = tables;
                context.Out.WriteLine(JsonSerializer.Serialize(summary));
            }
            else
            {
                foreach (var (key, value) in summary)
                {
                    context.Out.WriteLine($"{key,-28} {value}");
                }

                context.Out.WriteLine();
                foreach (var (key, value) in tables)
                {
                    context.Out.WriteLine($"table {key,-22} {value}");
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
