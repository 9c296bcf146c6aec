using System.Xml;

namespace Flusio.Feeds.Parsing;

/// <summary>
/// Reads RSS, RDF and Atom documents in one forward pass of an
/// <see cref="XmlReader"/>, with DTDs ignored and no resolver: an entity the
/// document declares is never expanded and nothing outside the body is read.
/// This file holds the shared machinery (depth, navigation, xml:base, URLs);
/// values and markup live in the Values part, the formats in the Rss and Atom parts.
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
}
