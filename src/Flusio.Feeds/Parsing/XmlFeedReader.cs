using System.Text;
using System.Xml;
using Flusio.Feeds.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>
/// Reads RSS, RDF and Atom documents in one forward pass of an
/// <see cref="XmlReader"/>, with DTDs ignored and no resolver: an entity the
/// document declares is never expanded and nothing outside the body is read.
/// This file holds the shared machinery (values, markup, xml:base); the
/// formats live in the Rss and Atom parts.
/// </summary>
internal sealed partial class XmlFeedReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CheckCharacters = true,
        MaxCharactersFromEntities = 1024,
        ConformanceLevel = ConformanceLevel.Document,
    };

    /// <summary>
    /// The deepest element read (the root is at 0). An XML reader keeps a record per open
    /// element, so a document nested millions deep costs hundreds of bytes per level: deeper
    /// documents go to <see cref="XmlRepair"/>, which flattens what lies below this depth.
    /// No feed comes near it: an entry's markup sits a handful of levels under the root.
    /// </summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// The most attributes on one element: beyond it the text goes to <see cref="XmlRepair"/>,
    /// which keeps the first ones (see <see cref="XmlPrescan.HasCrowdedTag"/>).
    /// </summary>
    public const int MaxAttributes = 128;

    private readonly XmlReader _r;
    private readonly Uri? _feedUrl;
    private readonly FeedBuilder _feed = new();
    private readonly Stack<Uri?> _bases = new();

    private XmlFeedReader(XmlReader reader, Uri? feedUrl)
    {
        _r = reader;
        _feedUrl = feedUrl;
    }

    /// <summary>
    /// Parses <paramref name="text"/>; throws <see cref="XmlException"/> when it is not
    /// well-formed or nested deeper than <see cref="MaxDepth"/>.
    /// </summary>
    public static ParsedFeed Read(string text, Uri? feedUrl)
    {
        using var stringReader = new StringReader(text);
        using var xml = XmlReader.Create(stringReader, Settings);
        return new XmlFeedReader(xml, feedUrl).ReadDocument();
    }

    private ParsedFeed ReadDocument()
    {
        var r = _r;
        if (r.MoveToContent() != XmlNodeType.Element)
        {
            throw new FeedParseException(FeedParseError.NotAFeed, "The document has no content");
        }
        var name = r.LocalName;
        var ns = r.NamespaceURI;
        var xmlBase = BaseOf(null);
        switch (name)
        {
            case "rss":
                var version = r.GetAttribute("version")?.Trim() ?? "";
                _feed.Format = version.StartsWith("0.9", StringComparison.Ordinal) ? FeedFormat.Rss09x : FeedFormat.Rss2;
                _feed.Language.Offer(r.XmlLang, 2);
                ReadRssContainer(xmlBase);
                break;
            case "RDF":
                _feed.Format = r.LookupNamespace("") == FeedNamespaces.Rss090 ? FeedFormat.Rss09x : FeedFormat.Rss1;
                _feed.Language.Offer(r.XmlLang, 2);
                ReadRssContainer(xmlBase);
                break;
            case "channel":
                _feed.Format = FeedFormat.Rss09x;
                ReadChannel(xmlBase);
                break;
            case "feed":
                _feed.Format = ns == FeedNamespaces.Atom03 || r.GetAttribute("version") == "0.3" ? FeedFormat.Atom03 : FeedFormat.Atom1;
                ReadAtomFeed(xmlBase);
                break;
            case "entry" when ns is FeedNamespaces.Atom10 or FeedNamespaces.Atom03:
                _feed.Format = ns == FeedNamespaces.Atom03 ? FeedFormat.Atom03 : FeedFormat.Atom1;
                _feed.Entries.Add(ReadAtomEntry(xmlBase));
                break;
            default:
                if (name.Equals("html", StringComparison.OrdinalIgnoreCase))
                {
                    throw new FeedParseException(FeedParseError.Html, "This is an HTML page, not a feed");
                }
                // A prefix the repair folded away says nothing: the local name does.
                var shown = ns == XmlRepair.SharedNamespace ? r.LocalName : r.Name;
                throw new FeedParseException(FeedParseError.NotAFeed, $"This is an XML document ({Truncated(shown)}), not a feed");
        }
        // Read to the end so that a broken tail is noticed, as a strict reader should.
        while (Read())
        {
        }
        return _feed.Build();
    }

    /// <summary>The reader's Read, refusing to go deeper than <see cref="MaxDepth"/>.</summary>
    private bool Read()
    {
        var r = _r;
        if (!r.Read())
        {
            return false;
        }
        if (r.Depth >= MaxDepth && r.NodeType == XmlNodeType.Element)
        {
            throw new XmlException($"Elements are nested deeper than {MaxDepth} levels");
        }
        return true;
    }

    private static string Truncated(string name) => name.Length > 40 ? name[..40] : name;

    /// <summary>Advances to the next child element of the element at <paramref name="depth"/>; false at its end.</summary>
    private bool NextChild(int depth)
    {
        var r = _r;
        while (Read())
        {
            var type = r.NodeType;
            if (type == XmlNodeType.Element)
            {
                if (r.Depth == depth + 1)
                {
                    return true;
                }
            }
            else if (type == XmlNodeType.EndElement && r.Depth <= depth)
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>Moves to the end of the current element without looking inside.</summary>
    private void SkipElement()
    {
        var r = _r;
        if (r.IsEmptyElement)
        {
            return;
        }
        var depth = r.Depth;
        while (Read())
        {
            if (r.NodeType == XmlNodeType.EndElement && r.Depth == depth)
            {
                return;
            }
        }
    }

    /// <summary>The xml:base in effect for the current element, given its parent's.</summary>
    private Uri? BaseOf(Uri? parent)
    {
        var r = _r;
        if (!r.HasAttributes)
        {
            return parent;
        }
        var value = r.GetAttribute("base", FeedNamespaces.Xml);
        if (string.IsNullOrWhiteSpace(value))
        {
            return parent;
        }
        var resolved = Urls.Resolve(parent ?? _feedUrl, value);
        // Only a web address can be the base of the links a reader follows.
        return resolved is not null && Uri.TryCreate(resolved, UriKind.Absolute, out var uri) && Urls.IsWeb(uri) ? uri : parent;
    }

    /// <summary>
    /// A link, image or enclosure address for <paramref name="value"/>, absolute against xml:base
    /// then the feed URL; null unless http or https (or relative, when no base is known).
    /// </summary>
    private string? Url(Uri? xmlBase, string? value) => Urls.Link(xmlBase ?? _feedUrl, value);

    private string? Attribute(string name)
    {
        var value = _r.GetAttribute(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

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
