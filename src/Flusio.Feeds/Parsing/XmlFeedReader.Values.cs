using System.Text;
using System.Xml;
using Flusio.Feeds.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>
/// Values in the XML reader: an element's text, or the markup a feed did not escape
/// written out as HTML, with the wrapper div of Atom's text constructs dropped.
/// </summary>
internal sealed partial class XmlFeedReader
{
    /// <summary>
    /// The content of the current element: its text, or, when it holds child
    /// elements (markup a feed did not escape), that markup as HTML. Leaves the
    /// reader on the element's end. <paramref name="wrapper"/> says what a lone
    /// div around the content means (Atom's type="xhtml" and type="html").
    /// </summary>
    private string ReadValue(Uri? xmlBase, DivWrapper wrapper = DivWrapper.Content)
    {
        var r = _r;
        if (r.IsEmptyElement)
        {
            return "";
        }
        var depth = r.Depth;
        string? first = null;
        var firstIsCData = false;
        List<(string Text, bool CData)>? pieces = null;
        StringBuilder? html = null;
        var elements = 0;
        var textOutside = false;
        (int Start, int End, bool OnlyText) inner = default;
        var innerIsXhtml = false;
        while (Read())
        {
            var type = r.NodeType;
            if (type == XmlNodeType.EndElement && r.Depth == depth)
            {
                break;
            }
            switch (type)
            {
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    var value = r.Value;
                    var cdata = type == XmlNodeType.CDATA;
                    textOutside |= type is XmlNodeType.Text or XmlNodeType.CDATA && !string.IsNullOrWhiteSpace(value);
                    if (html is not null)
                    {
                        AppendPiece(html, value, cdata);
                    }
                    else if (first is null && pieces is null)
                    {
                        first = value;
                        firstIsCData = cdata;
                    }
                    else
                    {
                        pieces ??= [(first!, firstIsCData)];
                        pieces.Add((value, cdata));
                    }
                    break;
                case XmlNodeType.Element:
                    if (html is null)
                    {
                        html = new StringBuilder();
                        if (pieces is not null)
                        {
                            foreach (var (text, isCData) in pieces)
                            {
                                AppendPiece(html, text, isCData);
                            }
                        }
                        else if (first is not null)
                        {
                            AppendPiece(html, first, firstIsCData);
                        }
                    }
                    elements++;
                    var isDiv = r.LocalName == "div";
                    var isXhtml = r.NamespaceURI == FeedNamespaces.Xhtml;
                    var span = SerializeElement(html, xmlBase);
                    if (isDiv)
                    {
                        inner = span;
                        innerIsXhtml = isXhtml;
                    }
                    break;
            }
        }
        if (html is not null)
        {
            var lone = elements == 1 && !textOutside && inner.End > inner.Start;
            if (lone && wrapper == DivWrapper.Xhtml)
            {
                return html.ToString(inner.Start, inner.End - inner.Start).Trim();
            }
            if (lone && wrapper == DivWrapper.Html && innerIsXhtml && inner.OnlyText)
            {
                // type="html" around an xhtml div of escaped markup: the div's text is the HTML.
                return Markup.Unescape(html.ToString(inner.Start, inner.End - inner.Start)).Trim();
            }
            return html.ToString().Trim();
        }
        if (pieces is not null)
        {
            var sb = new StringBuilder();
            foreach (var (text, _) in pieces)
            {
                sb.Append(text);
            }
            return sb.ToString().Trim();
        }
        return first?.Trim() ?? "";
    }

    private static void AppendPiece(StringBuilder html, string text, bool cdata)
    {
        if (cdata)
        {
            html.Append(text);
        }
        else
        {
            Markup.AppendEscaped(html, text);
        }
    }

