using System.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>
/// Turns the body's bytes into text. Servers and feeds often lie about their
/// encoding, so the evidence is weighed in this order: a byte order mark, then
/// bytes that are valid UTF-8, then the HTTP charset, then the XML prolog, then
/// Windows-1252 (which never fails and is what "ISO-8859-1" usually means).
/// </summary>
internal static class FeedTextDecoder
{
    static FeedTextDecoder()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static string Decode(ReadOnlySpan<byte> body, string? httpCharset)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Utf8(body[3..]);
        }
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(body[2..]);
        }
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(body[2..]);
        }
        // UTF-16 without a mark still shows itself by the zero bytes around the first '<'.
        if (body.Length >= 4 && body[0] == '<' && body[1] == 0 && body[2] != 0 && body[3] == 0)
        {
            return Encoding.Unicode.GetString(body);
        }
        if (body.Length >= 4 && body[0] == 0 && body[1] == '<' && body[2] == 0 && body[3] != 0)
        {
            return Encoding.BigEndianUnicode.GetString(body);
        }
        if (System.Text.Unicode.Utf8.IsValid(body))
        {
            return Utf8(body);
        }
        var encoding = Lookup(httpCharset) ?? Lookup(PrologEncoding(body)) ?? Windows1252;
        if (encoding is UTF8Encoding)
        {
            encoding = Windows1252; // declared UTF-8 but the bytes are not: the usual culprit is 1252
        }
        return encoding.GetString(body);
    }

    private static Encoding Windows1252 => Encoding.GetEncoding(1252);

    private static string Utf8(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body);

    internal static Encoding? Lookup(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        name = name.Trim().Trim('"', '\'').ToLowerInvariant();
        if (name is "iso-8859-1" or "latin1" or "latin-1" or "us-ascii" or "ascii" or "iso8859-1")
        {
            return Windows1252; // browsers decode these labels as 1252, and so do the feeds' authors
        }
        if (name is "utf8")
        {
            return Encoding.UTF8;
        }
        try
        {
            var encoding = Encoding.GetEncoding(name);
            // A document that reached us as bytes and says UTF-16 without a mark is mislabelled.
            return encoding is UnicodeEncoding or UTF32Encoding ? null : encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null; // UTF-7, which .NET refuses to decode: no feed means it
        }
    }

    /// <summary>The encoding="..." of an XML declaration at the start of the body.</summary>
    internal static string? PrologEncoding(ReadOnlySpan<byte> body)
    {
        var head = body[..Math.Min(body.Length, 512)];
        var start = head.IndexOf("<?xml"u8);
        if (start < 0)
        {
            return null;
        }
        var end = head[start..].IndexOf("?>"u8);
        if (end < 0)
        {
            return null;
        }
        var decl = head.Slice(start, end);
        var at = decl.IndexOf("encoding"u8);
        if (at < 0)
        {
            return null;
        }
        var rest = decl[(at + 8)..];
        var i = 0;
        while (i < rest.Length && (rest[i] == ' ' || rest[i] == '=' || rest[i] == '\t'))
        {
            i++;
        }
        if (i >= rest.Length || (rest[i] != '"' && rest[i] != '\''))
        {
            return null;
        }
        var quote = rest[i];
        var close = rest[(i + 1)..].IndexOf(quote);
        return close <= 0 ? null : Encoding.ASCII.GetString(rest.Slice(i + 1, close));
    }
}
