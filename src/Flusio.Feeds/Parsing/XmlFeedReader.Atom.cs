using System.Text;
using Flusio.Feeds.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>Atom 1.0 and its predecessor 0.3 (and the no-namespace Atom some sites serve).</summary>
internal sealed partial class XmlFeedReader
{
    private static bool IsAtom(string ns, string rootNs) => ns == rootNs || FeedNamespaces.Classify(ns) == NsKind.Atom;

    private void ReadAtomFeed(Uri? xmlBase)
    {
        var r = _r;
        var rootNs = r.NamespaceURI;
        _feed.Language.Offer(r.XmlLang, 1);
        if (r.IsEmptyElement)
        {
            return;
        }
        var depth = r.Depth;
        while (NextChild(depth))
        {
            var ns = r.NamespaceURI;
            if (!IsAtom(ns, rootNs))
            {
                var dublinCore = FeedNamespaces.Classify(ns) == NsKind.DublinCore;
                if (dublinCore && r.LocalName == "language")
                {
                    _feed.Language.Offer(PlainText.Collapse(ReadValue(null)));
                }
                else if (dublinCore && r.LocalName == "modified")
                {
                    OfferDate(_feed.Updated, 1);
                }
                else
                {
                    SkipElement();
                }
                continue;
            }
            var elementBase = BaseOf(xmlBase);
            switch (r.LocalName)
            {
                case "title":
                    _feed.Title.Offer(TitleText(elementBase));
                    break;
                case "subtitle":
                case "tagline":
                    _feed.Description.Offer(ReadAtomText(elementBase, out _));
                    break;
                case "link":
                    var rel = Attribute("rel");
                    if (rel is null or "alternate")
                    {
                        _feed.Link.Offer(Url(elementBase, Attribute("href")), IsHtmlType(Attribute("type")) ? 0 : 1);
                    }
                    SkipElement();
                    break;
                case "updated":
                case "modified":
                    OfferDate(_feed.Updated);
                    break;
                case "logo":
                    _feed.Image.Offer(Url(elementBase, ReadValue(null)));
                    break;
                case "icon":
                    _feed.Image.Offer(Url(elementBase, ReadValue(null)), 1);
                    break;
                case "category":
                    _feed.Categories.Add(Attribute("term") ?? Attribute("label"));
                    SkipElement();
                    break;
                case "entry":
                    _feed.Entries.Add(ReadAtomEntry(elementBase));
                    break;
                default:
                    SkipElement();
                    break;
            }
        }
    }

