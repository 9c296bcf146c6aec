using System.CommandLine;
using Flusio.Web.Topics;

namespace Flusio.Web.Cli;

/// <summary>`topics create|update|delete|list`: the instance's topics, which discovery lists public collections by.</summary>
public static class TopicCommands
{
    public static Command Build(CommandContext context)
    {
        var topics = new Command("topics", "Create, rename, delete and list the topics of discovery.");
        topics.Subcommands.Add(Create(context));
        topics.Subcommands.Add(Update(context));
        topics.Subcommands.Add(Delete(context));
        topics.Subcommands.Add(List(context));
        return topics;
    }

    private static Command Create(CommandContext context)
    {
        var label = new Argument<string>("label") { Description = $"The topic's label (at most {Topic.MaxLabelLength} characters, unique whatever its case)." };
        var command = new Command("create", "Create a topic.") { label };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var (topic, error) = await services.GetRequiredService<TopicStore>().CreateAsync(parse.GetRequiredValue(label), cancellationToken);
            context.Out.WriteLine($"Created topic {Check(topic, error, parse.GetRequiredValue(label)).Label} ({topic!.Id}).");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Update(CommandContext context)
    {
        var topic = new Argument<string>("topic") { Description = "The topic's id or label." };
        var label = new Option<string>("--label") { Description = "Its new label.", Required = true };
        var command = new Command("update", "Rename a topic.") { topic, label };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var (renamed, error) = await services.GetRequiredService<TopicStore>().RenameAsync(parse.GetRequiredValue(topic), parse.GetRequiredValue(label), cancellationToken);
            context.Out.WriteLine($"Topic {renamed?.Id} is now {Check(renamed, error, parse.GetRequiredValue(topic)).Label}.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Delete(CommandContext context)
    {
        var topic = new Argument<string>("topic") { Description = "The topic's id or label." };
        var command = new Command("delete", "Delete a topic: collections lose it, nothing else.") { topic };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var name = parse.GetRequiredValue(topic);
            var deleted = await services.GetRequiredService<TopicStore>().DeleteAsync(name, cancellationToken) ?? throw new CommandException($"No topic {name}.");
            context.Out.WriteLine($"Deleted topic {deleted.Label}.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command List(CommandContext context)
    {
        var command = new Command("list", "List topics: id, number of collections, label.");
        command.SetAction((_, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var topics = await services.GetRequiredService<TopicStore>().ListAsync(cancellationToken);
            context.Out.WriteLine($"{"ID",-36} {"COLLECTIONS",11} LABEL");
            foreach (var topic in topics)
            {
                context.Out.WriteLine($"{topic.Id,-36} {topic.CollectionCount,11} {topic.Label}");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Topic Check(Topic? topic, TopicError? error, string asked) => error switch
    {
        null => topic!,
        TopicError.LabelMissing => throw new CommandException("A topic needs a label."),
        TopicError.LabelTooLong => throw new CommandException($"A topic's label has at most {Topic.MaxLabelLength} characters."),
        TopicError.LabelTaken => throw new CommandException("Another topic has this label already (labels are unique whatever their case)."),
        _ => throw new CommandException($"No topic {asked}."),
    };
}
