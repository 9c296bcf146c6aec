using System.CommandLine;
using System.Text.Json;
using Flusio.Feeds.Fetching;
using Flusio.Feeds.Parsing;
using Flusio.Web.Configuration;
using Flusio.Web.Feeds;
using Flusio.Web.Hosting;

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
            var allParsed = true;
            // No network set-up at all when every input is a file.
            using var fetcher = parse.GetRequiredValue(inputs).Any(i => IsUrl(i, out _)) ? CreateFetcher() : null;
            await using var stdout = Console.OpenStandardOutput();
            await using var output = new BufferedStream(stdout, 1 << 16);
            foreach (var input in parse.GetRequiredValue(inputs))
            {
                var (feed, error) = IsUrl(input, out var url)
                    ? await FetchAndParseAsync(fetcher!, url, cancellationToken)
                    : await ParseFileAsync(input, cancellationToken);
                allParsed &= feed is not null;
                WriteLine(output, input, feed, error);
            }

            await output.FlushAsync(cancellationToken);
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

    private static async Task<(ParsedFeed? Feed, string? Error)> FetchAndParseAsync(HttpFetcher fetcher, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            var response = await fetcher.FetchAsync(url, new FetchRequest { Kind = FetchKind.Feed }, cancellationToken);
            var options = new FeedParseOptions { FeedUrl = response.FinalUrl, HttpCharset = response.Charset };
            return (FeedParser.Parse(response.Body, options), null);
        }
        catch (FetchException e)
        {
            return (null, e.Message);
        }
        catch (FeedParseException e)
        {
            return (null, e.Message);
        }
    }

    private static async Task<(ParsedFeed? Feed, string? Error)> ParseFileAsync(string input, CancellationToken cancellationToken)
    {
        try
        {
            var body = await File.ReadAllBytesAsync(input, cancellationToken);
            // A file has no URL: relative links stay relative unless the feed sets xml:base.
            return (FeedParser.Parse(body), null);
        }
        catch (FeedParseException e)
        {
            return (null, e.Message);
        }
        catch (IOException e)
        {
            return (null, $"Cannot read the file: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return (null, $"Cannot read the file: {e.Message}");
        }
    }

    private static void WriteLine(Stream output, string input, ParsedFeed? feed, string? error)
    {
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("file", input);
            if (feed is not null)
            {
                FeedJson.WriteMembers(writer, feed);
            }
            else
            {
                writer.WriteString("error", error);
            }

            writer.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
    }
}
