using System.Runtime.InteropServices;
using System.Text;

namespace Flusio.Feeds.Cleaning;

/// <summary>
/// Flattens HTML nested deeper than a limit before the sanitiser parses it. An HTML5 parser
/// looks down its stack of open elements for many a tag (is a &lt;p&gt; open? in which
/// scope?), so its time grows with the square of the nesting: 100,000 nested divs took
/// 88 s. Below <see cref="MaxDepth"/>, tags are dropped and their text kept; whatever comes
/// out still goes through the full sanitiser, so this pass decides nothing about safety.
/// </summary>
/// <remarks>
/// The depth is counted the way an HTML parser would see it, roughly: void elements open
/// nothing, a new &lt;p&gt;, &lt;li&gt; or cell closes the one before, raw text (script,
/// style...) is skipped. Input that never nests that deep comes back as the same string.
/// </remarks>
internal static class HtmlDepthLimiter
{
    public const int MaxDepth = 128;

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source",
        "track", "wbr", "basefont", "bgsound", "frame", "image", "isindex",
    };

    private static readonly HashSet<string> RawTextElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
    };

    // Elements whose start closes an open element: the names it closes, and those it does not
    // look past (as an HTML parser closes an open <li> when a new one starts, unless a nested
    // list lies between them).
    private static readonly Dictionary<string, (string[] Closes, string[] Bounds)> ImpliedEnds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["li"] = (["li"], ["ul", "ol", "table", "td", "th"]),
        ["dt"] = (["dt", "dd"], ["dl", "table", "td", "th"]),
        ["dd"] = (["dt", "dd"], ["dl", "table", "td", "th"]),
        ["tr"] = (["tr"], ["table"]),
        ["td"] = (["td", "th"], ["tr", "table"]),
        ["th"] = (["td", "th"], ["tr", "table"]),
        ["thead"] = (["thead", "tbody", "tfoot"], ["table"]),
        ["tbody"] = (["thead", "tbody", "tfoot"], ["table"]),
        ["tfoot"] = (["thead", "tbody", "tfoot"], ["table"]),
        ["option"] = (["option"], ["select", "datalist"]),
        ["optgroup"] = (["option", "optgroup"], ["select"]),
        ["rb"] = (["rb", "rt", "rp"], ["ruby"]),
        ["rt"] = (["rb", "rt", "rp"], ["ruby"]),
        ["rp"] = (["rb", "rt", "rp"], ["ruby"]),
    };

    private static readonly (string[] Closes, string[] Bounds) ParagraphEnd =
        (["p"], ["button", "table", "td", "th", "caption", "object", "marquee", "applet", "template"]);

    // Elements whose start closes an open <p>.
    private static readonly HashSet<string> ClosesParagraph = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu",
        "nav", "ol", "p", "pre", "section", "table", "ul",
    };

    // How far down the stack an implied end is looked for: enough for real markup, and a bound
    // on the work per tag.
    private const int ImpliedEndReach = 32;

    public static string Limit(string html, int maxDepth = MaxDepth)
    {
        ArgumentNullException.ThrowIfNull(html);
        // Fewer tags than the limit cannot nest deeper than it.
        if (html.AsSpan().Count('<') <= maxDepth)
        {
            return html;
        }
        return new Walk(html, maxDepth).Run();
    }

    private sealed class Walk(string html, int maxDepth)
    {
        private readonly List<(int Start, int Length)> _open = [];
        private readonly List<int> _openHashes = [];
        private readonly List<int> _dropped = []; // hashes of the names of dropped, still open tags
        private StringBuilder? _out;
        private int _copied;

        public string Run()
        {
            var i = 0;
            while (i < html.Length)
            {
                var lt = html.IndexOf('<', i);
                if (lt < 0 || lt + 1 >= html.Length)
                {
                    break;
                }
                var next = html[lt + 1];
                if (html.AsSpan(lt).StartsWith("<!--"))
                {
                    i = After(lt + 4, "-->");
                }
                else if (next is '!' or '?')
                {
                    i = After(lt + 2, ">");
                }
                else if (next == '/')
                {
                    i = EndTag(lt);
                }
                else if (char.IsAsciiLetter(next))
                {
                    i = StartTag(lt);
                }
                else
                {
                    i = lt + 1;
                }
            }
            if (_out is null)
            {
                return html;
            }
            _out.Append(html, _copied, html.Length - _copied);
            return _out.ToString();
        }

        private int StartTag(int lt)
        {
            var nameStart = lt + 1;
            var nameEnd = NameEnd(nameStart);
            var end = TagEnd(nameEnd);
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            var lookup = VoidElements.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.Contains(name))
            {
                return end;
            }
            if (name.Equals("plaintext", StringComparison.OrdinalIgnoreCase))
            {
                return html.Length; // the rest is text
            }
            CloseImplied(name);
            if (_open.Count >= maxDepth)
            {
                Drop(lt, end);
                _dropped.Add(Hash(name));
            }
            else
            {
                _open.Add((nameStart, nameEnd - nameStart));
                _openHashes.Add(Hash(name));
            }
            if (RawTextElements.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
            {
                // Its content is text up to its end tag, which the next step reads.
                var close = html.IndexOf(string.Concat("</", name), end, StringComparison.OrdinalIgnoreCase);
                return close < 0 ? html.Length : close;
            }
            return end;
        }

        private int EndTag(int lt)
        {
            var nameStart = lt + 2;
            var nameEnd = NameEnd(nameStart);
            var end = TagEnd(nameEnd);
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            if (name.IsEmpty)
            {
                return end;
            }
            var hash = Hash(name);
            if (_dropped.Count > 0 && _dropped[^1] == hash)
            {
                _dropped.RemoveAt(_dropped.Count - 1);
                Drop(lt, end);
                return end;
            }
            var at = Find(name, hash);
            if (at >= 0)
            {
                _open.RemoveRange(at, _open.Count - at);
                _openHashes.RemoveRange(at, _openHashes.Count - at);
                _dropped.Clear(); // closing an ancestor closes what was dropped below it
            }
            return end;
        }

        // A new <li> closes the open <li>, a block closes the open <p>, and so on.
        private void CloseImplied(ReadOnlySpan<char> name)
        {
            if (_open.Count == 0 || _dropped.Count > 0)
            {
                return;
            }
            if (ImpliedEnds.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var rule))
            {
                CloseThrough(rule);
            }
            if (ClosesParagraph.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
            {
                CloseThrough(ParagraphEnd);
            }
        }

        private void CloseThrough((string[] Closes, string[] Bounds) rule)
        {
            var bottom = Math.Max(0, _open.Count - ImpliedEndReach);
            for (var k = _open.Count - 1; k >= bottom; k--)
            {
                var open = html.AsSpan(_open[k].Start, _open[k].Length);
                if (IsOneOf(open, rule.Closes))
                {
                    _open.RemoveRange(k, _open.Count - k);
                    _openHashes.RemoveRange(k, _openHashes.Count - k);
                    return;
                }
                if (IsOneOf(open, rule.Bounds))
                {
                    return;
                }
            }
        }

        private static bool IsOneOf(ReadOnlySpan<char> name, string[] names)
        {
            foreach (var candidate in names)
            {
                if (name.Equals(candidate, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            return false;
        }

        private int Find(ReadOnlySpan<char> name, int hash)
        {
            var hashes = CollectionsMarshal.AsSpan(_openHashes);
            var limit = hashes.Length;
            while (limit > 0)
            {
                var k = hashes[..limit].LastIndexOf(hash);
                if (k < 0)
                {
                    return -1;
                }
                if (html.AsSpan(_open[k].Start, _open[k].Length).Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return k;
                }
                limit = k;
            }
            return -1;
        }

        private void Drop(int start, int end)
        {
            _out ??= new StringBuilder(html.Length);
            _out.Append(html, _copied, start - _copied);
            _copied = end;
        }

        private int NameEnd(int i)
        {
            while (i < html.Length && (char.IsAsciiLetterOrDigit(html[i]) || html[i] is '-' or ':' or '_'))
            {
                i++;
            }
            return i;
        }

        // After the tag's '>', quoted attribute values skipped; the end of the input if it never closes.
        private int TagEnd(int i)
        {
            while (i < html.Length)
            {
                var at = html.AsSpan(i).IndexOfAny('>', '"', '\'');
                if (at < 0)
                {
                    return html.Length;
                }
                i += at;
                if (html[i] == '>')
                {
                    return i + 1;
                }
                // A quote starts a value only after '='; elsewhere it is part of a name.
                var value = i > 0 && html.AsSpan(0, i).TrimEnd().EndsWith('=');
                i = value ? After(i + 1, html[i] == '"' ? "\"" : "'") : i + 1;
            }
            return html.Length;
        }

        private int After(int from, string end)
        {
            var at = from >= html.Length ? -1 : html.IndexOf(end, from, StringComparison.Ordinal);
            return at < 0 ? html.Length : at + end.Length;
        }

        private static int Hash(ReadOnlySpan<char> name) => string.GetHashCode(name, StringComparison.OrdinalIgnoreCase);
    }
}
