using System.Text;

namespace Flusio.Feeds.Fetching;

/// <summary>
/// Turns fetched bytes into text: byte order mark first, then the declared charset, then (for HTML)
/// a &lt;meta charset&gt; in the first kilobytes, and UTF-8 when nothing else is known.
/// </summary>
public static class BodyText
{
    private const int MetaPrescanBytes = 2048;
    private static readonly System.Buffers.SearchValues<char> CharsetEnd = System.Buffers.SearchValues.Create("\"'; />");

    public static string Decode(byte[] body, string? charset)
    {
        ArgumentNullException.ThrowIfNull(body);
        var (encoding, skip) = FromByteOrderMark(body);
        encoding ??= Find(charset) ?? Encoding.UTF8;
        return encoding.GetString(body, skip, body.Length - skip);
    }

    public static string DecodeHtml(byte[] body, string? charset)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (FromByteOrderMark(body).Encoding is null && Find(charset) is null)
        {
            charset = MetaCharset(body);
        }

        return Decode(body, charset);
    }

    internal static Encoding? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        name = name.Trim().Trim('"', '\'');
        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static (Encoding? Encoding, int Skip) FromByteOrderMark(byte[] b) => b switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
        [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
        [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
        _ => (null, 0),
    };

    // <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">.
    private static string? MetaCharset(byte[] body)
    {
        var head = Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, MetaPrescanBytes));
        var at = head.IndexOf("charset=", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var value = head.AsSpan(at + "charset=".Length).TrimStart("\"' ");
        var end = value.IndexOfAny(CharsetEnd);
        return (end < 0 ? value : value[..end]).ToString();
    }
}
