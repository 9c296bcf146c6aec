using Flusio.Feeds.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>RSS 0.9x, 2.0 and 1.0 (RDF): one reader, since they share their vocabulary.</summary>
internal sealed partial class XmlFeedReader
{
    private static bool IsCore(NsKind kind) => kind is NsKind.None or NsKind.Rss;

    /// <summary>
    /// The kind of the current element's namespace, as RSS sees it. RSS has no namespace, but
    /// feeds put it in one as their default (UserLand's, or one of their own): an unprefixed
    /// element of a namespace the parser does not know is read as RSS.
    /// </summary>
    private NsKind RssKind()
    {
        var kind = FeedNamespaces.Classify(_r.NamespaceURI);
        return kind == NsKind.Other && _r.Prefix.Length == 0 ? NsKind.Rss : kind;
    }

    // The root of RSS 2.0 holds the channel; the root of RDF holds channel, image and items side by side.
    private void ReadRssContainer(Uri? xmlBase)
    {
        var r = _r;
        if (r.IsEmptyElement)
        {
            return;
        }
        var depth = r.Depth;
        while (NextChild(depth))
        {
            var kind = RssKind();
            if (!IsCore(kind))
            {
                SkipElement();
                continue;
            }
            switch (r.LocalName)
            {
                case "channel":
                    ReadChannel(BaseOf(xmlBase));
                    break;
                case "item":
                    _feed.Entries.Add(ReadRssItem(BaseOf(xmlBase)));
                    break;
                case "image":
                    ReadRssImage(BaseOf(xmlBase));
                    break;
                default:
                    SkipElement();
                    break;
            }
        }
    }

    private void ReadChannel(Uri? xmlBase)
    {
        var r = _r;
        _feed.Language.Offer(r.XmlLang, 2);
        if (r.IsEmptyElement)
        {
            return;
        }
        var depth = r.Depth;
        while (NextChild(depth))
        {
            var kind = RssKind();
            var name = r.LocalName;
            if (IsCore(kind))
            {
                ReadChannelElement(name, xmlBase);
            }
            else if (kind == NsKind.DublinCore)
            {
                ReadChannelDublinCore(name, xmlBase);
            }
            else if (kind == NsKind.Atom && name == "link")
            {
                var rel = Attribute("rel");
                if (rel is null or "alternate")
                {
                    _feed.Link.Offer(Url(BaseOf(xmlBase), Attribute("href")), 1);
                }
                SkipElement();
            }
            else if (kind == NsKind.Itunes)
            {
                ReadChannelItunes(name, BaseOf(xmlBase));
            }
            else
            {
                SkipElement();
            }
        }
    }

    private void ReadChannelElement(string name, Uri? xmlBase)
    {
        switch (name)
        {
            case "title":
                _feed.Title.Offer(ReadPlainText(BaseOf(xmlBase)));
                break;
            case "link":
                var elementBase = BaseOf(xmlBase);
                var href = Attribute("href");
                _feed.Link.OfferLast(Url(elementBase, href ?? ReadValue(null)));
                if (href is not null)
                {
                    SkipElement();
                }
                break;
            case "description":
                _feed.Description.Offer(ReadValue(BaseOf(xmlBase)));
                break;
            case "language":
                _feed.Language.Offer(PlainText.Collapse(ReadValue(null)));
                break;
            case "lastBuildDate":
                OfferDate(_feed.Updated);
                break;
            case "pubDate":
                OfferDate(_feed.Updated, 3);
                break;
            case "image":
                ReadRssImage(BaseOf(xmlBase));
                break;
            case "category":
                _feed.Categories.Add(ReadValue(null));
                break;
            case "ttl" when _feed.Ttl is null:
                _feed.Ttl = Ttl(ReadValue(null));
                break;
            case "item":
                _feed.Entries.Add(ReadRssItem(BaseOf(xmlBase)));
                break;
            default:
                SkipElement();
                break;
        }
    }

    // A longest cache time of zero, negative or over a week is a mistake, not a wish to follow.
    private static readonly TimeSpan MaxTtl = TimeSpan.FromDays(7);

    /// <summary>RSS ttl, a number of minutes; null unless between a minute and <see cref="MaxTtl"/>.</summary>
    private static TimeSpan? Ttl(string minutes) =>
        int.TryParse(minutes, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)
        && n > 0 && n <= MaxTtl.TotalMinutes
            ? TimeSpan.FromMinutes(n)
            : null;

