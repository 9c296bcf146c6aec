namespace Flusio.Feeds.Parsing;

/// <summary>
/// The modules RSS and Atom share (Dublin Core), read where the format's own elements
/// leave a field empty. The ranks of the dates, 0 being the format's own element:
/// published: pubDate, Atom published 0; Atom created, atom:published in RSS 1;
/// dcterms:issued 2; dc:date 3; dcterms:created 4. Updated: Atom updated 0;
/// dcterms:modified 1; dc:date 2. A feed's: lastBuildDate, Atom updated 0;
/// dcterms:modified 1; dc:date 2; RSS pubDate 3.
/// </summary>
internal sealed partial class XmlFeedReader
{
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
            case "subject": entry.AddCategory(ReadValue(null)); break;
            default: SkipElement(); break;
        }
    }
}
