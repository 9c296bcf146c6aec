using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Flusio.Web.Publishing;

/// <summary>A person of a feed: a name and, when they have one, their profile's address.</summary>
public sealed record AtomPerson(string Name, Uri? Uri);

/// <summary>One entry as published: its id, title, where it leads, its dates, a plain summary and/or HTML content.</summary>
public sealed record AtomEntry(string Id, string Title, Uri Link, DateTimeOffset Published, DateTimeOffset Updated, string? Summary, string? HtmlContent, AtomPerson? Author = null);

/// <summary>An Atom feed as published: the self address (absolute), the HTML page, the hub if any.</summary>
public sealed record AtomFeed(string Id, string Title, string? Subtitle, DateTimeOffset Updated, AtomPerson Author, Uri Self, Uri Alternate, Uri? Hub, IReadOnlyList<AtomEntry> Entries);

/// <summary>A document ready to serve, and its strong ETag (a hash of its bytes).</summary>
public sealed record PublishedDocument(byte[] Body, string ETag)
{
    public static PublishedDocument Of(byte[] body) =>
        new(body, "\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16)) + "\"");
}

/// <summary>
/// Writes Atom 1.0 (RFC 4287) with an <see cref="XmlWriter"/>: every text is escaped by the
/// writer, never by concatenation. The same input gives the same bytes (no clock is read),
/// so the ETag of a feed changes only when what it says changes.
/// </summary>
public static class AtomWriter
{
    public const string Namespace = "http://www.w3.org/2005/Atom";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false, CheckCharacters = false };

    public static byte[] Write(AtomFeed feed)
    {
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, Settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("feed", Namespace);
            writer.WriteElementString("id", Namespace, feed.Id);
            Text(writer, "title", feed.Title);
            if (!string.IsNullOrWhiteSpace(feed.Subtitle))
            {
                Text(writer, "subtitle", feed.Subtitle);
            }

            writer.WriteElementString("updated", Namespace, Date(feed.Updated));
            Link(writer, "self", feed.Self, "application/atom+xml");
            Link(writer, "alternate", feed.Alternate, "text/html");
            if (feed.Hub is { } hub)
            {
                Link(writer, "hub", hub, null);
            }

            Person(writer, "author", feed.Author);
            writer.WriteStartElement("generator", Namespace);
            writer.WriteString("Flusio");
            writer.WriteEndElement();
            foreach (var entry in feed.Entries)
            {
                Entry(writer, entry);
            }

            writer.WriteEndElement();
        }

        return output.ToArray();
    }

    private static void Entry(XmlWriter writer, AtomEntry entry)
    {
        writer.WriteStartElement("entry", Namespace);
        writer.WriteElementString("id", Namespace, entry.Id);
        Text(writer, "title", entry.Title);
        Link(writer, "alternate", entry.Link, null);
        writer.WriteElementString("published", Namespace, Date(entry.Published));
        writer.WriteElementString("updated", Namespace, Date(entry.Updated > entry.Published ? entry.Updated : entry.Published));
        if (entry.Author is { } author)
        {
            Person(writer, "author", author);
        }

        if (!string.IsNullOrWhiteSpace(entry.Summary))
        {
            Text(writer, "summary", entry.Summary);
        }

        if (!string.IsNullOrWhiteSpace(entry.HtmlContent))
        {
            writer.WriteStartElement("content", Namespace);
            writer.WriteAttributeString("type", "html");
            writer.WriteString(Clean(entry.HtmlContent));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void Text(XmlWriter writer, string name, string? text)
    {
        writer.WriteStartElement(name, Namespace);
        writer.WriteAttributeString("type", "text");
        writer.WriteString(Clean(text ?? ""));
        writer.WriteEndElement();
    }

    private static void Link(XmlWriter writer, string rel, Uri href, string? type)
    {
        writer.WriteStartElement("link", Namespace);
        writer.WriteAttributeString("rel", rel);
        if (type is not null)
        {
            writer.WriteAttributeString("type", type);
        }

        writer.WriteAttributeString("href", href.AbsoluteUri);
        writer.WriteEndElement();
    }

    private static void Person(XmlWriter writer, string element, AtomPerson person)
    {
        writer.WriteStartElement(element, Namespace);
        writer.WriteElementString("name", Namespace, Clean(person.Name));
        if (person.Uri is { } uri)
        {
            writer.WriteElementString("uri", Namespace, uri.AbsoluteUri);
        }

        writer.WriteEndElement();
    }

    /// <summary>RFC 3339 in UTC to the second: what every reader parses.</summary>
    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Characters XML 1.0 cannot carry (control characters a pasted title may hold) are dropped, not written.</summary>
    private static string Clean(string text)
    {
        if (!text.Any(c => !XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c)))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