    private static bool IsHtmlType(string? type) => type is null || type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);

    private ParsedEntry ReadAtomEntry(Uri? xmlBase)
    {
        var r = _r;
        var rootNs = r.NamespaceURI;
        var entry = new EntryBuilder();
        if (r.IsEmptyElement)
        {
            return entry.Build();
        }
        var depth = r.Depth;
        while (NextChild(depth))
        {
            var ns = r.NamespaceURI;
            var elementBase = BaseOf(xmlBase);
            if (!IsAtom(ns, rootNs))
            {
                ReadAtomEntryExtension(entry, elementBase);
                continue;
            }
            switch (r.LocalName)
            {
                case "id":
                    var id = NullIfBlank(ReadValue(null));
                    // A relative id means the author counted on xml:base.
                    entry.Id ??= id is not null && elementBase is not null && !Urls.HasScheme(id) ? Urls.Resolve(elementBase, id) : id;
                    break;
                case "title":
                    entry.Title.Offer(TitleText(elementBase));
                    break;
                case "link":
                    ReadAtomLink(entry, elementBase);
                    break;
                case "summary":
                    entry.Summary.Offer(ReadAtomText(elementBase, out _));
                    break;
                case "content":
                    var src = Attribute("src");
                    var content = ReadAtomText(elementBase, out _);
                    entry.Content.Offer(content);
                    if (src is not null)
                    {
                        entry.Link.Offer(Url(elementBase, src), 2);
                    }
                    break;
                case "published":
                case "issued":
                    OfferDate(entry.Published);
                    break;
                case "created":
                    OfferDate(entry.Published, 1);
                    break;
                case "updated":
                case "modified":
                    OfferDate(entry.Updated);
                    break;
                case "author":
                    entry.Author.Offer(ReadAtomPerson());
                    break;
                case "category":
                    entry.Categories.Add(Attribute("term") ?? Attribute("label"));
                    SkipElement();
                    break;
                default:
                    SkipElement();
                    break;
            }
        }
        return entry.Build();
    }

    private void ReadAtomEntryExtension(EntryBuilder entry, Uri? xmlBase)
    {
        var r = _r;
        switch (FeedNamespaces.Classify(r.NamespaceURI), r.LocalName)
        {
            case (NsKind.DublinCore, var name):
                ReadEntryDublinCore(entry, name, xmlBase);
                break;
            case (NsKind.Media, var name):
                ReadEntryMedia(entry, name, xmlBase);
                break;
            default:
                SkipElement();
                break;
        }
    }

    private void ReadAtomLink(EntryBuilder entry, Uri? xmlBase)
    {
        var rel = Attribute("rel");
        var href = Url(xmlBase, Attribute("href"));
        if (rel is null or "alternate")
        {
            entry.Link.Offer(href, IsHtmlType(Attribute("type")) ? 0 : 1);
        }
        else if (rel == "enclosure")
        {
            entry.Enclosures.Add(href, Attribute("type"), Attribute("length"));
        }
        SkipElement();
    }

    /// <summary>The name of an Atom person (author, contributor), never its e-mail.</summary>
    private string? ReadAtomPerson()
    {
        var r = _r;
        if (r.IsEmptyElement)
        {
            return null;
        }
        string? name = null;
        var depth = r.Depth;
        while (NextChild(depth))
        {
            if (r.LocalName == "name" && name is null)
            {
                name = PlainText.FromHtml(ReadValue(null));
            }
            else
            {
                SkipElement();
            }
        }
        return name;
    }

    private string? TitleText(Uri? xmlBase)
    {
        var value = ReadAtomText(xmlBase, out var isText);
        return isText ? PlainText.Collapse(value) : PlainText.FromHtml(value);
    }

    /// <summary>
    /// An Atom text construct. 1.0 says type="text|html|xhtml"; 0.3 said a MIME
    /// type and mode="xml|escaped|base64". <paramref name="isText"/> tells
    /// whether the result is plain text rather than HTML.
    /// </summary>
    private string ReadAtomText(Uri? xmlBase, out bool isText)
    {
        var type = (Attribute("type") ?? "text").ToLowerInvariant();
        var mode = Attribute("mode")?.ToLowerInvariant();
        var xhtml = type is "xhtml" or "application/xhtml+xml";
        isText = type is "text" or "text/plain";
        var html = type is "html" or "text/html";
        var value = ReadValue(xmlBase, xhtml ? DivWrapper.Xhtml : html ? DivWrapper.Html : DivWrapper.Content);
        if (mode == "base64" || IsBase64Type(type))
        {
            value = DecodeBase64(value);
        }
        if (!isText && xmlBase is not null && value.Length > 0 && value.Contains('<', StringComparison.Ordinal))
        {
            value = Markup.ResolveUrls(value, xmlBase);
        }
        return value;
    }

    // Atom 1.0: a media type that is neither text nor XML means the content is base64.
    private static bool IsBase64Type(string type) =>
        type.Contains('/', StringComparison.Ordinal)
        && !type.StartsWith("text/", StringComparison.Ordinal)
        && !type.EndsWith("+xml", StringComparison.Ordinal)
        && !type.EndsWith("/xml", StringComparison.Ordinal);

    private static string DecodeBase64(string value)
    {
        var buffer = new byte[(value.Length * 3 / 4) + 3];
        // Text that merely looks like base64 ("test") decodes to bytes that are not UTF-8: keep it as written.
        return Convert.TryFromBase64String(value, buffer, out var written) && System.Text.Unicode.Utf8.IsValid(buffer.AsSpan(0, written))
            ? Encoding.UTF8.GetString(buffer, 0, written).Trim()
            : value;
    }
}
