using System.Text.Json;
using System.Xml;

namespace Flusio.Feeds.Discovery;

/// <summary>
/// Tells whether fetched bytes are a feed, by looking at the root element (rss, feed, rdf:RDF) or,
/// for JSON, at the jsonfeed.org version; and picks the feed's title on the way. Reads only the
/// start of the document, with DTDs ignored and no external resolution. Full parsing is the
/// parser's job; this only answers "is this a feed, and what is it called".
/// </summary>
public static class FeedSniffer
{
    private const string RdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const int MaxTitleDepth = 8;

    public readonly record struct Sniffed(FeedType Type, string? Title);

    public static Sniffed? Sniff(ReadOnlyMemory<byte> body)
    {
        var start = SkipBomAndWhitespace(body.Span);
        if (start >= body.Length)
        {
            return null;
        }

        var content = body[start..];
        return content.Span[0] switch
        {
            (byte)'<' => SniffXml(content),
            (byte)'{' => SniffJson(content),
            _ => null,
        };
    }

    private static Sniffed? SniffXml(ReadOnlyMemory<byte> content)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CheckCharacters = false,
        };
        FeedType? type = null;
        try
        {
            using var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(content.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            reader.MoveToContent();
            type = RootType(reader);
            return type is { } known ? new Sniffed(known, FindTitle(reader)) : null;
        }
        catch (XmlException)
        {
            // A broken feed (an undeclared entity in its title, say) is still a feed.
            return type is { } known ? new Sniffed(known, null) : null;
        }
    }

    private static FeedType? RootType(XmlReader reader) => reader.LocalName switch
    {
        "rss" => FeedType.Rss,
        "feed" => FeedType.Atom,
        "RDF" when reader.NamespaceURI == RdfNamespace => FeedType.Rdf,
        _ => null,
    };

    // The first title of the channel or feed, before any item or entry.
    private static string? FindTitle(XmlReader reader)
    {
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            // The title sits just under the root; nothing deeper is worth the reader's memory.
            if (reader.LocalName is "item" or "entry" || reader.Depth > MaxTitleDepth)
            {
                return null;
            }

            if (reader.LocalName == "title" && reader.Depth <= 2)
            {
                var title = reader.ReadElementContentAsString().Trim();
                return title.Length > 0 ? title : null;
            }
        }

        return null;
    }

    private static Sniffed? SniffJson(ReadOnlyMemory<byte> content)
    {
        try
        {
            using var json = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true });
            var root = json.RootElement;
            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.String
                || version.GetString()?.StartsWith("https://jsonfeed.org/version/", StringComparison.Ordinal) != true)
            {
                return null;
            }

            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()?.Trim() : null;
            return new Sniffed(FeedType.JsonFeed, string.IsNullOrEmpty(title) ? null : title);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int SkipBomAndWhitespace(ReadOnlySpan<byte> bytes)
    {
        var i = bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        while (i < bytes.Length && bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }
}
