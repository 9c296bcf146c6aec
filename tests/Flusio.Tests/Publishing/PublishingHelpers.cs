using System.Net;
using System.Xml.Linq;
using Flusio.Feeds.Parsing;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Links;
using Flusio.Web.Topics;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Publishing;

/// <summary>Seeding public and private things, fetching documents as a feed reader does, and Atom's structural rules.</summary>
internal static class PublishingHelpers
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>A fetched document: status, bytes, headers.</summary>
    public sealed record Fetched(HttpStatusCode Status, byte[] Body, string? ETag, string? ContentType)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);
    }

    public static async Task<Fetched> FetchAsync(this TestBrowser browser, string path, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        using var response = await browser.Client.SendAsync(request);
        return new Fetched(response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Headers.ETag?.ToString(), response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>
    /// <paramref name="count"/> links of the user's, added to <paramref name="collectionId"/> a minute
    /// apart from <paramref name="start"/> (whole seconds: Atom dates carry seconds), each with a description.
    /// </summary>
    public static Task<List<Link>> SeedLinksAsync(this FlusioApp app, Guid userId, Guid collectionId, int count, DateTimeOffset start, string prefix = "l", Func<int, bool>? hidden = null) =>
        app.WithDbAsync(async db =>
        {
            var links = new List<Link>();
            for (var i = 0; i < count; i++)
            {
                var at = start.AddMinutes(i);
                var url = $"https://site.example/{prefix}/{i}";
                var link = new Link
                {
                    Id = Guid.CreateVersion7(at), UserId = userId, Url = url, UrlHash = UrlHash.Of(url), Title = $"{prefix} link {i} <&>",
                    Description = $"About {prefix} {i}", PublishedAt = at, CreatedAt = at, IsHidden = hidden?.Invoke(i) ?? false,
                };
                db.Add(link);
                db.Add(new CollectionLink { CollectionId = collectionId, LinkId = link.Id, AddedAt = at });
                links.Add(link);
            }

            await db.SaveChangesAsync();
            return links;
        });

    public static Task<Guid> CreateTopicAsync(this FlusioApp app, string label) =>
        app.WithScopeAsync(async sp => (await sp.GetRequiredService<TopicStore>().CreateAsync(label, CancellationToken.None)).Topic!.Id);

    /// <summary>Parses with our own engine, after checking the Atom 1.0 rules a feed reader relies on (RFC 4287 4.1).</summary>
    public static ParsedFeed ParseAtom(Fetched fetched, string selfUrl)
    {
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.StartsWith("application/atom+xml", fetched.ContentType, StringComparison.Ordinal);
        Assert.Matches("^\"[0-9a-f]{32}\"$", fetched.ETag);
        CheckAtomStructure(fetched.Body, selfUrl);
        var parsed = FeedParser.Parse(fetched.Body);
        Assert.Equal(FeedFormat.Atom1, parsed.Format);
        return parsed;
    }

    public static void CheckAtomStructure(byte[] body, string selfUrl)
    {
        var feed = XDocument.Load(new MemoryStream(body)).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        foreach (var required in new[] { "id", "title", "updated" })
        {
            Assert.Single(feed.Elements(Atom + required));
        }

        Assert.True(Uri.IsWellFormedUriString(feed.Element(Atom + "id")!.Value, UriKind.Absolute), "the feed's id is an IRI");
        RequireDate(feed.Element(Atom + "updated")!);
        var self = Assert.Single(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        Assert.Equal(selfUrl, (string?)self.Attribute("href"));
        Assert.Single(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "alternate" && (string?)l.Attribute("type") == "text/html");
        var feedHasAuthor = feed.Elements(Atom + "author").Any(a => a.Element(Atom + "name") is { Value.Length: > 0 });
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            foreach (var required in new[] { "id", "title", "updated" })
            {
                Assert.Single(entry.Elements(Atom + required));
            }

            Assert.True(ids.Add(entry.Element(Atom + "id")!.Value), "entry ids are unique");
            RequireDate(entry.Element(Atom + "updated")!);
            if (entry.Element(Atom + "published") is { } published)
            {
                Assert.True(RequireDate(published) <= RequireDate(entry.Element(Atom + "updated")!), "published is not after updated");
            }

            Assert.True(feedHasAuthor || entry.Elements(Atom + "author").Any(), "every entry has an author, its own or the feed's");
            var alternate = entry.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") is null or "alternate").ToList();
            Assert.True(entry.Element(Atom + "content") is not null || alternate.Count > 0, "an entry has content or an alternate link");
            Assert.All(alternate, l => Assert.True(Uri.IsWellFormedUriString((string?)l.Attribute("href"), UriKind.Absolute)));
        }
    }

    private static DateTimeOffset RequireDate(XElement element)
    {
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", element.Value);
        return DateTimeOffset.Parse(element.Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
