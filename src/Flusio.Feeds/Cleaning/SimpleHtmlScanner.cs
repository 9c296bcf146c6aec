using System.Text;

namespace Flusio.Feeds.Cleaning;

/// <summary>
/// The cleaner's fast path. Most feed entries are plain paragraphs; running them through the full
/// sanitiser costs a DOM parse and a serialisation each. This scanner accepts only HTML that is
/// already safe as written: lower-case tags from a short list, without any attribute, properly
/// nested; text without '&lt;' and with only simple character references. Such input has no URL,
/// no attribute and no element that can run code, so it is returned as is (with any tags left
/// open at the end closed, as feeds often cut summaries short). Anything else, however harmless,
/// is refused and goes to the full sanitiser.
/// </summary>
internal static class SimpleHtmlScanner
{
    private const int MaxDepth = 32;

    private static readonly HashSet<string> ContainerTags = new(StringComparer.Ordinal)
    {
        "p", "em", "strong", "b", "i", "u", "s", "ul", "ol", "li", "blockquote", "code", "pre",
        "h1", "h2", "h3", "h4", "h5", "h6", "sub", "sup", "small", "del", "ins", "mark", "cite",
    };

    // Elements a paragraph cannot hold: an HTML parser would close the paragraph first, so the
    // markup would not mean what its nesting says.
    private static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "p", "ul", "ol", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    };

    private static readonly string[] NamedReferences = ["amp;", "lt;", "gt;", "quot;", "apos;", "nbsp;"];

    public static bool TryPass(string html, out string result)
    {
        result = html;
        var open = new Stack<string>();
        var i = 0;
        while (i < html.Length)
        {
            var next = html.AsSpan(i).IndexOfAny('<', '&', '\0');
            if (next < 0)
            {
                break;
            }

            i += next;
            var consumed = html[i] switch
            {
                '<' => ScanTag(html, i, open),
                '&' => ScanReference(html, i),
                _ => 0,
            };
            if (consumed == 0)
            {
                return false;
            }

            i += consumed;
        }

        if (open.Count > 0)
        {
            var closed = new StringBuilder(html, html.Length + (open.Count * 8));
            while (open.TryPop(out var name))
            {
                closed.Append("</").Append(name).Append('>');
            }

            result = closed.ToString();
        }

        return true;
    }

    private static readonly HashSet<string> VoidTags = new(StringComparer.Ordinal)
    {
        "br", "br/", "br /", "hr", "hr/", "hr /",
    };

    // Returns the length of an accepted tag at position start, or 0.
    private static int ScanTag(string html, int start, Stack<string> open)
    {
        var end = html.IndexOf('>', start + 1);
        if (end < 0)
        {
            return 0;
        }

        var length = end - start + 1;
        var inner = html.AsSpan(start + 1, end - start - 1);
        if (inner.StartsWith('/'))
        {
            var closed = inner[1..];
            if (!open.TryPeek(out var top) || !closed.SequenceEqual(top))
            {
                return 0;
            }

            open.Pop();
            return length;
        }

        var name = inner.ToString();
        var isVoid = VoidTags.Contains(name);
        if (!isVoid && !ContainerTags.Contains(name))
        {
            return 0;
        }

        var element = isVoid ? name[..2] : name;
        if (BlockTags.Contains(element) && open.Contains("p"))
        {
            return 0;
        }

        if (!isVoid)
        {
            if (open.Count >= MaxDepth)
            {
                return 0;
            }

            open.Push(name);
        }

        return length;
    }

    // Returns the length of an accepted character reference at position start, or 0.
    private static int ScanReference(string html, int start)
    {
        var rest = html.AsSpan(start + 1);
        foreach (var reference in NamedReferences)
        {
            if (rest.StartsWith(reference, StringComparison.Ordinal))
            {
                return reference.Length + 1;
            }
        }

        if (!rest.StartsWith('#'))
        {
            return 0;
        }

        var hex = rest.Length > 1 && (rest[1] == 'x' || rest[1] == 'X');
        var digits = rest[(hex ? 2 : 1)..];
        var count = 0;
        while (count < digits.Length && count < 7 && (hex ? char.IsAsciiHexDigit(digits[count]) : char.IsAsciiDigit(digits[count])))
        {
            count++;
        }

        return count > 0 && count < digits.Length && digits[count] == ';' ? (hex ? 2 : 1) + count + 2 : 0;
    }
}
