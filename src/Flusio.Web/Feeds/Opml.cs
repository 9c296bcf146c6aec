using System.Text;
using System.Xml;

namespace Flusio.Web.Feeds;

/// <summary>One feed of an OPML document: its address, title, and the outline (group) it sits in.</summary>
public sealed record OpmlFeed(Uri Url, string? Title, string? Group);

/// <summary>An OPML document that cannot be imported, with why, for the person who sent it.</summary>
public sealed class OpmlException(string message) : Exception(message);

/// <summary>
/// OPML in and out. Reading takes the outlines with an <c>xmlUrl</c> (http or https), their
/// group being the text of the outline they sit in; no DTD, no entity, a size cap, so a
/// hostile file costs no more than its size. Writing gives an OPML 2.0 of the follows.
/// </summary>
public static class Opml
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxFeeds = 20_000;

    public static IReadOnlyList<OpmlFeed> Read(Stream input)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            Async = false,
        };
        var feeds = new List<OpmlFeed>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var groups = new Stack<string?>();
        var sawOpml = false;
        try
        {
            using var reader = XmlReader.Create(input, settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 0)
                {
                    if (reader.LocalName != "opml")
                    {
                        throw new OpmlException("This file is not OPML: its root element is not <opml>.");
                    }

                    sawOpml = true;
                }

                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "outline")
                {
                    var xmlUrl = reader.GetAttribute("xmlUrl")?.Trim();
                    var text = Clean(reader.GetAttribute("title")) ?? Clean(reader.GetAttribute("text"));
                    if (!string.IsNullOrEmpty(xmlUrl))
                    {
                        if (Uri.TryCreate(xmlUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                            && seen.Add(Links.UrlHash.Of(url.AbsoluteUri)))
                        {
                            if (feeds.Count == MaxFeeds)
                            {
                                throw new OpmlException($"This file lists more than {MaxFeeds} feeds.");
                            }

                            feeds.Add(new OpmlFeed(url, text, groups.Count > 0 ? groups.Peek() : null));
                        }
                    }

                    if (!reader.IsEmptyElement)
                    {
                        // A folder: its outlines go into the group named by its text (the nearest folder wins).
                        groups.Push(string.IsNullOrEmpty(xmlUrl) ? text ?? (groups.Count > 0 ? groups.Peek() : null) : groups.Count > 0 ? groups.Peek() : null);
                    }
                }
                else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "outline" && groups.Count > 0)
                {
                    groups.Pop();
                }
            }
        }
        catch (XmlException e)
        {
            throw new OpmlException($"This file is not valid OPML (line {e.LineNumber}): {e.Message}");
        }

        if (!sawOpml)
        {
            throw new OpmlException("This file is empty or not OPML.");
        }

        return feeds;
    }

    private static string? Clean(string? text) => Flusio.Feeds.Text.PlainText.Collapse(text) is { Length: > 0 } clean ? clean : null;

    public static string Write(string title, IEnumerable<FollowedFeed> follows, DateTimeOffset now)
    {
        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            writer.WriteStartElement("opml");
            writer.WriteAttributeString("version", "2.0");
            writer.WriteStartElement("head");
            writer.WriteElementString("title", title);
            writer.WriteElementString("dateCreated", now.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndElement();
            writer.WriteStartElement("body");
            foreach (var group in follows.GroupBy(f => f.Group).OrderBy(g => g.Key is not null).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                if (group.Key is not null)
                {
                    writer.WriteStartElement("outline");
                    writer.WriteAttributeString("text", group.Key);
                }

                foreach (var feed in group)
                {
                    writer.WriteStartElement("outline");
                    writer.WriteAttributeString("type", "rss");
                    writer.WriteAttributeString("text", feed.Title);
                    writer.WriteAttributeString("title", feed.Title);
                    writer.WriteAttributeString("xmlUrl", feed.Url);
                    if (feed.SiteUrl is { } site)
                    {
                        writer.WriteAttributeString("htmlUrl", site);
                    }

                    writer.WriteEndElement();
                }

                if (group.Key is not null)
                {
                    writer.WriteEndElement();
                }
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        return output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }
}
