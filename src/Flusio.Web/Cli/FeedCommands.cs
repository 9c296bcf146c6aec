using System.CommandLine;
using Flusio.Feeds.Batch;
using Flusio.Feeds.Fetching;
using Flusio.Feeds.Parsing;
using Flusio.Web.Configuration;
using Flusio.Web.Feeds;

namespace Flusio.Web.Cli;

/// <summary>`feeds parse FILE|URL...`: the feed engine from the shell, one JSON line per input.</summary>
public static class FeedCommands
{
    public static Command Build()
    {
        var feeds = new Command("feeds", "Feed engine commands.");
        feeds.Subcommands.Add(Parse());
        return feeds;
    }

    private static Command Parse()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Feed files or http(s) URLs.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("parse", "Parse feeds and print one JSON object per input, in input order. Exit 1 if any failed.") { inputs };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var all = parse.GetRequiredValue(inputs);
            // No network set-up at all when every input is a file.
            using var fetcher = all.Any(i => IsUrl(i, out _)) ? CreateFetcher() : null;
            await using var stdout = Console.OpenStandardOutput();
            await using var output = new BufferedStream(stdout, 1 << 16);
            // One line per input whatever happens to it: the batch never stops at a bad input.
            var allParsed = await FeedBatch.ParseAllAsync(
                all,
                (input, token) => IsUrl(input, out var url) ? FetchAndParseAsync(fetcher!, url, token) : ParseFileAsync(input, token),
                output,
                cancellationToken);
            return allParsed ? 0 : 1;
        });
        return command;
    }

    private static bool IsUrl(string input, out Uri url) =>
        Uri.TryCreate(input, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    /// <summary>The one fetcher setup of the app, with the instance's settings (FETCH_ALLOW_PRIVATE_NETWORKS, BASE_URL).</summary>
    private static HttpFetcher CreateFetcher()
    {
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables();
        configuration.AddDotEnv();
        return FeedEngineServices.CreateFetcher(FlusioSettings.Load(configuration));
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
