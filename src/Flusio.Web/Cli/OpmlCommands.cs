using System.CommandLine;
using Flusio.Web.Feeds;

namespace Flusio.Web.Cli;

/// <summary>`opml import|export`: a user's follows in and out, in the foreground.</summary>
public static class OpmlCommands
{
    public static Command Build(CommandContext context)
    {
        var opml = new Command("opml", "Import and export a user's follows as OPML.");
        opml.Subcommands.Add(Import(context));
        opml.Subcommands.Add(Export(context));
        return opml;
    }

    private static Command Import(CommandContext context)
    {
        var user = new Option<string>("--user") { Description = "The user who follows the feeds.", Required = true };
        var file = new Argument<string>("file") { Description = "The OPML file." };
        var command = new Command("import", "Follow every feed of an OPML file, with its groups; prints feeds=N followed=N already_followed=N.") { user, file };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var account = await UserCommands.FindAsync(services, parse.GetRequiredValue(user));
            var path = parse.GetRequiredValue(file);
            if (!File.Exists(path))
            {
                throw new CommandException($"No file {path}.");
            }

            if (new FileInfo(path).Length > Opml.MaxBytes)
            {
                throw new CommandException($"{path} is larger than {Opml.MaxBytes / 1024 / 1024} MB.");
            }

            IReadOnlyList<OpmlFeed> feeds;
            await using (var input = File.OpenRead(path))
            {
                try
                {
                    feeds = Opml.Read(input);
                }
                catch (OpmlException e)
                {
                    throw new CommandException(e.Message);
                }
            }

            var result = await services.GetRequiredService<OpmlImporter>().ImportAsync(account.Id, feeds, null, cancellationToken);
            context.Out.WriteLine(result);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Export(CommandContext context)
    {
        var user = new Option<string>("--user") { Description = "The user whose follows are exported.", Required = true };
        var command = new Command("export", "Print the user's follows as OPML 2.0.") { user };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var account = await UserCommands.FindAsync(services, parse.GetRequiredValue(user));
            var follows = await services.GetRequiredService<Following>().ListAsync(account.Id, errorsOnly: false, cancellationToken);
            context.Out.WriteLine(Opml.Write($"{account.UserName} on Flusio", follows, services.GetRequiredService<TimeProvider>().GetUtcNow()));
            return 0;
        }, cancellationToken));
        return command;
    }

}
