using System.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>
/// Names in the repair: attributes read and written once each (the first
/// <see cref="XmlFeedReader.MaxAttributes"/> only), prefixes nobody declared either declared
/// on the root (those the parser reads: dc, media...) or folded into one shared prefix.
/// </summary>
internal sealed partial class XmlRepair
{
    // Reads the attributes of a start tag into _attributes, noting the prefixes they declare;
    // returns where the tag ends.
    private int ScanAttributes(int i, out bool selfClosing)
    {
        var s = _s;
        _attributes.Clear();
        selfClosing = false;
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
            i = Attribute(i);
        }
        if (i >= s.Length && !selfClosing && (s.Length == 0 || s[^1] != '>'))
        {
            selfClosing = true; // cut off inside the tag
        }
        return i;
    }

    private int Attribute(int i)
    {
        var s = _s;
        var nameStart = i;
        var nameEnd = NameEnd(i);
        i = nameEnd;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
        int valueStart = -1, valueEnd = -1;
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
        var name = s.AsSpan(nameStart, nameEnd - nameStart);
        if (name.StartsWith("xmlns:", StringComparison.Ordinal) && name.Length > 6)
        {
            _declaredPrefixes.GetAlternateLookup<ReadOnlySpan<char>>().Add(name[6..]);
        }
        if (_attributes.Count < MaxAttributes)
        {
            _attributes.Add(new Attr(nameStart, nameEnd, valueStart, valueEnd));
        }
        return i;
    }

    // Writes the attributes read by ScanAttributes, each name once (after prefixes are folded).
    private void WriteAttributes()
    {
        _written.Clear();
        HashSet<string>? many = null;
        foreach (var attr in _attributes)
        {
            var shared = UsesSharedPrefix(attr.NameStart, attr.NameEnd);
            if (!FirstOfItsName(attr, shared, ref many))
            {
                continue;
            }
            _out.Append(' ');
            AppendName(attr.NameStart, attr.NameEnd, shared);
            _out.Append("=\"");
            if (attr.ValueStart >= 0)
            {
                AppendText(attr.ValueStart, attr.ValueEnd, attribute: true);
            }
            else
            {
                _out.Append(_s, attr.NameStart, attr.NameEnd - attr.NameStart); // <input checked>
            }
            _out.Append('"');
        }
    }

    private bool FirstOfItsName(Attr attr, bool shared, ref HashSet<string>? many)
    {
        var local = shared ? LocalName(attr.NameStart, attr.NameEnd) : _s.AsSpan(attr.NameStart, attr.NameEnd - attr.NameStart);
        if (many is null && _written.Count < LinearAttributeCheck)
        {
            foreach (var (start, end, otherShared) in _written)
            {
                var other = otherShared ? LocalName(start, end) : _s.AsSpan(start, end - start);
                if (otherShared == shared && other.SequenceEqual(local))
                {
                    return false;
                }
            }
            _written.Add((attr.NameStart, attr.NameEnd, shared));
            return true;
        }
        // A tag with many attributes: a set, so that hostile tags stay linear.
        if (many is null)
        {
            many = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (start, end, otherShared) in _written)
            {
                many.Add(OutputName(start, end, otherShared));
            }
        }
        return many.Add(OutputName(attr.NameStart, attr.NameEnd, shared));
    }

    private string OutputName(int start, int end, bool shared) =>
        shared ? string.Concat(SharedPrefix, ":", LocalName(start, end)) : _s[start..end];

    // Whether the name's prefix is one nobody declared and the parser does not know: such a
    // prefix is written as SharedPrefix. A known one (dc, media...) is declared on the root.
    private bool UsesSharedPrefix(int nameStart, int nameEnd)
    {
        var name = _s.AsSpan(nameStart, nameEnd - nameStart);
        var colon = name.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }
        var prefix = name[..colon];
        if (prefix is "xml" or "xmlns" || _declaredPrefixes.GetAlternateLookup<ReadOnlySpan<char>>().Contains(prefix))
        {
            return false;
        }
        var known = _knownPrefixesUsed.GetAlternateLookup<ReadOnlySpan<char>>();
        if (known.Contains(prefix))
        {
            return false;
        }
        if (FeedNamespaces.KnownPrefix(prefix) is not null && _knownPrefixesUsed.Count < MaxRootDeclarations)
        {
            known.Add(prefix);
            return false;
        }
        _sharedPrefixUsed = true;
        return true;
    }

    private ReadOnlySpan<char> LocalName(int nameStart, int nameEnd)
    {
        var name = _s.AsSpan(nameStart, nameEnd - nameStart);
        return name[(name.IndexOf(':') + 1)..];
    }

    private void AppendName(int nameStart, int nameEnd, bool shared)
    {
        if (shared)
        {
            _out.Append(SharedPrefix).Append(':').Append(LocalName(nameStart, nameEnd));
        }
        else
        {
            _out.Append(_s, nameStart, nameEnd - nameStart);
        }
    }

    private void AppendEndTag(OpenElement element)
    {
        _out.Append("</");
        AppendName(element.NameStart, element.NameStart + element.NameLength, element.Shared);
        _out.Append('>');
    }

    private ReadOnlySpan<char> NameOf(OpenElement element) => _s.AsSpan(element.NameStart, element.NameLength);

    private static int Hash(ReadOnlySpan<char> name) => string.GetHashCode(name, StringComparison.OrdinalIgnoreCase);

    // The repaired text, with the namespace declarations the document lacked put on its root.
    private string Result()
    {
        if (_rootNameEnd < 0 || (_knownPrefixesUsed.Count == 0 && !_sharedPrefixUsed))
        {
            return _out.ToString();
        }
        var declarations = new StringBuilder();
        foreach (var prefix in _knownPrefixesUsed)
        {
            declarations.Append(" xmlns:").Append(prefix).Append("=\"").Append(FeedNamespaces.KnownPrefix(prefix)).Append('"');
        }
        if (_sharedPrefixUsed)
        {
            declarations.Append(" xmlns:").Append(SharedPrefix).Append("=\"").Append(SharedNamespace).Append('"');
        }
        var inserted = declarations.ToString();
        return string.Create(_out.Length + inserted.Length, (this, inserted), static (span, state) =>
        {
            var (repair, inserted) = state;
            var at = repair._rootNameEnd;
            repair._out.CopyTo(0, span, at);
            inserted.CopyTo(span[at..]);
            repair._out.CopyTo(at, span[(at + inserted.Length)..], repair._out.Length - at);
        });
    }
}
