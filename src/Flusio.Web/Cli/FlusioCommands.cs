using System.CommandLine;
using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Hosting;

namespace Flusio.Web.Cli;

/// <summary>
/// The command verbs of the executable. Each verb builds only what it needs: `serve`
/// the web host, the others a plain host with the database.
/// </summary>
public static class FlusioCommands
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Flusio: a feed reader and link collection web application.");
        var serve = ServeCommand();
        root.Subcommands.Add(serve);
        root.Subcommands.Add(WorkerCommand());
        root.Subcommands.Add(MigrateCommand());
        root.Subcommands.Add(UserCommands.Build());
        root.Subcommands.Add(SystemCommands.Build());
        root.Subcommands.Add(FeedCommands.Build());
        root.Subcommands.Add(OpmlCommands.Build());
        root.Subcommands.Add(JobCommands.Build());

        // No verb, or only host options (as WebApplicationFactory and `dotnet run` pass): serve.
        if (args.Length == 0 || (args[0].StartsWith('-') && !IsHelpOrVersion(args[0])))
        {
            args = ["serve", .. args];
        }

        try
        {
            // Errors are ours to report (one clear line); SIGTERM is the host's to handle (graceful shutdown).
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await root.Parse(args).InvokeAsync(invocation);
        }
        catch (Exception e) when (UserFacing(e) is { } reason)
        {
            await Console.Error.WriteLineAsync($"error: {reason.Message}");
            return 1;
        }
    }

    /// <summary>An error the user can fix (bad setting, newer database, bad argument), if that is what failed.</summary>
    private static Exception? UserFacing(Exception e) => e switch
    {
        ConfigurationException or DatabaseTooNewException or CommandException => e,
        AggregateException aggregate => aggregate.InnerExceptions.Select(UserFacing).FirstOrDefault(x => x is not null),
        _ => null,
    };

    private static bool IsHelpOrVersion(string arg) => arg is "-h" or "--help" or "-?" or "--version";

    private static Command ServeCommand()
    {
        var command = new Command("serve", "Run the web application (and a worker in process unless WORKER_IN_PROCESS=false). Host options such as --urls are passed through.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var app = WebHost.Build([.. parse.UnmatchedTokens]);
            await app.RunAsync();
            return 0;
        });
        return command;
    }

    private static Command WorkerCommand()
    {
        var concurrency = new Option<int?>("--concurrency") { Description = "Jobs run at a time (default: WORKER_CONCURRENCY, 4)." };
        var command = new Command("worker", "Run background jobs only. Start as many as needed against the same PostgreSQL.") { concurrency };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(concurrency) is { } n)
            {
                overrides["WORKER_CONCURRENCY"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            using var host = CommandHost.Build(worker: true, overrides);
            await CommandHost.EnsureDatabaseUpToDateAsync(host, cancellationToken);
            await host.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command MigrateCommand()
    {
        var command = new Command("migrate", "Apply pending database migrations and exit.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var host = CommandHost.Build();
            await using var scope = host.Services.CreateAsyncScope();
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            Console.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        });
        return command;
    }
}

/// <summary>A command failed for a reason the user can fix; its message is shown as is.</summary>
public sealed class CommandException(string message) : Exception(message);
