using System.Xml;
using Flusio.Feeds.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>
/// The modules feeds add to RSS and Atom (Dublin Core, iTunes, Media RSS), read where the
/// format's own elements leave a field empty. The ranks of the dates, 0 being the format's own:
/// published: pubDate, Atom published 0; Atom created, atom:published in RSS 1;
/// dcterms:issued 2; dc:date 3; dcterms:created 4. Updated: Atom updated 0;
/// dcterms:modified 1; dc:date 2. A feed's: lastBuildDate, Atom updated 0;
/// dcterms:modified 1; dc:date 2; RSS pubDate 3.
/// </summary>
internal sealed partial class XmlFeedReader
{
    // Dublin Core and DCMI terms in an RSS channel.
    private void ReadChannelDublinCore(string name, Uri? xmlBase)
    {
        switch (name)
        {
            case "title": _feed.Title.Offer(ReadPlainText(xmlBase), 1); break;
            case "description": _feed.Description.Offer(ReadValue(xmlBase), 1); break;
            case "language": _feed.Language.Offer(PlainText.Collapse(ReadValue(null)), 1); break;
            case "modified": OfferDate(_feed.Updated, 1); break;
            case "date": OfferDate(_feed.Updated, 2); break;
            case "subject": _feed.Categories.Add(ReadValue(null)); break;
            default: SkipElement(); break;
        }
    }

    // Dublin Core and DCMI terms in an RSS item or an Atom entry (both namespaces read as one).
    private void ReadEntryDublinCore(EntryBuilder entry, string name, Uri? xmlBase)
    {
        switch (name)
        {
            case "title": entry.Title.Offer(ReadPlainText(xmlBase), 1); break;
            case "description": entry.Summary.Offer(ReadValue(xmlBase), 1); break;
            case "date": OfferDate(entry.Published, 3, entry.Updated, 2); break;
            case "issued": OfferDate(entry.Published, 2); break;
            case "created": OfferDate(entry.Published, 4); break;
            case "modified": OfferDate(entry.Updated, 1); break;
            case "creator": entry.Author.Offer(AuthorNames.FromRss(ReadValue(null)), 1); break;
            case "author": entry.Author.Offer(AuthorNames.FromRss(ReadValue(null)), 2); break;
            case "identifier": entry.IdFallback ??= NullIfBlank(ReadValue(null)); break;
            case "subject": entry.Categories.Add(ReadValue(null)); break;
            default: SkipElement(); break;
        }
    }

    // iTunes in an RSS channel: the podcast's artwork, its summary, then its subtitle, and its categories.
    private void ReadChannelItunes(string name, Uri? xmlBase)
    {
        switch (name)
        {
            case "image":
                _feed.Image.Offer(Url(xmlBase, Attribute("href")), 1);
                SkipElement();
                break;
            case "summary": _feed.Description.Offer(ReadValue(xmlBase), 2); break;
            case "subtitle": _feed.Description.Offer(ReadValue(xmlBase), 3); break;
            case "category": ReadItunesCategory(_feed.Categories); break;
            default: SkipElement(); break;
        }
    }

    // iTunes in an RSS item: an episode's summary, then its subtitle, its author, its categories.
    private void ReadItemItunes(EntryBuilder entry, string name, Uri? xmlBase)
    {
        switch (name)
        {
            case "summary": entry.Summary.Offer(ReadValue(xmlBase), 3); break;
            case "subtitle": entry.Summary.Offer(ReadValue(xmlBase), 5); break;
            case "author": entry.Author.Offer(AuthorNames.FromRss(ReadValue(null)), 4); break;
            case "image":
                entry.Image.Offer(Url(xmlBase, Attribute("href")), 1);
                SkipElement();
                break;
            case "category": ReadItunesCategory(entry.Categories); break;
            default: SkipElement(); break;
        }
    }

    /// <summary>
    /// itunes:category text="Technology", and the subcategories it holds: each one's text is a
    /// category, parent first. Read in one pass without recursion, however deep they nest.
    /// </summary>
    private void ReadItunesCategory(CategoryList categories)
    {
        var r = _r;
        categories.Add(Attribute("text"));
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
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "category" && FeedNamespaces.Classify(r.NamespaceURI) == NsKind.Itunes)
            {
                categories.Add(Attribute("text"));
            }
        }
    }

    /// <summary>
    /// Media RSS in an RSS item or an Atom entry. media:group holds media:content elements and
    /// the elements they share; a media:content holds its own: both are read one level down
    /// only (<paramref name="nesting"/>), so no document makes this recurse further.
    /// </summary>
    private void ReadEntryMedia(EntryBuilder entry, string name, Uri? xmlBase, int nesting = 0)
    {
        switch (name)
        {
            case "title": entry.Title.Offer(ReadPlainText(xmlBase), 2); break;
            case "description": entry.Summary.Offer(ReadValue(xmlBase), 4); break;
            case "category":
                var label = Attribute("label");
                entry.Categories.Add(NullIfBlank(ReadValue(null)) ?? label);
                break;
            case "thumbnail":
                entry.Image.Offer(Url(xmlBase, Attribute("url")));
                SkipElement();
                break;
            case "content" when nesting < 2:
                entry.Enclosures.Add(Url(xmlBase, Attribute("url")), Attribute("type"), Attribute("fileSize"), media: true);
                ReadMediaChildren(entry, xmlBase, nesting + 1);
                break;
            case "group" when nesting == 0:
                ReadMediaChildren(entry, xmlBase, nesting + 1);
                break;
            default: SkipElement(); break;
        }
    }

    private void ReadMediaChildren(EntryBuilder entry, Uri? xmlBase, int nesting)
    {
        var r = _r;
        if (r.IsEmptyElement)
        {
            return;
        }
        var depth = r.Depth;
        while (NextChild(depth))
        {
            if (FeedNamespaces.Classify(r.NamespaceURI) == NsKind.Media)
            {
                ReadEntryMedia(entry, r.LocalName, BaseOf(xmlBase), nesting);
            }
            else
            {
                SkipElement();
            }
        }
    }
}
