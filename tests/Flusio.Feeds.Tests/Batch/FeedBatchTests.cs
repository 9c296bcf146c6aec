using System.Text;
using System.Text.Json;
using Flusio.Feeds.Batch;
using Flusio.Feeds.Fetching;
using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests.Batch;

/// <summary>The `feeds parse` loop: one complete line per input, whatever happens to each.</summary>
public sealed class FeedBatchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flusio-batch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    // A file that says it holds `size` bytes without taking the disk space (sparse where supported).
    private string BigFile(string name, long size)
    {
        var path = Path.Combine(_folder, name);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.SetLength(size);
        return path;
    }

    private static async Task<ParsedFeed> ParseFile(string path, CancellationToken cancellationToken) =>
        FeedParser.Parse(await FeedBatch.ReadFileAsync(path, cancellationToken: cancellationToken));

    private static List<JsonElement> Lines(MemoryStream output)
    {
        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text[..^1].Split('\n').Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    [Fact]
    public async Task Each_input_gives_one_complete_line_in_order_whatever_happens_to_it()
    {
        var feed = WriteFile("feed.xml", "<rss version=\"2.0\"><channel><title>T</title><item><title>One</title></item></channel></rss>");
        var page = WriteFile("page.html", "<!DOCTYPE html><html><body>Hello</body></html>");
        var big = BigFile("big.xml", 200L * 1024 * 1024);
        var missing = Path.Combine(_folder, "missing.xml");
        var output = new MemoryStream();

        var allParsed = await FeedBatch.ParseAllAsync(
            [feed, page, big, missing, "bug", "refused", feed],
            (input, token) => input switch
            {
                "bug" => throw new InvalidOperationException("a bug of ours"),
                "refused" => throw new FetchException(FetchErrorKind.RefusedAddress),
                _ => ParseFile(input, token),
            },
            output);

        Assert.False(allParsed);
        var lines = Lines(output);
        Assert.Equal([feed, page, big, missing, "bug", "refused", feed], lines.Select(l => l.GetProperty("file").GetString()));
        Assert.Equal("rss2", lines[0].GetProperty("format").GetString());
        Assert.Equal("This is an HTML page, not a feed", lines[1].GetProperty("error").GetString());
        Assert.Equal("The document is too large (over 10 MB)", lines[2].GetProperty("error").GetString());
        Assert.StartsWith("Cannot read the file: ", lines[3].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("Internal error, please report it: InvalidOperationException: a bug of ours", lines[4].GetProperty("error").GetString());
        Assert.Equal("The address points to a private network and cannot be fetched.", lines[5].GetProperty("error").GetString());
        Assert.Equal("One", lines[6].GetProperty("entries")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Every_input_parsed_is_a_success()
    {
        var feed = WriteFile("feed.xml", "<rss version=\"2.0\"><channel><title>T</title></channel></rss>");
        var output = new MemoryStream();

        Assert.True(await FeedBatch.ParseAllAsync([feed, feed], ParseFile, output));
        Assert.Equal(2, Lines(output).Count);
    }

    [Fact]
    public async Task A_feed_the_json_writer_refuses_becomes_its_error_line_and_the_batch_goes_on()
    {
        // System.Text.Json writes no string over 166,666,666 characters: it throws ArgumentException.
        var huge = new ParsedFeed { Format = FeedFormat.Rss2, Title = "T", Entries = [new ParsedEntry { Content = new string('x', 170_000_000) }] };
        var fine = new ParsedFeed { Format = FeedFormat.Atom1, Title = "Fine" };
        var output = new MemoryStream();

        var allParsed = await FeedBatch.ParseAllAsync(["huge", "fine"], (input, _) => Task.FromResult(input == "huge" ? huge : fine), output);

        Assert.False(allParsed);
        var lines = Lines(output);
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("The feed could not be written as JSON: ", lines[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(lines[0].TryGetProperty("format", out _), "no part of the refused feed was written");
        Assert.Equal("Fine", lines[1].GetProperty("feed").GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_callers_cancellation_ends_the_batch()
    {
        using var cancel = new CancellationTokenSource();
        var output = new MemoryStream();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FeedBatch.ParseAllAsync(
            ["a", "b"],
            (_, token) =>
            {
                cancel.Cancel();
                token.ThrowIfCancellationRequested();
                return Task.FromResult(new ParsedFeed { Format = FeedFormat.Rss2 });
            },
            output,
            cancel.Token));
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task A_file_over_the_cap_is_refused_by_its_size_without_being_read()
    {
        var big = BigFile("big.xml", 200L * 1024 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = await Assert.ThrowsAsync<FeedParseException>(() => FeedBatch.ReadFileAsync(big));

        Assert.Equal(FeedParseError.TooLarge, error.Kind);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 256 * 1024);
    }

    [Fact]
    public async Task A_file_at_the_cap_is_read_whole_and_one_byte_more_is_too_large()
    {
        var path = Path.Combine(_folder, "feed.xml");
        var bytes = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>T</title></channel></rss>");
        await File.WriteAllBytesAsync(path, bytes);

        Assert.Equal(bytes, await FeedBatch.ReadFileAsync(path, maxBytes: bytes.Length));
        var error = await Assert.ThrowsAsync<FeedParseException>(() => FeedBatch.ReadFileAsync(path, maxBytes: bytes.Length - 1));
        Assert.Equal(FeedParseError.TooLarge, error.Kind);
    }

    [Fact]
    public void Describe_names_what_the_user_can_act_on()
    {
        Assert.Equal("The document is too large.", FeedBatch.Describe(new FetchException(FetchErrorKind.TooLarge)));
        Assert.Equal("The body is empty", FeedBatch.Describe(new FeedParseException(FeedParseError.Empty, "The body is empty")));
        Assert.Equal("Cannot read the file: denied", FeedBatch.Describe(new UnauthorizedAccessException("denied")));
    }
}
