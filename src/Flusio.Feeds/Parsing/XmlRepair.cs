using System.Runtime.InteropServices;
using System.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>
/// Rewrites a broken XML document into a well-formed one, for the feeds a
/// strict reader rejects: HTML entities nobody declared, bare ampersands,
/// control characters, prefixes without a namespace declaration, end tags that
/// do not match, a document cut off before its end, nesting deeper than the
/// reader takes. It only runs after the strict reader failed. The DOCTYPE is
/// dropped whole: entities declared there are never expanded, they stay as
/// the literal text "&amp;name;".
/// </summary>
/// <remarks>
/// Hostile input meets this class first, so it stays linear in time and small in memory
/// whatever the markup: no string per tag (names are positions in the input), open
/// elements at most <see cref="XmlFeedReader.MaxDepth"/> deep (deeper tags are dropped,
/// their text kept), undeclared prefixes that no reader here knows all folded into one
/// (an XML reader slows down with every attribute of an element, and millions of
/// distinct prefixes would be millions of declarations).
/// </remarks>
internal sealed partial class XmlRepair
{
    // Every undeclared prefix the parser has no use for becomes this one; only the local
    // names of such elements ever matter (as markup in content).
    private const string SharedPrefix = "x-undeclared";
    internal const string SharedNamespace = "urn:x-undeclared";
    private const int MaxDepth = XmlFeedReader.MaxDepth;
    private const int MaxAttributes = XmlFeedReader.MaxAttributes;
    // Declarations the repair adds to the root: the known prefixes (in any case) and the shared one.
    private const int MaxRootDeclarations = 32;
    private const int LinearAttributeCheck = 16;

    private static readonly string[] VoidElements =
        ["br", "hr", "img", "input", "meta", "area", "base", "col", "embed", "param", "source", "track", "wbr"];

    private readonly string _s;
    private readonly StringBuilder _out;
    private readonly List<OpenElement> _open = [];
    private readonly List<int> _openHashes = [];
    // Tags dropped below MaxDepth and not yet closed: only the hash of each name, to pair end tags.
    private readonly List<int> _flattened = [];
    private readonly HashSet<string> _declaredPrefixes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownPrefixesUsed = new(StringComparer.Ordinal);
    private readonly List<Attr> _attributes = [];
    private readonly List<(int Start, int End, bool Shared)> _written = [];
    private readonly StringBuilder _decoded = new();
    private bool _sharedPrefixUsed;
    private int _rootNameEnd = -1;
    private bool _inLeaf; // nothing but text since the last start tag
    private bool _rootClosed;

    private XmlRepair(string s)
    {
        _s = s;
        // One block the size of the input: a builder grown chunk by chunk has its chunks copied
        // from generation to generation by the collector, which doubled the time on large feeds.
        _out = new StringBuilder(s.Length + 64);
    }

    /// <summary>True when elements were still open at the end of the input.</summary>
    public bool Truncated { get; private set; }

    public static string Repair(string text, out bool truncated)
    {
        var repair = new XmlRepair(text);
        repair.Run();
        truncated = repair.Truncated;
        return repair.Result();
    }

    private readonly record struct OpenElement(int NameStart, int NameLength, bool Shared);

    private readonly record struct Attr(int NameStart, int NameEnd, int ValueStart, int ValueEnd);

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
            AppendEndTag(_open[k]);
        }
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
        // An end tag stops at '>', or at the next '<' when its '>' is missing: looking further
        // would read the rest of the input once per broken tag.
        var close = nameEnd < _s.Length ? _s.AsSpan(nameEnd).IndexOfAny('>', '<') : -1;
        var next = close < 0 ? _s.Length : nameEnd + close + (_s[nameEnd + close] == '>' ? 1 : 0);
        if (nameEnd == nameStart || _rootClosed)
        {
            return next;
        }
        var name = _s.AsSpan(nameStart, nameEnd - nameStart);
        var hash = Hash(name);
        if (_flattened.Count > 0 && _flattened[^1] == hash)
        {
            _flattened.RemoveAt(_flattened.Count - 1);
            _inLeaf = false;
            return next;
        }
        var at = FindOpen(name, hash);
        if (at < 0)
        {
            if (!_inLeaf)
            {
                return next; // an end tag for nothing open: dropped
            }
            if (_flattened.Count > 0)
            {
                _flattened.RemoveAt(_flattened.Count - 1); // the misspelt end of a dropped element
                _inLeaf = false;
                return next;
            }
            at = _open.Count - 1; // <language>en</langauge>: a misspelt end of a text element
        }
        _flattened.Clear(); // closing an ancestor closes whatever was dropped below it
        for (var k = _open.Count - 1; k >= at; k--)
        {
            AppendEndTag(_open[k]);
        }
        _open.RemoveRange(at, _open.Count - at);
        _openHashes.RemoveRange(at, _openHashes.Count - at);
        _rootClosed = _open.Count == 0;
        _inLeaf = false;
        return next;
    }

    // The open element this end tag closes: the nearest with the same name, else the nearest
    // with the same name in another case. The hashes ignore case, so one vectorised search
    // of at most MaxDepth numbers finds every candidate of either kind.
    private int FindOpen(ReadOnlySpan<char> name, int hash)
    {
        var hashes = CollectionsMarshal.AsSpan(_openHashes);
        for (var pass = 0; pass < 2; pass++)
        {
            var comparison = pass == 0 ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            var limit = hashes.Length;
            while (limit > 0)
            {
                var k = hashes[..limit].LastIndexOf(hash);
                if (k < 0)
                {
                    break;
                }
                if (name.Equals(NameOf(_open[k]), comparison))
                {
                    return k;
                }
                limit = k;
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
        var i = ScanAttributes(nameEnd, out var selfClosing);
        var name = s.AsSpan(nameStart, nameEnd - nameStart);
        var isVoid = IsVoid(name);
        var opens = !selfClosing && !isVoid;
        if (_open.Count >= MaxDepth)
        {
            // Too deep for the reader: the tag goes, its text stays.
            if (opens)
            {
                _flattened.Add(Hash(name));
            }
            _inLeaf = opens;
            return i;
        }
        var shared = UsesSharedPrefix(nameStart, nameEnd);
        _out.Append('<');
        AppendName(nameStart, nameEnd, shared);
        if (_rootNameEnd < 0)
        {
            _rootNameEnd = _out.Length;
        }
        WriteAttributes();
        if (opens)
        {
            _out.Append('>');
            _open.Add(new OpenElement(nameStart, nameEnd - nameStart, shared));
            _openHashes.Add(Hash(name));
        }
        else
        {
            _out.Append("/>");
            if (_open.Count == 0)
            {
                _rootClosed = true;
            }
        }
        _inLeaf = opens;
        return i;
    }

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

    private static bool IsVoid(ReadOnlySpan<char> name)
    {
        if (name.Length is < 2 or > 6)
        {
            return false; // the common case, decided without a comparison
        }
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
