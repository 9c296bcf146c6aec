using System.Text;
using System.Text.Json;
using System.Xml;

namespace Flusio.Feeds.Parsing;

/// <summary>
/// The entry point of parsing: bytes in, <see cref="ParsedFeed"/> out. It
/// recognises the format by looking at the content (never at the URL or the
/// Content-Type), reads well-formed XML strictly and fast, and repairs broken
/// XML only when the strict pass fails. Every body it cannot read ends in a
/// <see cref="FeedParseException"/>; the failures it expects from the readers
/// underneath (XML, JSON, text decoding) are turned into one. Anything else
/// is a bug and is let through as such, so that tests and logs see it.
/// </summary>
public static class FeedParser
{
    private static readonly FeedParseOptions NoOptions = new();

    public static ParsedFeed Parse(byte[] body, FeedParseOptions? options = null) =>
        Parse((ReadOnlySpan<byte>)body, options);

    public static ParsedFeed Parse(ReadOnlySpan<byte> body, FeedParseOptions? options = null)
    {
        options ??= NoOptions;
        if (body.Length > options.MaxBodyBytes)
        {
            throw TooLarge(options.MaxBodyBytes);
        }
        try
        {
            return ParseBody(body, options);
        }
        catch (XmlException e)
        {
            throw new FeedParseException(FeedParseError.Malformed, "The feed is not well-formed XML", e);
        }
        catch (JsonException e)
        {
            throw new FeedParseException(FeedParseError.Json, "This looks like JSON but it does not parse", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new FeedParseException(FeedParseError.Malformed, "The feed's text could not be decoded", e);
        }
    }

    /// <summary>The error for a body over <paramref name="maxBytes"/>, whoever noticed it first.</summary>
    public static FeedParseException TooLarge(long maxBytes) =>
        new(FeedParseError.TooLarge, $"The document is too large (over {maxBytes / (1024 * 1024)} MB)");

    private static ParsedFeed ParseBody(ReadOnlySpan<byte> body, FeedParseOptions options)
    {
        if (IsBlank(body))
        {
            throw new FeedParseException(FeedParseError.Empty, "The body is empty");
        }
        if (BinarySniffer.Describe(body) is string binary)
        {
            throw new FeedParseException(FeedParseError.Binary, $"This is {binary}, not a feed");
        }
        var text = FeedTextDecoder.Decode(body, options.HttpCharset);
        var start = FirstSignificant(text);
        if (start < 0)
        {
            throw new FeedParseException(FeedParseError.Empty, "The body is empty");
        }
        switch (text[start])
        {
            case '{':
                return JsonFeedReader.Read(text, options.FeedUrl);
            case '[':
                throw new FeedParseException(FeedParseError.Json, "This is JSON, but not a JSON Feed");
            case '<':
                if (LooksLikeHtml(text.AsSpan(start)))
                {
                    throw new FeedParseException(FeedParseError.Html, "This is an HTML page, not a feed");
                }
                return ParseXml(start == 0 ? text : text[start..], options.FeedUrl);
            default:
                // Some servers print a warning before the feed; look a little further.
                var xml = FindXmlStart(text, start);
                if (xml < 0)
                {
                    throw new FeedParseException(FeedParseError.NotAFeed, "This is plain text, not a feed");
                }
                return ParseXml(text[xml..], options.FeedUrl);
        }
    }

    private static ParsedFeed ParseXml(string text, Uri? feedUrl)
    {
        if (XmlPrescan.DeclaresEntities(text))
        {
            // No real feed needs them, and they are how billion-laughs and external-entity
            // attacks start: refuse the document rather than guess what it meant.
            throw new FeedParseException(FeedParseError.EntityDeclarations, "The feed declares its own XML entities, which are not allowed");
        }

        // A tag with thousands of attributes is well-formed but costs an XML reader quadratic
        // time: the repair keeps the first ones only.
        if (!XmlPrescan.HasCrowdedTag(text, XmlFeedReader.MaxAttributes))
        {
            try
            {
                return XmlFeedReader.Read(text, feedUrl);
            }
            catch (XmlException)
            {
                // Not well-formed, or nested too deep: repair below.
            }
        }
        var repaired = XmlRepair.Repair(text, out var truncated);
        ParsedFeed feed;
        try
        {
            feed = XmlFeedReader.Read(repaired, feedUrl);
        }
        catch (XmlException e)
        {
            throw new FeedParseException(FeedParseError.Malformed, "The feed is not well-formed XML and could not be repaired", e);
        }
        if (truncated && feed.Entries.Count == 0)
        {
            throw new FeedParseException(FeedParseError.Malformed, "The feed is cut off before its first entry");
        }
        return feed;
    }

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF or 0))
            {
                return false;
            }
        }
        return true;
    }

    private static int FirstSignificant(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]) && text[i] != '\uFEFF' && text[i] != '\0')
            {
                return i;
            }
        }
        return -1;
    }

    private static bool LooksLikeHtml(ReadOnlySpan<char> s) =>
        s.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith("<head", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith("<body", StringComparison.OrdinalIgnoreCase);

    private static int FindXmlStart(string text, int from)
    {
        var window = text.AsSpan(from, Math.Min(text.Length - from, 2048));
        foreach (var marker in (ReadOnlySpan<string>)["<?xml", "<rss", "<feed", "<rdf:RDF"])
        {
            var at = window.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return from + at;
            }
        }
        return -1;
    }
}

/// <summary>Names the binary formats people mistake for feeds, by their first bytes.</summary>
internal static class BinarySniffer
{
    public static string? Describe(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']))
        {
            return "an image (PNG)";
        }
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "an image (JPEG)";
        }
        if (b.StartsWith("GIF8"u8))
        {
            return "an image (GIF)";
        }
        if (b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            return "an image (WebP)";
        }
        if (b.StartsWith("%PDF"u8))
        {
            return "a PDF document";
        }
        if (b.StartsWith("PK\u0003\u0004"u8))
        {
            return "a ZIP archive";
        }
        if (b.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return "compressed (gzip) data";
        }
        // Text has no NUL bytes, except UTF-16, which puts one beside each ASCII character.
        var head = b[..Math.Min(b.Length, 512)];
        var nul = head.IndexOf((byte)0);
        if (nul >= 0 && !LooksLikeUtf16(head))
        {
            return "binary data";
        }
        return null;
    }

    private static bool LooksLikeUtf16(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return true;
        }
        return head.Length >= 4 && ((head[0] == '<' && head[1] == 0) || (head[0] == 0 && head[1] == '<'));
    }
}