    private void ReadRssImage(Uri? xmlBase)
    {
        var r = _r;
        // RDF's channel points at its image with rdf:resource; the image element itself holds <url>.
        _feed.Image.Offer(Url(xmlBase, r.GetAttribute("resource", FeedNamespaces.Rdf)), 1);
        if (r.IsEmptyElement)
        {
            return;
        }
        var depth = r.Depth;
        while (NextChild(depth))
        {
            if (r.LocalName == "url" && IsCore(RssKind()))
            {
                _feed.Image.Offer(Url(xmlBase, ReadValue(null)));
            }
            else
            {
                SkipElement();
            }
        }
    }

    private ParsedEntry ReadRssItem(Uri? xmlBase)
    {
        var r = _r;
        var entry = new EntryBuilder { IdFallback = NullIfBlank(r.GetAttribute("about", FeedNamespaces.Rdf)) };
        if (r.IsEmptyElement)
        {
            return entry.Build();
        }
        var depth = r.Depth;
        while (NextChild(depth))
        {
            var kind = RssKind();
            var name = r.LocalName;
            var elementBase = BaseOf(xmlBase);
            switch (kind)
            {
                case NsKind.None:
                case NsKind.Rss:
                    ReadItemElement(entry, name, elementBase);
                    break;
                case NsKind.Content when name == "encoded":
                    entry.Content.Offer(ReadValue(elementBase));
                    break;
                case NsKind.DublinCore:
                    ReadEntryDublinCore(entry, name, elementBase);
                    break;
                case NsKind.Atom:
                    ReadItemAtom(entry, name, elementBase);
                    break;
                case NsKind.Itunes:
                    ReadItemItunes(entry, name, elementBase);
                    break;
                case NsKind.Media:
                    ReadEntryMedia(entry, name, elementBase);
                    break;
                default:
                    SkipElement();
                    break;
            }
        }
        return entry.Build();
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private void ReadItemElement(EntryBuilder entry, string name, Uri? xmlBase)
    {
        switch (name)
        {
            case "title":
                entry.Title.Offer(ReadPlainText(xmlBase));
                break;
            case "link":
                var href = Attribute("href");
                entry.Link.OfferLast(Url(xmlBase, href ?? ReadValue(null)));
                if (href is not null)
                {
                    SkipElement();
                }
                break;
            case "description":
                entry.Summary.Offer(ReadValue(xmlBase));
                break;
            case "guid":
                var permaLink = !string.Equals(Attribute("isPermaLink"), "false", StringComparison.OrdinalIgnoreCase);
                var guid = NullIfBlank(ReadValue(null));
                entry.Id ??= guid;
                if (permaLink && guid is not null && (guid.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || guid.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
                {
                    entry.PermaLink ??= guid;
                }
                break;
            case "pubDate":
                OfferDate(entry.Published);
                break;
            case "author":
                entry.Author.Offer(AuthorNames.FromRss(ReadValue(null)));
                break;
            case "category":
                entry.Categories.Add(ReadValue(null));
                break;
            case "enclosure":
                entry.Enclosures.Add(Url(xmlBase, Attribute("url")), Attribute("type"), Attribute("length"));
                SkipElement();
                break;
            default:
                SkipElement();
                break;
        }
    }

    // Atom elements embedded in RSS items: used where RSS has nothing.
    private void ReadItemAtom(EntryBuilder entry, string name, Uri? xmlBase)
    {
        switch (name)
        {
            case "link":
                var rel = Attribute("rel");
                if (rel is null or "alternate")
                {
                    entry.Link.Offer(Url(xmlBase, Attribute("href")), 1);
                }
                SkipElement();
                break;
            case "content":
                entry.Content.Offer(ReadAtomText(xmlBase, out _), 1);
                break;
            case "summary":
                entry.Summary.Offer(ReadAtomText(xmlBase, out _), 2);
                break;
            case "published":
                OfferDate(entry.Published, 1);
                break;
            case "updated":
                OfferDate(entry.Updated);
                break;
            case "author":
                entry.Author.Offer(ReadAtomPerson(), 3);
                break;
            default:
                SkipElement();
                break;
        }
    }
}
