using System.Text;

namespace Flusio.Feeds.Text;

/// <summary>
/// Turns a bit of feed HTML (a title, an author name, an excerpt) into one line
/// of plain text: tags stripped, entities decoded, whitespace collapsed, and
/// optionally cut on a word boundary. The result is text, not HTML: whoever
/// shows it must encode it.
/// </summary>
public static class PlainText
{
    private const char Ellipsis = '\u2026';

    /// <summary>The text of <paramref name="html"/>, or null when nothing is left.</summary>
    public static string? FromHtml(string? html, int maxLength = 0)
    {
        if (string.IsNullOrEmpty(html))
        {
            return null;
        }
        var text = NeedsWork(html) ? Convert(html) : html;
        if (text.Length == 0)
        {
            return null;
        }
        return maxLength > 0 ? Truncate(text, maxLength) : text;
    }

    /// <summary>Collapses whitespace and drops control characters, without touching markup or entities.</summary>
    public static string? Collapse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!NeedsCollapse(text))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        AppendCollapsed(sb, text);
        var result = TrimEnd(sb).ToString();
        return result.Length == 0 ? null : result;
    }

    /// <summary>Decodes named (HTML5) and numeric character references that end with a semicolon.</summary>
    public static string DecodeEntities(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains('&', StringComparison.Ordinal))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var amp = text.IndexOf('&', i);
            if (amp < 0)
            {
                sb.Append(text, i, text.Length - i);
                break;
            }
            sb.Append(text, i, amp - i);
            var length = TryDecode(text.AsSpan(amp), sb);
            if (length == 0)
            {
                sb.Append('&');
                i = amp + 1;
            }
            else
            {
                i = amp + length;
            }
        }
        return sb.ToString();
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxLength"/> characters, on a word boundary when one is near.</summary>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (maxLength <= 0 || text.Length <= maxLength)
        {
            return text;
        }
        var limit = Math.Max(1, maxLength - 1);
        var cut = limit;
        var space = text.LastIndexOf(' ', limit);
        if (space >= limit / 2)
        {
            cut = space;
        }
        else if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }
        return string.Concat(text.AsSpan(0, cut).TrimEnd(" ,;:.-\u2013\u2014"), Ellipsis.ToString());
    }

    /// <summary>
    /// Decodes one reference at the start of <paramref name="s"/> ("&amp;amp;", "&amp;#233;", "&amp;#xE9;")
    /// into <paramref name="sb"/>; returns the characters consumed, or 0 when it is not a reference.
    /// </summary>
    internal static int TryDecode(ReadOnlySpan<char> s, StringBuilder sb)
    {
        if (s.Length < 3 || s[0] != '&')
        {
            return 0;
        }
        var semi = s[..Math.Min(s.Length, 34)].IndexOf(';');
        if (semi < 2)
        {
            return 0;
        }
        var body = s[1..semi];
        if (body[0] == '#')
        {
            var hex = body.Length > 1 && (body[1] == 'x' || body[1] == 'X');
            var digits = body[(hex ? 2 : 1)..];
            if (digits.Length == 0 || digits.Length > 8 || !int.TryParse(digits,
                    hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                return 0;
            }
            AppendCodePoint(sb, code);
            return semi + 1;
        }
        var value = HtmlEntities.Lookup(body);
        if (value is null)
        {
            return 0;
        }
        sb.Append(value);
        return semi + 1;
    }

    internal static void AppendCodePoint(StringBuilder sb, int code)
    {
        // Windows-1252 numbers in the C1 range are what the author meant (&#146; is a quote).
        if (code is >= 0x80 and <= 0x9F)
        {
            code = Windows1252[code - 0x80];
        }
        if (code is 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
        {
            sb.Append('\uFFFD');
        }
        else if (code < 0x10000)
        {
            sb.Append((char)code);
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(code));
        }
    }

    private static readonly int[] Windows1252 =
    [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];

    private static bool NeedsWork(string s)
    {
        foreach (var c in s)
        {
            if (c == '<' || c == '&' || c < ' ' || char.IsWhiteSpace(c) && c != ' ')
            {
                return true;
            }
        }
        return s[0] == ' ' || s[^1] == ' ' || s.Contains("  ", StringComparison.Ordinal);
    }

    private static bool NeedsCollapse(string s)
    {
        foreach (var c in s)
        {
            if (c < ' ' || (char.IsWhiteSpace(c) && c != ' '))
            {
                return true;
            }
        }
        return s[0] == ' ' || s[^1] == ' ' || s.Contains("  ", StringComparison.Ordinal);
    }

    private static string Convert(string html)
    {
        var stripped = new StringBuilder(html.Length);
        StripTags(html, stripped);
        var decoded = DecodeEntities(stripped.ToString());
        var sb = new StringBuilder(decoded.Length);
        AppendCollapsed(sb, decoded);
        return TrimEnd(sb).ToString();
    }

    // Text outside tags, comments, scripts and styles; block-level tags become spaces.
    private static void StripTags(string html, StringBuilder sb)
    {
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0)
            {
                sb.Append(html, i, html.Length - i);
                return;
            }
            sb.Append(html, i, lt - i);
            if (lt + 1 >= html.Length || !IsTagStart(html[lt + 1]))
            {
                sb.Append('<');
                i = lt + 1;
                continue;
            }
            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var end = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
                continue;
            }
            var close = html.IndexOf('>', lt + 1);
            if (close < 0)
            {
                return; // an unfinished tag at the end: drop it
            }
            var name = TagName(html.AsSpan(lt + 1, close - lt - 1), out var isEnd);
            if (!isEnd && (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)))
            {
                var endTag = html.IndexOf("</" + name.ToString(), close, StringComparison.OrdinalIgnoreCase);
                var endClose = endTag < 0 ? -1 : html.IndexOf('>', endTag);
                i = endClose < 0 ? html.Length : endClose + 1;
                continue;
            }
            if (IsBlock(name))
            {
                sb.Append(' ');
            }
            i = close + 1;
        }
    }

    private static bool IsTagStart(char c) => char.IsAsciiLetter(c) || c == '/' || c == '!' || c == '?';

    private static ReadOnlySpan<char> TagName(ReadOnlySpan<char> tag, out bool isEnd)
    {
        isEnd = tag.Length > 0 && tag[0] == '/';
        if (isEnd)
        {
            tag = tag[1..];
        }
        var n = 0;
        while (n < tag.Length && (char.IsAsciiLetterOrDigit(tag[n]) || tag[n] == ':' || tag[n] == '-'))
        {
            n++;
        }
        return tag[..n];
    }

    private static bool IsBlock(ReadOnlySpan<char> name)
    {
        Span<char> lower = stackalloc char[12];
        if (name.Length is 0 or > 12)
        {
            return false;
        }
        var n = name.ToLowerInvariant(lower);
        return lower[..n] switch
        {
            "br" or "p" or "div" or "li" or "ul" or "ol" or "tr" or "td" or "th" or "table" or "h1" or "h2" or "h3"
                or "h4" or "h5" or "h6" or "blockquote" or "pre" or "hr" or "section" or "article" or "header"
                or "footer" or "figure" or "figcaption" or "dd" or "dt" or "dl" => true,
            _ => false,
        };
    }

    private static void AppendCollapsed(StringBuilder sb, string text)
    {
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u200B')
            {
                pendingSpace = sb.Length > 0;
            }
            else if (c < ' ' || c is '\u007F' or '\uFFFE' or '\uFFFF')
            {
                // control characters carry nothing a reader should see
            }
            else
            {
                if (pendingSpace)
                {
                    sb.Append(' ');
                    pendingSpace = false;
                }
                sb.Append(c);
            }
        }
    }

    private static StringBuilder TrimEnd(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }
        return sb;
    }
}
