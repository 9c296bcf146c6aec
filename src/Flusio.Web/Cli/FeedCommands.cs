using System.CommandLine;
using Flusio.Feeds.Batch;
using Flusio.Feeds.Cleaning;
using Flusio.Feeds.Fetching;
using Flusio.Feeds.Parsing;
using System.Globalization;
using Flusio.Web.Accounts;
using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Flusio.Web.Cli;

/// <summary>
/// `feeds parse FILE|URL...`: the feed engine from the shell, one JSON line per input;
/// `feeds add|list|refresh`: following and refreshing, as the pages and workers do it.
/// </summary>
public static class FeedCommands
{
    public static Command Build(CommandContext context)
    {
        var feeds = new Command("feeds", "Feed engine commands.");
        feeds.Subcommands.Add(Parse(context));
        feeds.Subcommands.Add(Add(context));
        feeds.Subcommands.Add(List(context));
        feeds.Subcommands.Add(Refresh(context));
        return feeds;
    }

    private static Command Parse(CommandContext context)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Feed files or http(s) URLs.", Arity = ArgumentArity.OneOrMore };
        var raw = new Option<bool>("--raw") { Description = "The parser's own output: summaries and contents as the feed gives them, not cleaned." };
        var command = new Command("parse", "Parse feeds and print one JSON object per input, in input order, entries as they would be stored (cleaned HTML). Exit 1 if any failed.") { inputs, raw };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var all = parse.GetRequiredValue(inputs);
            var settings = context.LoadSettings();
            // No network set-up at all when every input is a file, no sanitiser with --raw.
            using var fetcher = all.Any(i => IsUrl(i, out _)) ? FeedEngineServices.CreateFetcher(settings) : null;
            var cleaner = parse.GetValue(raw) ? null : FeedEngineServices.CreateCleaner(settings);
            await using var stdout = context.OpenOutput();
            await using var output = new BufferedStream(stdout, 1 << 16);
            // One line per input whatever happens to it: the batch never stops at a bad input.
            var allParsed = await FeedBatch.ParseAllAsync(
                all,
                async (input, token) => AsStored(IsUrl(input, out var url) ? await FetchAndParseAsync(fetcher!, url, token) : await ParseFileAsync(input, token), url, cleaner),
                output,
                cancellationToken);
            return allParsed ? 0 : 1;
        });
        return command;
    }

    private static Command Add(CommandContext context)
    {
        var user = new Option<string>("--user") { Description = "The user who follows the feed.", Required = true };
        var url = new Argument<string>("url") { Description = "A feed URL, or a site's: its first feed is followed." };
        var command = new Command("add", "Follow a feed for a user and print its id; its first refresh is queued.") { user, url };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var account = await UserCommands.FindAsync(services, parse.GetRequiredValue(user));
            var following = services.GetRequiredService<Following>();
            var found = await following.DiscoverAsync(parse.GetRequiredValue(url), cancellationToken);
            if (found.Candidates.Count == 0)
            {
                var t = services.GetRequiredService<IStringLocalizer<SharedResource>>();
                throw new CommandException(found.ErrorKey switch
                {
                    Discovery.InvalidAddress => "Not a web address: give an http(s) URL.",
                    Discovery.NoFeed => "No feed found at this address.",
                    _ => FeedErrors.Describe(found.ErrorKey!, found.ErrorStatus, t),
                });
            }

            context.Out.WriteLine(await following.FollowAsync(account.Id, found.Candidates[0].Url, cancellationToken));
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command List(CommandContext context)
    {
        var user = new Option<string?>("--user") { Description = "Only the feeds this user follows." };
        var errors = new Option<bool>("--errors") { Description = "Only the feeds whose last fetch failed." };
        var command = new Command("list", "List the instance's feeds: id, followers, state, next check, URL.") { user, errors };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<FlusioDbContext>();
            Guid? userId = parse.GetValue(user) is { } name ? (await UserCommands.FindAsync(services, name)).Id : null;
            var errorsOnly = parse.GetValue(errors);
            var feeds = await db.Set<Feed>().AsNoTracking()
                .Where(f => !errorsOnly || f.ErrorKind != null)
                .Where(f => userId == null || db.Set<FeedFollow>().Any(x => x.FeedId == f.Id && x.UserId == userId))
                .OrderBy(f => f.Url)
                .Select(f => new { f.Id, f.Url, f.ErrorKind, f.ErrorStatus, f.NextCheckAt, f.FetchedAt, f.Gone, Followers = db.Set<FeedFollow>().Count(x => x.FeedId == f.Id) })
                .ToListAsync(cancellationToken);
            context.Out.WriteLine($"{"ID",-36} {"FOLLOWERS",-9} {"STATE",-18} {"NEXT CHECK (UTC)",-19} URL");
            foreach (var feed in feeds)
            {
                var state = feed.Gone ? "gone"
                    : feed.ErrorKind is { } error ? (feed.ErrorStatus is { } status ? $"{error} {status}" : error)
                    : feed.FetchedAt is null ? "new" : "ok";
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{feed.Id,-36} {feed.Followers,-9} {state,-18} {feed.NextCheckAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} {feed.Url}"));
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Refresh(CommandContext context)
    {
        var all = new Option<bool>("--all") { Description = "Every feed of the instance (but those gone)." };
        var due = new Option<bool>("--due") { Description = "The feeds due for a check that someone follows (the default)." };
        var feed = new Option<Guid?>("--feed") { Description = "Only this feed." };
        var command = new Command("refresh", "Refresh feeds now, in the foreground; ends with one summary line.") { all, due, feed };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var chosen = (parse.GetValue(all) ? 1 : 0) + (parse.GetValue(due) ? 1 : 0) + (parse.GetValue(feed) is null ? 0 : 1);
            if (chosen > 1)
            {
                throw new CommandException("Choose one of --all, --due and --feed ID.");
            }

            var db = services.GetRequiredService<FlusioDbContext>();
            var clock = services.GetRequiredService<TimeProvider>();
            List<Guid> ids;
            if (parse.GetValue(feed) is { } id)
            {
                ids = await db.Set<Feed>().Where(f => f.Id == id).Select(f => f.Id).ToListAsync(cancellationToken);
                if (ids.Count == 0)
                {
                    throw new CommandException($"No feed {id}.");
                }
            }
            else if (parse.GetValue(all))
            {
                ids = await db.Set<Feed>().Where(f => !f.Gone).OrderBy(f => f.NextCheckAt).Select(f => f.Id).ToListAsync(cancellationToken);
            }
            else
            {
                ids = await FeedJobs.DueAsync(db, clock.GetUtcNow(), int.MaxValue / 2, int.MaxValue, cancellationToken);
            }

            var settings = services.GetRequiredService<FlusioSettings>();
            var summary = await services.GetRequiredService<FeedRefresher>().RefreshAsync(ids, settings.FetchConcurrency, cancellationToken);
            context.Out.WriteLine(summary);
            return 0;
        }, cancellationToken));
        return command;
    }


    private static bool IsUrl(string input, out Uri url) =>
        Uri.TryCreate(input, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    /// <summary>Summaries and contents cleaned as the refresher stores them (relative links resolved against the entry's).</summary>
    private static ParsedFeed AsStored(ParsedFeed feed, Uri? feedUrl, HtmlCleaner? cleaner)
    {
        if (cleaner is null)
        {
            return feed;
        }

        string? Clean(string? html, Uri? baseUrl) => string.IsNullOrWhiteSpace(html) ? html : cleaner.Clean(html, baseUrl);
        return feed with
        {
            Entries = [.. feed.Entries.Select(e =>
            {
                var baseUrl = Uri.TryCreate(e.Link, UriKind.Absolute, out var link) ? link : feedUrl;
                return e with { Summary = Clean(e.Summary, baseUrl), Content = Clean(e.Content, baseUrl) };
            })],
        };
    }

    private static async Task<ParsedFeed> FetchAndParseAsync(HttpFetcher fetcher, Uri url, CancellationToken cancellationToken)
    {
        var response = await fetcher.FetchAsync(url, new FetchRequest { Kind = FetchKind.Feed }, cancellationToken);
        var options = new FeedParseOptions { FeedUrl = response.FinalUrl, HttpCharset = response.Charset };
        return FeedParser.Parse(response.Body, options);
    }

    // The file's size is checked before it is read: one over the cap is refused unread, as a URL is.
    // A file has no URL: relative links stay relative unless the feed sets xml:base.
    private static async Task<ParsedFeed> ParseFileAsync(string input, CancellationToken cancellationToken) =>
        FeedParser.Parse(await FeedBatch.ReadFileAsync(input, cancellationToken: cancellationToken));
}
