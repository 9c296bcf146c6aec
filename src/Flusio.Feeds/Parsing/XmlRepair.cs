using System.Text;
using Flusio.Feeds.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>
/// Rewrites a broken XML document into a well-formed one, for the feeds a
/// strict reader rejects: HTML entities nobody declared, bare ampersands,
/// control characters, prefixes without a namespace declaration, end tags that
/// do not match, a document cut off before its end. It only runs after the
/// strict reader failed. The DOCTYPE is dropped whole: entities declared
/// there are never expanded, they stay as the literal text "&amp;name;".
/// </summary>
internal sealed class XmlRepair
{
    private static readonly string[] VoidElements =
        ["br", "hr", "img", "input", "meta", "area", "base", "col", "embed", "param", "source", "track", "wbr"];

    private readonly string _s;
    private readonly StringBuilder _out;
    private readonly List<string> _open = [];
    private readonly HashSet<string> _usedPrefixes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declaredPrefixes = new(StringComparer.Ordinal);
    private int _rootNameEnd = -1;
    private bool _inLeaf; // nothing but text since the last start tag
    private bool _rootClosed;

    private XmlRepair(string s)
    {
        _s = s;
        _out = new StringBuilder(s.Length + 64);
    }

    /// <summary>True when elements were still open at the end of the input.</summary>
    public bool Truncated { get; private set; }

    public static string Repair(string text, out bool truncated)
    {
        var repair = new XmlRepair(text);
        repair.Run();
        truncated = repair.Truncated;
        return repair._out.ToString();
    }

    private void Run()
    {
        var i = 0;
        while (i < _s.Length)
        {
            var lt = _s.IndexOf('<', i);
            var end = lt < 0 ? _s.Length : lt;
            if (!_rootClosed && _open.Count > 0)
            {
                AppendText(i, end);
            }
            if (lt < 0)
            {
                break;
            }
            i = Markup(lt);
        }
        Truncated = _open.Count > 0;
        for (var k = _open.Count - 1; k >= 0; k--)
        {
            _out.Append("</").Append(_open[k]).Append('>');
        }
        DeclareMissingPrefixes();
    }

    private int Markup(int lt)
    {
        var s = _s;
        if (Starts(lt, "<!--"))
        {
            var end = s.IndexOf("-->", lt + 4, StringComparison.Ordinal);
            return end < 0 ? s.Length : end + 3;
        }
        if (Starts(lt, "<![CDATA["))
        {
            var end = s.IndexOf("]]>", lt + 9, StringComparison.Ordinal);
            var stop = end < 0 ? s.Length : end;
            if (!_rootClosed && _open.Count > 0)
            {
                _out.Append("<![CDATA[");
                AppendLegal(lt + 9, stop);
                _out.Append("]]>");
            }
            return end < 0 ? s.Length : end + 3;
        }
        if (Starts(lt, "<!"))
        {
            return SkipDeclaration(lt);
        }
        if (Starts(lt, "<?"))
        {
            var end = s.IndexOf("?>", lt + 2, StringComparison.Ordinal);
            return end < 0 ? s.Length : end + 2;
        }
        if (lt + 1 < s.Length && s[lt + 1] == '/')
        {
            return EndTag(lt);
        }
        return StartTag(lt);
    }

