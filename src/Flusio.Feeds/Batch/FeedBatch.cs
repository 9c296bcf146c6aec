using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Flusio.Feeds.Fetching;
using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Batch;

/// <summary>
/// Many inputs in one go, one JSON line each, in input order: {"file": …, "format": …, "feed": …,
/// "entries": …} for a feed, {"file": …, "error": …} for anything else (the `feeds parse` verb).
/// One input's failure is that input's line and never the end of the batch: each line is built
/// whole before a byte of it is written, and every exception but the caller's cancellation
/// becomes the input's error.
/// </summary>
public static class FeedBatch
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Reads each input with <paramref name="read"/> and writes its line to <paramref name="output"/>,
    /// flushed line by line. Returns whether every input gave a feed.
    /// </summary>
    public static async Task<bool> ParseAllAsync(
        IEnumerable<string> inputs,
        Func<string, CancellationToken, Task<ParsedFeed>> read,
        Stream output,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(output);
        var allParsed = true;
        foreach (var input in inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] line;
            try
            {
                var feed = await read(input, cancellationToken);
                line = FeedLine(input, feed, out var written);
                allParsed &= written;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // the point: whatever went wrong with this input is this input's line
            catch (Exception e)
            {
                line = ErrorLine(input, Describe(e));
                allParsed = false;
            }
#pragma warning restore CA1031
            await output.WriteAsync(line, cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
        return allParsed;
    }

    /// <summary>
    /// The bytes of a feed file, if it is within <paramref name="maxBytes"/>: its size is looked at
    /// before a byte is read, and reading stops past the cap if the file grows meanwhile (or is
    /// a pipe, which has no size). Too large: <see cref="FeedParseError.TooLarge"/>.
    /// </summary>
    public static async Task<byte[]> ReadFileAsync(string path, long maxBytes = FeedLimits.MaxBodyBytes, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        long? size = file.CanSeek ? file.Length : null;
        if (size > maxBytes)
        {
            throw FeedParser.TooLarge(maxBytes);
        }
        var buffer = new byte[Math.Min(maxBytes + 1, size + 1 ?? 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                {
                    throw FeedParser.TooLarge(maxBytes);
                }
                Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, (long)buffer.Length * 2));
            }
            var read = await file.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return length == buffer.Length ? buffer : buffer[..length];
            }
            length += read;
        }
    }

    /// <summary>What the user is told about an input that gave no feed.</summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            FeedParseException or FetchException => error.Message,
            IOException or UnauthorizedAccessException => $"Cannot read the file: {error.Message}",
            _ => $"Internal error, please report it: {error.GetType().Name}: {error.Message}",
        };
    }

    // The feed's line; if the JSON writer refuses the feed (a value over its size limit, say),
    // the input's error line instead, and `written` false.
    private static byte[] FeedLine(string input, ParsedFeed feed, out bool written)
    {
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("file", input);
                FeedJson.WriteMembers(writer, feed);
                writer.WriteEndObject();
            }
            buffer.Write("\n"u8);
            written = true;
            return buffer.WrittenSpan.ToArray();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            written = false;
            return ErrorLine(input, $"The feed could not be written as JSON: {e.Message}");
        }
    }

    private static byte[] ErrorLine(string input, string error)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("file", input);
            writer.WriteString("error", error);
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
