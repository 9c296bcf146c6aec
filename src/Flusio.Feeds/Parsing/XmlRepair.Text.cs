using Flusio.Feeds.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>Text in the repair: references checked, markup characters escaped, illegal characters dropped.</summary>
internal sealed partial class XmlRepair
{
    // Text with its references checked: XML ones kept, HTML ones turned into
    // characters, anything else escaped; illegal characters dropped. Plain runs
    // are copied whole.
    private void AppendText(int start, int end, bool attribute = false)
    {
        var s = _s;
        var run = start;
        for (var i = start; i < end; i++)
        {
            var c = s[i];
            if (IsPlain(c, attribute))
            {
                continue;
            }
            _out.Append(s, run, i - run);
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
                case '"':
                    _out.Append("&quot;");
                    break;
                default:
                    AppendLegalChar(i);
                    break;
            }
            run = i + 1;
        }
        _out.Append(s, run, end - run);
    }

    private static bool IsPlain(char c, bool attribute) =>
        c >= ' ' && c is not ('&' or '<' or '>') && !(attribute && c == '"') && !char.IsSurrogate(c) && c < '\uFFFE';

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
            var decoded = _decoded.Clear();
            if (PlainText.TryDecode(s.AsSpan(amp, semi - amp + 1), decoded) > 0)
            {
                foreach (var chunk in decoded.GetChunks())
                {
                    foreach (var ch in chunk.Span)
                    {
                        AppendEscaped(ch);
                    }
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
        var run = start;
        for (var i = start; i < end; i++)
        {
            var c = _s[i];
            if (c >= ' ' && !char.IsSurrogate(c) && c < '\uFFFE')
            {
                continue;
            }
            _out.Append(_s, run, i - run);
            AppendLegalChar(i);
            run = i + 1;
        }
        _out.Append(_s, run, end - run);
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
}
