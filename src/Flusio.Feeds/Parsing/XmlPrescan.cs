namespace Flusio.Feeds.Parsing;

/// <summary>
/// What the parser checks in the raw text before an XML reader sees it: entity declarations,
/// which are refused, and start tags with more attributes than a reader handles in linear
/// time, which go straight to the repair.
/// </summary>
internal static class XmlPrescan
{
    /// <summary>
    /// Whether the prolog holds an &lt;!ENTITY declaration (in a DOCTYPE's internal subset).
    /// The prolog is read the way an XML reader reads it: comments and processing instructions
    /// are skipped whole (a "&lt;a" inside one is not the root), the DOCTYPE is walked with its
    /// quotes, its internal subset and the comments in it. Only the prolog is read; the root
    /// element usually starts within a few hundred characters.
    /// </summary>
    public static bool DeclaresEntities(string text)
    {
        var i = 0;
        while (true)
        {
            var lt = text.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= text.Length)
            {
                return false;
            }
            if (Starts(text, lt, "<!--"))
            {
                i = After(text, lt + 4, "-->");
            }
            else if (Starts(text, lt, "<?"))
            {
                i = After(text, lt + 2, "?>");
            }
            else if (Starts(text, lt, "<!DOCTYPE"))
            {
                var end = DoctypeEnd(text, lt + 9, out var declares);
                if (declares)
                {
                    return true;
                }
                i = end;
            }
            else if (text[lt + 1] == '!')
            {
                i = After(text, lt + 2, ">");
            }
            else if (char.IsLetter(text[lt + 1]) || text[lt + 1] == '_')
            {
                return false; // the root element: the prolog is over
            }
            else
            {
                i = lt + 1;
            }
            if (i >= text.Length)
            {
                return false;
            }
        }
    }

    // Walks a DOCTYPE from after its keyword; returns where it ends. Inside the internal subset,
    // comments and processing instructions are skipped whole, and quoted strings too, so that
    // none of them can end the DOCTYPE early in this reading while a parser reads on.
    private static int DoctypeEnd(string text, int i, out bool declaresEntities)
    {
        declaresEntities = false;
        var inSubset = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                i = After(text, i + 1, c == '"' ? "\"" : "'");
                continue;
            }
            if (inSubset && c == '<')
            {
                if (Starts(text, i, "<!--"))
                {
                    i = After(text, i + 4, "-->");
                    continue;
                }
                if (Starts(text, i, "<?"))
                {
                    i = After(text, i + 2, "?>");
                    continue;
                }
                if (Starts(text, i, "<!ENTITY"))
                {
                    declaresEntities = true;
                    return i;
                }
            }
            else if (c == '[')
            {
                inSubset = true;
            }
            else if (c == ']')
            {
                inSubset = false;
            }
            else if (c == '>' && !inSubset)
            {
                return i + 1;
            }
            i++;
        }
        return text.Length;
    }

    /// <summary>
    /// Whether a start tag holds more than <paramref name="maxAttributes"/> attributes (counted
    /// by their '=' outside quotes). The .NET XML reader checks each new attribute of an element
    /// against the others, so one tag with a hundred thousand attributes takes it minutes.
    /// </summary>
    public static bool HasCrowdedTag(string text, int maxAttributes)
    {
        var i = 0;
        while (true)
        {
            var lt = text.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= text.Length)
            {
                return false;
            }
            var next = text[lt + 1];
            if (next == '!' || next == '?')
            {
                // Comments, CDATA sections, declarations and instructions hold no attributes.
                var end = Starts(text, lt, "<!--") ? "-->" : Starts(text, lt, "<![CDATA[") ? "]]>" : next == '?' ? "?>" : ">";
                i = After(text, lt + 2, end);
                continue;
            }
            if (!char.IsLetter(next) && next != '_')
            {
                i = lt + 1;
                continue;
            }
            var (tagEnd, attributes) = ScanStartTag(text, lt + 1, maxAttributes);
            if (attributes > maxAttributes)
            {
                return true;
            }
            i = tagEnd;
        }
    }

    private static readonly System.Buffers.SearchValues<char> TagStops = System.Buffers.SearchValues.Create("=\"'><");

    private static (int End, int Attributes) ScanStartTag(string text, int i, int maxAttributes)
    {
        var attributes = 0;
        while (i < text.Length)
        {
            var at = text.AsSpan(i).IndexOfAny(TagStops);
            if (at < 0)
            {
                return (text.Length, attributes);
            }
            i += at;
            switch (text[i])
            {
                case '=':
                    if (++attributes > maxAttributes)
                    {
                        return (i, attributes);
                    }
                    i++;
                    break;
                case '"':
                case '\'':
                    i = After(text, i + 1, text[i] == '"' ? "\"" : "'");
                    break;
                case '>':
                    return (i + 1, attributes);
                default:
                    return (i, attributes); // '<': a tag that never closed
            }
        }
        return (text.Length, attributes);
    }

    private static int After(string text, int from, string end)
    {
        var at = from >= text.Length ? -1 : text.IndexOf(end, from, StringComparison.Ordinal);
        return at < 0 ? text.Length : at + end.Length;
    }

    private static bool Starts(string text, int at, string prefix) =>
        string.Compare(text, at, prefix, 0, prefix.Length, StringComparison.OrdinalIgnoreCase) == 0;
}
