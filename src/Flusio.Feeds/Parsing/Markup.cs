using System.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>Small helpers for writing the HTML the parser hands on.</summary>
internal static class Markup
{
    public static void AppendEscaped(StringBuilder sb, string text, bool attribute = false)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var replacement = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' when attribute => "&quot;",
                _ => null,
            };
            if (replacement is null)
            {
                continue;
            }
            sb.Append(text, start, i - start).Append(replacement);
            start = i + 1;
        }
        sb.Append(text, start, text.Length - start);
    }

    /// <summary>Undoes <see cref="AppendEscaped"/> (text, not attributes): &amp;amp;, &amp;lt; and &amp;gt; only.</summary>
    public static string Unescape(string escaped)
    {
        if (!escaped.Contains('&', StringComparison.Ordinal))
        {
            return escaped;
        }
        var sb = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            var rest = escaped.AsSpan(i);
            if (rest.StartsWith("&amp;", StringComparison.Ordinal))
            {
                sb.Append('&');
                i += 4;
            }
            else if (rest.StartsWith("&lt;", StringComparison.Ordinal) || rest.StartsWith("&gt;", StringComparison.Ordinal))
            {
                sb.Append(rest[1] == 'l' ? '<' : '>');
                i += 3;
            }
            else
            {
                sb.Append(escaped[i]);
            }
        }
        return sb.ToString();
    }

    public static bool IsVoid(string name) => name switch
    {
        "br" or "hr" or "img" or "input" or "meta" or "area" or "base" or "col" or "embed" or "param"
            or "source" or "track" or "wbr" => true,
        _ => false,
    };

    /// <summary>
    /// Makes the quoted href and src attributes of escaped HTML absolute
    /// against <paramref name="baseUri"/> (the xml:base of its element, which
    /// only the parser knows).
    /// </summary>
    public static string ResolveUrls(string html, Uri baseUri)
    {
        if (html.IndexOf("href", StringComparison.OrdinalIgnoreCase) < 0 && html.IndexOf("src", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return html;
        }
        StringBuilder? sb = null;
        var copied = 0;
        var i = 0;
        while (i < html.Length)
        {
            var at = NextUrlAttribute(html, i, out var valueStart, out var quote);
            if (at < 0)
            {
                break;
            }
            var valueEnd = html.IndexOf(quote, valueStart);
            if (valueEnd < 0)
            {
                break;
            }
            var value = html[valueStart..valueEnd];
            var resolved = Urls.Resolve(baseUri, value);
            if (resolved is not null && resolved != value.Trim())
            {
                sb ??= new StringBuilder(html.Length + 64);
                sb.Append(html, copied, valueStart - copied).Append(resolved.Replace("\"", "%22", StringComparison.Ordinal));
                copied = valueEnd;
            }
            i = valueEnd + 1;
        }
        if (sb is null)
        {
            return html;
        }
        sb.Append(html, copied, html.Length - copied);
        return sb.ToString();
    }

    private static int NextUrlAttribute(string html, int from, out int valueStart, out char quote)
    {
        for (var i = from; i < html.Length - 5; i++)
        {
            var c = html[i];
            if (c is not ('h' or 'H' or 's' or 'S') || (i > 0 && !char.IsWhiteSpace(html[i - 1])))
            {
                continue;
            }
            var length = string.Compare(html, i, "href", 0, 4, StringComparison.OrdinalIgnoreCase) == 0 ? 4
                : string.Compare(html, i, "src", 0, 3, StringComparison.OrdinalIgnoreCase) == 0 ? 3 : 0;
            if (length == 0)
            {
                continue;
            }
            var j = i + length;
            while (j < html.Length && html[j] == ' ')
            {
                j++;
            }
            if (j >= html.Length || html[j] != '=')
            {
                continue;
            }
            j++;
            while (j < html.Length && html[j] == ' ')
            {
                j++;
            }
            if (j < html.Length && html[j] is '"' or '\'')
            {
                quote = html[j];
                valueStart = j + 1;
                return i;
            }
        }
        valueStart = -1;
        quote = '"';
        return -1;
    }
}
