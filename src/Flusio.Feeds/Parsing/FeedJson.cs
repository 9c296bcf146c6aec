using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Flusio.Feeds.Parsing;

/// <summary>
/// Writes a parsed feed as the normalised JSON of the conformance corpus:
/// {"format", "feed": {title, link, description, language, updated, image, ttl (minutes)},
/// "entries": [...]}, dates as YYYY-MM-DDTHH:MM:SSZ, absent fields left out.
/// </summary>
public static class FeedJson
{
    /// <summary>Writes the feed as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, ParsedFeed feed)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        WriteMembers(writer, feed);
        writer.WriteEndObject();
    }

    /// <summary>Writes "format", "feed" and "entries" into an object the caller has opened.</summary>
    public static void WriteMembers(Utf8JsonWriter writer, ParsedFeed feed)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(feed);
        writer.WriteString("format", feed.Format.ToName());
        writer.WriteStartObject("feed");
        WriteString(writer, "title", feed.Title);
        WriteString(writer, "link", feed.Link);
        WriteString(writer, "description", feed.Description);
        WriteString(writer, "language", feed.Language);
        WriteDate(writer, "updated", feed.Updated);
        WriteString(writer, "image", feed.Image);
        if (feed.Ttl is TimeSpan ttl)
        {
            writer.WriteNumber("ttl", (long)ttl.TotalMinutes);
        }
        writer.WriteEndObject();
        writer.WriteStartArray("entries");
        foreach (var entry in feed.Entries)
        {
            WriteEntry(writer, entry);
        }
        writer.WriteEndArray();
    }

    /// <summary>The feed as a JSON string (non-ASCII characters kept as they are).</summary>
    public static string ToJson(ParsedFeed feed, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, feed);
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>A date the way the corpus writes it: UTC, second precision.</summary>
    public static string FormatDate(DateTimeOffset date) =>
        date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteEntry(Utf8JsonWriter writer, ParsedEntry entry)
    {
        writer.WriteStartObject();
        WriteString(writer, "id", entry.Id);
        WriteString(writer, "title", entry.Title);
        WriteString(writer, "link", entry.Link);
        WriteString(writer, "summary", entry.Summary);
        WriteString(writer, "content", entry.Content);
        WriteDate(writer, "published", entry.Published);
        WriteDate(writer, "updated", entry.Updated);
        WriteString(writer, "author", entry.Author);
        if (entry.Categories.Count > 0)
        {
            writer.WriteStartArray("categories");
            foreach (var category in entry.Categories)
            {
                writer.WriteStringValue(category);
            }
            writer.WriteEndArray();
        }
        if (entry.Enclosures.Count > 0)
        {
            writer.WriteStartArray("enclosures");
            foreach (var enclosure in entry.Enclosures)
            {
                writer.WriteStartObject();
                writer.WriteString("url", enclosure.Url);
                WriteString(writer, "type", enclosure.Type);
                if (enclosure.Length is long length)
                {
                    writer.WriteNumber("length", length);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteDate(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is DateTimeOffset date)
        {
            writer.WriteString(name, FormatDate(date));
        }
    }
}
