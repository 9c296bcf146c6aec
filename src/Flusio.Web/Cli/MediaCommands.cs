using System.CommandLine;
using Flusio.Web.Housekeeping;
using Flusio.Web.Media;

namespace Flusio.Web.Cli;

/// <summary>`media clean`: removes the media files that nothing references any more (the daily housekeeping does it too, in bounded batches).</summary>
public static class MediaCommands
{
    public static Command Build(CommandContext context)
    {
        var media = new Command("media", "The media files (link illustrations) of the local folder or the S3 bucket.");
        var clean = new Command("clean", $"Remove media files no link references any more, written more than {OrphanMedia.MinimumAge.TotalHours:0} hour ago; prints media files=N removed=N bytes=N.");
        clean.SetAction((_, cancellationToken) => context.WithServicesAsync(async services =>
        {
            try
            {
                var report = await services.GetRequiredService<OrphanMedia>().CleanAsync(cancellationToken: cancellationToken);
                context.Out.WriteLine(report.ToString());
                return 0;
            }
            catch (MediaStoreException e)
            {
                throw new CommandException(e.Message);
            }
        }, cancellationToken));
        media.Subcommands.Add(clean);
        return media;
    }
}
