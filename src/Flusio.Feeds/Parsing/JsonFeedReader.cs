using System.Globalization;
using System.Text;
using System.Text.Json;
using Flusio.Feeds.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>
/// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). A document
/// counts as a JSON Feed when its version names jsonfeed.org, or, for the
/// feeds that write "1.0" or "1.1", when it also has an items array.
/// </summary>
internal static class JsonFeedReader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    public static ParsedFeed Read(string text, Uri? feedUrl)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, Options);
        }
        catch (JsonException e)
        {
            throw new FeedParseException(FeedParseError.Json, "This looks like JSON but it does not parse", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !IsJsonFeed(root))
            {
                throw new FeedParseException(FeedParseError.Json, "This is JSON, but not a JSON Feed");
            }
            var entries = new List<ParsedEntry>();
            if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        entries.Add(ReadItem(item, feedUrl));
                    }
                }
            }
            return new ParsedFeed
            {
                Format = FeedFormat.Json1,
                Title = PlainText.FromHtml(String(root, "title")),
                Link = Urls.Link(feedUrl, String(root, "home_page_url")),
                Description = String(root, "description")?.Trim(),
                Language = LanguageTags.Normalize(String(root, "language")),
                Image = Urls.Link(feedUrl, String(root, "icon") ?? String(root, "favicon")),
                Entries = entries,
            };
        }
    }

    private static bool IsJsonFeed(JsonElement root)
    {
        var version = String(root, "version");
        if (version is null)
        {
            return false;
        }
        if (version.Contains("jsonfeed.org/version/", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array;
    }

    private static ParsedEntry ReadItem(JsonElement item, Uri? feedUrl)
    {
        var enclosures = new List<ParsedEnclosure>();
        if (item.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
        {
            foreach (var attachment in attachments.EnumerateArray())
            {
                var url = attachment.ValueKind == JsonValueKind.Object ? Urls.Link(feedUrl, String(attachment, "url")) : null;
                if (url is not null)
                {
                    long? size = attachment.TryGetProperty("size_in_bytes", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) && n >= 0 ? n : null;
                    enclosures.Add(new ParsedEnclosure(url, String(attachment, "mime_type"), size));
                }
            }
        }
        var categories = new List<string>();
        if (item.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in tags.EnumerateArray())
            {
                if (tag.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(tag.GetString()))
                {
                    categories.Add(tag.GetString()!.Trim());
                }
            }
        }
        var contentHtml = String(item, "content_html");
        return new ParsedEntry
        {
            Id = String(item, "id")?.Trim(),
            Title = PlainText.FromHtml(String(item, "title")),
            Link = Urls.Link(feedUrl, String(item, "url")) ?? Urls.Link(feedUrl, String(item, "external_url")),
            Summary = String(item, "summary")?.Trim(),
            Content = string.IsNullOrWhiteSpace(contentHtml) ? String(item, "content_text")?.Trim() : contentHtml.Trim(),
            Published = FirstDate(item, "date_published"),
            Updated = FirstDate(item, "date_modified"),
            Author = Author(item),
            Categories = categories,
            Enclosures = enclosures,
        };
    }

    // 1.1 has "authors", 1.0 had "author".
    private static string? Author(JsonElement item)
    {
        if (item.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array)
        {
            foreach (var author in authors.EnumerateArray())
            {
                var name = author.ValueKind == JsonValueKind.Object ? PlainText.FromHtml(String(author, "name")) : null;
                if (name is not null)
                {
                    return name;
                }
            }
        }
        return item.TryGetProperty("author", out var single) && single.ValueKind == JsonValueKind.Object
            ? PlainText.FromHtml(String(single, "name"))
            : null;
    }

    /// <summary>
    /// The first date that parses among the members called <paramref name="name"/>: JSON lets a
    /// name repeat, and TryGetProperty would give the last, where the XML formats keep the first.
    /// </summary>
    private static DateTimeOffset? FirstDate(JsonElement item, string name)
    {
        foreach (var member in item.EnumerateObject())
        {
            if (member.NameEquals(name) && member.Value.ValueKind == JsonValueKind.String && FeedDates.Parse(StringValue(member.Value)) is { } date)
            {
                return date;
            }
        }
        return null;
    }

    /// <summary>A string member; numbers are accepted as their text (ids often are numbers).</summary>
    private static string? String(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }
        var text = value.ValueKind switch
        {
            JsonValueKind.String => StringValue(value),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    // "\ud800" alone is valid JSON but no text: System.Text.Json refuses to make a string of it.
    // Such a string is decoded here instead, with U+FFFD for each lone surrogate.
    private static string StringValue(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return LenientUnescape(value.GetRawText());
        }
    }

    private static string LenientUnescape(string quoted)
    {
        var raw = quoted.AsSpan(1, quoted.Length - 2);
        var units = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i + 1 >= raw.Length)
            {
                units.Append(raw[i]);
                continue;
            }
            var escape = raw[++i];
            if (escape == 'u' && i + 4 < raw.Length
                && ushort.TryParse(raw.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
            {
                units.Append((char)unit);
                i += 4;
                continue;
            }
            units.Append(escape switch { 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => escape });
        }
        // Pairs are kept; each lone half becomes U+FFFD.
        for (var i = 0; i < units.Length; i++)
        {
            if (char.IsHighSurrogate(units[i]) && i + 1 < units.Length && char.IsLowSurrogate(units[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(units[i]))
            {
                units[i] = '\uFFFD';
            }
        }
        return units.ToString();
    }
}