    // <!DOCTYPE ... [ internal subset ] >: skipped, brackets and quotes respected.
    private int SkipDeclaration(int lt)
    {
        var depth = 0;
        char quote = '\0';
        for (var i = lt + 2; i < _s.Length; i++)
        {
            var c = _s[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (c == '>' && depth <= 0)
            {
                return i + 1;
            }
        }
        return _s.Length;
    }

    private int EndTag(int lt)
    {
        var nameStart = lt + 2;
        var nameEnd = NameEnd(nameStart);
        var close = _s.IndexOf('>', nameEnd);
        var next = close < 0 ? _s.Length : close + 1;
        if (nameEnd == nameStart || _rootClosed)
        {
            return next;
        }
        var name = _s.AsSpan(nameStart, nameEnd - nameStart);
        var at = FindOpen(name, StringComparison.Ordinal);
        if (at < 0)
        {
            at = FindOpen(name, StringComparison.OrdinalIgnoreCase);
        }
        if (at < 0)
        {
            if (!_inLeaf)
            {
                return next; // an end tag for nothing open: dropped
            }
            at = _open.Count - 1; // <language>en</langauge>: a misspelt end of a text element
        }
        for (var k = _open.Count - 1; k >= at; k--)
        {
            _out.Append("</").Append(_open[k]).Append('>');
        }
        _open.RemoveRange(at, _open.Count - at);
        _rootClosed = _open.Count == 0;
        _inLeaf = false;
        return next;
    }

    // Looks only near the top: a stray end tag in a document nested thousands
    // deep must not cost a scan of the whole stack each time.
    private const int SearchDepth = 64;

    private int FindOpen(ReadOnlySpan<char> name, StringComparison comparison)
    {
        var bottom = Math.Max(0, _open.Count - SearchDepth);
        if (_open.Count > 0 && name.Equals(_open[0], comparison))
        {
            return 0; // the root's end tag always counts
        }
        for (var k = _open.Count - 1; k >= bottom; k--)
        {
            if (name.Equals(_open[k], comparison))
            {
                return k;
            }
        }
        return -1;
    }

    private int StartTag(int lt)
    {
        var s = _s;
        var nameStart = lt + 1;
        if (nameStart >= s.Length || !IsNameStart(s[nameStart]) || _rootClosed)
        {
            // "a <3 b", or anything after the root: plain text or dropped
            if (!_rootClosed && _open.Count > 0)
            {
                _out.Append("&lt;");
            }
            return lt + 1;
        }
        var nameEnd = NameEnd(nameStart);
        var name = s[nameStart..nameEnd];
        NotePrefix(name);
        _out.Append('<').Append(name);
        if (_rootNameEnd < 0)
        {
            _rootNameEnd = _out.Length;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = nameEnd;
        var selfClosing = false;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '>')
            {
                i++;
                break;
            }
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '>')
            {
                selfClosing = true;
                i += 2;
                break;
            }
            if (c == '<')
            {
                break; // the tag never closed: end it here
            }
            if (!IsNameStart(c))
            {
                i++;
                continue;
            }
            i = Attribute(i, seen);
        }
        if (i >= s.Length && !selfClosing && (s.Length == 0 || s[^1] != '>'))
        {
            selfClosing = true; // cut off inside the tag
        }
        if (selfClosing || IsVoid(name))
        {
            _out.Append("/>");
            if (_open.Count == 0)
            {
                _rootClosed = true;
            }
        }
        else
        {
            _out.Append('>');
            _open.Add(name);
        }
        _inLeaf = !selfClosing && !IsVoid(name);
        return i;
    }

    private int Attribute(int i, HashSet<string> seen)
    {
        var s = _s;
        var nameEnd = NameEnd(i);
        var name = s[i..nameEnd];
        i = nameEnd;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
        int valueStart, valueEnd;
        if (i < s.Length && s[i] == '=')
        {
            i++;
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            if (i < s.Length && (s[i] == '"' || s[i] == '\''))
            {
                var quote = s[i];
                var close = s.IndexOf(quote, i + 1);
                valueStart = i + 1;
                valueEnd = close < 0 ? s.Length : close;
                i = close < 0 ? s.Length : close + 1;
            }
            else
            {
                valueStart = i;
                while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] != '>' && !(s[i] == '/' && i + 1 < s.Length && s[i + 1] == '>'))
                {
                    i++;
                }
                valueEnd = i;
            }
        }
        else
        {
            valueStart = valueEnd = -1;
        }
        if (!seen.Add(name))
        {
            return i;
        }
        if (name.StartsWith("xmlns:", StringComparison.Ordinal))
        {
            _declaredPrefixes.Add(name[6..]);
        }
        else
        {
            NotePrefix(name);
        }
        _out.Append(' ').Append(name).Append("=\"");
        if (valueStart >= 0)
        {
            AppendText(valueStart, valueEnd, attribute: true);
        }
        else
        {
            _out.Append(name);
        }
        _out.Append('"');
        return i;
    }

    private void NotePrefix(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var prefix = name[..colon];
            if (prefix is not ("xml" or "xmlns"))
            {
                _usedPrefixes.Add(prefix);
            }
        }
    }

    private void DeclareMissingPrefixes()
    {
        if (_rootNameEnd < 0)
        {
            return;
        }
        var declarations = new StringBuilder();
        foreach (var prefix in _usedPrefixes)
        {
            if (!_declaredPrefixes.Contains(prefix))
            {
                declarations.Append(" xmlns:").Append(prefix).Append("=\"").Append(FeedNamespaces.ForPrefix(prefix)).Append('"');
            }
        }
        if (declarations.Length > 0)
        {
            _out.Insert(_rootNameEnd, declarations.ToString());
        }
    }

    // Text with its references checked: XML ones kept, HTML ones turned into
    // numeric references, anything else escaped; illegal characters dropped.
    private void AppendText(int start, int end, bool attribute = false)
    {
        var s = _s;
        for (var i = start; i < end; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '&':
                    i = Reference(i, end) - 1;
                    break;
                case '<':
                    _out.Append("&lt;");
                    break;
                case '>':
                    _out.Append("&gt;");
                    break;
                case '"' when attribute:
                    _out.Append("&quot;");
                    break;
                default:
                    AppendLegalChar(i);
                    break;
            }
        }
    }

    private int Reference(int amp, int end)
    {
        var s = _s;
        var limit = Math.Min(end, amp + 34);
        var semi = s.IndexOf(';', amp + 1, limit - amp - 1);
        if (semi > amp + 1)
        {
            var body = s.AsSpan(amp + 1, semi - amp - 1);
            if (body is "amp" or "lt" or "gt" or "quot" or "apos")
            {
                _out.Append(s, amp, semi - amp + 1);
                return semi + 1;
            }
            var decoded = new StringBuilder();
            if (PlainText.TryDecode(s.AsSpan(amp, semi - amp + 1), decoded) > 0)
            {
                foreach (var ch in decoded.ToString())
                {
                    AppendEscaped(ch);
                }
                return semi + 1;
            }
        }
        _out.Append("&amp;");
        return amp + 1;
    }

    private void AppendEscaped(char c)
    {
        switch (c)
        {
            case '&': _out.Append("&amp;"); break;
            case '<': _out.Append("&lt;"); break;
            case '>': _out.Append("&gt;"); break;
            case '"': _out.Append("&quot;"); break;
            default:
                if (IsLegal(c))
                {
                    _out.Append(c);
                }
                break;
        }
    }

    private void AppendLegal(int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            AppendLegalChar(i);
        }
    }

    private void AppendLegalChar(int i)
    {
        var c = _s[i];
        if (char.IsSurrogate(c))
        {
            if (char.IsHighSurrogate(c) && i + 1 < _s.Length && char.IsLowSurrogate(_s[i + 1]))
            {
                _out.Append(c);
            }
            else if (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(_s[i - 1]))
            {
                _out.Append(c);
            }
            return;
        }
        if (IsLegal(c))
        {
            _out.Append(c);
        }
    }

    private static bool IsLegal(char c) =>
        c >= ' ' ? c is not ('\uFFFE' or '\uFFFF') : c is '\t' or '\n' or '\r';

    private bool Starts(int at, string prefix) => string.CompareOrdinal(_s, at, prefix, 0, prefix.Length) == 0;

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

    private int NameEnd(int i)
    {
        while (i < _s.Length && (char.IsLetterOrDigit(_s[i]) || _s[i] is '_' or '-' or '.' or ':'))
        {
            i++;
        }
        return i;
    }

    private static bool IsVoid(string name)
    {
        foreach (var v in VoidElements)
        {
            if (name.Equals(v, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