    /// <summary>
    /// Writes the current element and its subtree as HTML, without recursion,
    /// resolving href and src against xml:base. Returns where its content
    /// starts and ends in <paramref name="sb"/>, and whether it holds only text.
    /// </summary>
    private (int Start, int End, bool OnlyText) SerializeElement(StringBuilder sb, Uri? xmlBase)
    {
        var r = _r;
        var startDepth = r.Depth;
        var bases = _bases;
        bases.Clear();
        var contentStart = 0;
        var onlyText = true;
        do
        {
            switch (r.NodeType)
            {
                case XmlNodeType.Element:
                    onlyText &= r.Depth == startDepth;
                    var elementBase = BaseOf(bases.Count > 0 ? bases.Peek() : xmlBase);
                    var name = r.LocalName;
                    sb.Append('<').Append(name);
                    if (r.MoveToFirstAttribute())
                    {
                        do
                        {
                            if (r.Prefix == "xmlns" || r.LocalName == "xmlns" || r.NamespaceURI == FeedNamespaces.Xml)
                            {
                                continue;
                            }
                            var attrName = r.LocalName;
                            var value = r.Value;
                            if (elementBase is not null && attrName is "href" or "src")
                            {
                                value = Urls.Resolve(elementBase, value) ?? value;
                            }
                            sb.Append(' ').Append(attrName).Append("=\"");
                            Markup.AppendEscaped(sb, value, attribute: true);
                            sb.Append('"');
                        }
                        while (r.MoveToNextAttribute());
                        r.MoveToElement();
                    }
                    if (r.IsEmptyElement)
                    {
                        sb.Append('>');
                        if (!Markup.IsVoid(name))
                        {
                            sb.Append("</").Append(name).Append('>');
                        }
                        if (r.Depth == startDepth)
                        {
                            return (sb.Length, sb.Length, true);
                        }
                    }
                    else
                    {
                        sb.Append('>');
                        if (r.Depth == startDepth)
                        {
                            contentStart = sb.Length;
                        }
                        bases.Push(elementBase);
                    }
                    break;
                case XmlNodeType.EndElement:
                    var contentEnd = sb.Length;
                    sb.Append("</").Append(r.LocalName).Append('>');
                    if (bases.Count > 0)
                    {
                        bases.Pop();
                    }
                    if (r.Depth == startDepth)
                    {
                        return (contentStart, contentEnd, onlyText);
                    }
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    Markup.AppendEscaped(sb, r.Value);
                    break;
            }
        }
        while (Read());
        return (contentStart, sb.Length, onlyText);
    }

    /// <summary>The value of the current element as one line of plain text.</summary>
    private string? ReadPlainText(Uri? xmlBase) => PlainText.FromHtml(ReadValue(xmlBase));

    private DateTimeOffset? ReadDate() => FeedDates.Parse(ReadValue(null));

    /// <summary>Offers the current element's date to <paramref name="choice"/>, reading it only if it could be kept.</summary>
    private void OfferDate(DateChoice choice, int rank = 0)
    {
        if (choice.Wants(rank))
        {
            choice.Offer(ReadDate(), rank);
        }
        else
        {
            SkipElement();
        }
    }

    /// <summary>Offers one date to two choices (dc:date dates both the publication and the update).</summary>
    private void OfferDate(DateChoice first, int firstRank, DateChoice second, int secondRank)
    {
        if (first.Wants(firstRank) || second.Wants(secondRank))
        {
            var date = ReadDate();
            first.Offer(date, firstRank);
            second.Offer(date, secondRank);
        }
        else
        {
            SkipElement();
        }
    }
}

/// <summary>What a lone div around an element's content stands for.</summary>
internal enum DivWrapper
{
    /// <summary>Nothing special: the div is part of the content.</summary>
    Content,

    /// <summary>Atom type="xhtml": the div is a wrapper, not content (RFC 4287, 3.1.1.3).</summary>
    Xhtml,

    /// <summary>Atom type="html" holding an xhtml div of escaped markup: the div's text is the HTML.</summary>
    Html,
}
