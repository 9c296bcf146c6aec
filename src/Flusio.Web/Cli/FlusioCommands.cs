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
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CommandContext.FromConsole());

    /// <summary>Runs the verb <paramref name="args"/> name, writing to the context's writers (help and parse errors too).</summary>
    public static async Task<int> RunAsync(string[] args, CommandContext context)
    {
        var root = new RootCommand("Flusio: a feed reader and link collection web application.");
        var serve = ServeCommand();
        root.Subcommands.Add(serve);
        root.Subcommands.Add(WorkerCommand(context));
        root.Subcommands.Add(MigrateCommand(context));
        root.Subcommands.Add(UserCommands.Build(context));
        root.Subcommands.Add(SystemCommands.Build(context));
        root.Subcommands.Add(FeedCommands.Build(context));
        root.Subcommands.Add(OpmlCommands.Build(context));
        root.Subcommands.Add(JobCommands.Build(context));
        foreach (var command in BackupCommands.Build(context))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(TopicCommands.Build(context));
        root.Subcommands.Add(MediaCommands.Build(context));
        root.Subcommands.Add(TokenCommands.Build(context));

        // No verb, or only host options (as WebApplicationFactory and `dotnet run` pass): serve.
        if (args.Length == 0 || (args[0].StartsWith('-') && !IsHelpOrVersion(args[0])))
        {
            args = ["serve", .. args];
        }

        try
        {
            // Errors are ours to report (one clear line); SIGTERM is the host's to handle (graceful shutdown).
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null, Output = context.Out, Error = context.Error };
            return await root.Parse(args).InvokeAsync(invocation);
        }
        catch (Exception e) when (UserFacing(e) is { } reason)
        {
            await context.Error.WriteLineAsync($"error: {reason.Message}");
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

    private static Command WorkerCommand(CommandContext context)
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

            using var host = context.BuildHost(worker: true, overrides);
            await CommandHost.EnsureDatabaseUpToDateAsync(host, cancellationToken);
            await host.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command MigrateCommand(CommandContext context)
    {
        var command = new Command("migrate", "Apply pending database migrations and exit.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var host = context.BuildHost();
            await using var scope = host.Services.CreateAsyncScope();
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            context.Out.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        });
        return command;
    }
}

/// <summary>A command failed for a reason the user can fix; its message is shown as is.</summary>
public sealed class CommandException(string message) : Exception(message);
