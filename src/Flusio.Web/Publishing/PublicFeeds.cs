using System.Text;
using System.Xml;
using Flusio.Feeds.Text;
using Flusio.Web.Collections;
using Flusio.Web.Configuration;
using Flusio.Web.Reading;
using Flusio.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Flusio.Web.Publishing;

/// <summary>
/// The instance's public documents: the Atom feed of a public collection, of a profile and of
/// the notes of a public link, and the OPML of a profile's collections. Every address in them
/// is absolute, built from BASE_URL (never from the request's Host header). They read only
/// through <see cref="PublicCatalog"/> and the listing's public queries, so nothing private
/// can reach them; each returns null where the page would answer 404.
/// </summary>
public sealed class PublicFeeds(PublicCatalog catalog, LinkListing listing, DescriptionRenderer descriptions, FlusioSettings settings, IStringLocalizer<SharedResource> t)
{
    /// <summary>How many entries a feed carries: the latest ones.</summary>
    public const int MaxEntries = 30;

    public async Task<PublishedDocument?> CollectionAsync(Guid id, bool direct, CancellationToken cancellationToken)
    {
        if (await catalog.FindCollectionAsync(id, cancellationToken) is not { } found)
        {
            return null;
        }

        var collection = found.Collection;
        var page = await listing.ListCollectionForOthersAsync(id, null, MaxEntries, cancellationToken);
        var entries = page.Items.Select(item => new AtomEntry(
            EntryId(item.Id),
            item.Title,
            direct ? new Uri(item.Url) : Absolute($"/collections/{id}/links/{item.Id}"),
            item.ListedAt,
            item.ListedAt,
            item.Description,
            null,
            Person(found.OwnerName))).ToList();
        var updated = Max(collection.UpdatedAt ?? collection.CreatedAt, entries.Select(e => e.Updated));
        var feed = new AtomFeed(
            $"urn:uuid:{collection.Id}",
            collection.Name!,
            Excerpt(collection.Description, 500),
            updated,
            Person(found.OwnerName),
            Absolute($"/collections/{id}/feed.atom.xml" + (direct ? "?direct=true" : "")),
            Absolute($"/collections/{id}"),
            settings.WebSubHubUrl,
            entries);
        return PublishedDocument.Of(AtomWriter.Write(feed));
    }

    public async Task<PublishedDocument?> ProfileAsync(string userName, CancellationToken cancellationToken)
    {
        if (await catalog.FindProfileAsync(userName, cancellationToken) is not { } owner)
        {
            return null;
        }

        var page = await listing.ListPublicOfUserAsync(owner.Id, null, MaxEntries, cancellationToken);
        var places = await catalog.PublicPlacesAsync([.. page.Items.Select(i => i.Id)], cancellationToken);
        var entries = page.Items.Select(item => new AtomEntry(
            EntryId(item.Id),
            item.Title,
            places.TryGetValue(item.Id, out var collectionId) ? Absolute($"/collections/{collectionId}/links/{item.Id}") : new Uri(item.Url),
            item.ListedAt,
            item.ListedAt,
            item.Description,
            null,
            Person(owner.UserName))).ToList();
        var feed = new AtomFeed(
            $"urn:uuid:{owner.Id}",
            t["Links of {0}", owner.UserName],
            null,
            Max(owner.CreatedAt, entries.Select(e => e.Updated)),
            Person(owner.UserName),
            Absolute($"/p/{Uri.EscapeDataString(owner.UserName)}/feed.atom.xml"),
            ProfileUrl(owner.UserName),
            settings.WebSubHubUrl,
            entries);
        return PublishedDocument.Of(AtomWriter.Write(feed));
    }

    public async Task<PublishedDocument?> NotesAsync(Guid linkId, CancellationToken cancellationToken)
    {
        if (await catalog.FindPublicLinkAsync(linkId, cancellationToken) is not { } found)
        {
            return null;
        }

        var page = Absolute($"/collections/{found.In.Collection.Id}/links/{linkId}");
        var entries = found.Notes.TakeLast(MaxEntries).Reverse().Select(note => new AtomEntry(
            $"urn:uuid:{note.Id}",
            PlainText.Truncate(PlainText.Collapse(note.Content) ?? "", 80),
            new Uri(page, $"#note-{note.Id}"),
            note.CreatedAt,
            note.UpdatedAt,
            null,
            descriptions.Render(note.Content).ToString(),
            Person(note.AuthorName))).ToList();
        var feed = new AtomFeed(
            $"urn:uuid:{linkId}",
            t["Notes on “{0}”", found.Link.Title],
            found.Link.Description,
            Max(found.Link.CreatedAt, entries.Select(e => e.Updated)),
            Person(found.In.OwnerName),
            Absolute($"/links/{linkId}/feed.atom.xml"),
            page,
            settings.WebSubHubUrl,
            entries);
        return PublishedDocument.Of(AtomWriter.Write(feed));
    }

    /// <summary>OPML 2.0 of a profile's public collections: one rss outline each, its Atom feed and its page.</summary>
    public async Task<PublishedDocument?> OpmlAsync(string userName, CancellationToken cancellationToken)
    {
        if (await catalog.FindProfileAsync(userName, cancellationToken) is not { } owner)
        {
            return null;
        }

        var collections = await catalog.CollectionsOfAsync(owner, cancellationToken);
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("opml");
            writer.WriteAttributeString("version", "2.0");
            writer.WriteStartElement("head");
            writer.WriteElementString("title", t["Collections of {0}", owner.UserName]);
            writer.WriteElementString("ownerName", owner.UserName);
            writer.WriteElementString("ownerId", ProfileUrl(owner.UserName).AbsoluteUri);
            writer.WriteEndElement();
            writer.WriteStartElement("body");
            foreach (var collection in collections)
            {
                writer.WriteStartElement("outline");
                writer.WriteAttributeString("type", "rss");
                writer.WriteAttributeString("text", collection.Name);
                writer.WriteAttributeString("title", collection.Name);
                writer.WriteAttributeString("xmlUrl", Absolute($"/collections/{collection.Id}/feed.atom.xml").AbsoluteUri);
                writer.WriteAttributeString("htmlUrl", Absolute($"/collections/{collection.Id}").AbsoluteUri);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        return PublishedDocument.Of(output.ToArray());
    }

    /// <summary>A description's Markdown as plain text, at most <paramref name="maxLength"/> characters.</summary>
    public string? Excerpt(string? markdown, int maxLength) =>
        string.IsNullOrWhiteSpace(markdown) ? null : PlainText.FromHtml(descriptions.Render(markdown).ToString(), maxLength);

    /// <summary>An address of this instance: BASE_URL (its path kept) followed by <paramref name="path"/>.</summary>
    public Uri Absolute(string path) => new(settings.BaseUrl.AbsoluteUri.TrimEnd('/') + path);

    public Uri ProfileUrl(string userName) => Absolute($"/p/{Uri.EscapeDataString(userName)}");

    private AtomPerson Person(string userName) => new(userName, ProfileUrl(userName));

    private static string EntryId(Guid linkId) => $"urn:uuid:{linkId}";

    private static DateTimeOffset Max(DateTimeOffset floor, IEnumerable<DateTimeOffset> dates) =>
        dates.Aggregate(floor, (a, b) => a > b ? a : b);
}
