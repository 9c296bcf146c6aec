using System.CommandLine;

namespace Flusio.Web.Cli;

/// <summary>`feeds ...`: feed engine commands.</summary>
public static class FeedCommands
{
    public static Command Build()
    {
        var feeds = new Command("feeds", "Feed engine commands.");
        return feeds;
    }
}
