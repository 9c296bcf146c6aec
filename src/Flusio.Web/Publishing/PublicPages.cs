using Flusio.Web.Collections;
using Flusio.Web.Reading;
using Flusio.Web.Topics;
using Microsoft.AspNetCore.Html;

namespace Flusio.Web.Publishing;

/// <summary>A profile: its owner, public collections (each with an excerpt of its description) and a page of its public links.</summary>
public sealed record ProfilePage(ProfileOwner Owner, IReadOnlyList<(PublicCollectionSummary Collection, string? Excerpt)> Collections, LinkPage Links, string? After);

/// <summary>Discovery: the topics, and those of one topic's public collections when one is chosen.</summary>
public sealed record DiscoveryPage(IReadOnlyList<DiscoveryTopic> Topics, Topic? Topic, IReadOnlyList<(PublicCollectionSummary Collection, string? Excerpt)> Collections);

/// <summary>A public link's page: the link, the collection it is shown in, its rendered notes.</summary>
public sealed record PublicLinkPage(PublicLink Found, IReadOnlyList<(PublicNote Note, IHtmlContent Html)> Notes);

/// <summary>The public pages' models, each from the catalog's public reads only (see <see cref="PublicCatalog"/>).</summary>
public sealed class PublicPages(PublicCatalog catalog, LinkListing listing, PublicFeeds feeds, DescriptionRenderer descriptions)
{
    public const int ExcerptLength = 200;

    /// <summary>A profile, or null when there is none (unknown or disabled account).</summary>
    public async Task<ProfilePage?> ProfileAsync(string userName, string? after, CancellationToken cancellationToken)
    {
        if (await catalog.FindProfileAsync(userName, cancellationToken) is not { } owner)
        {
            return null;
        }

        var collections = await catalog.CollectionsOfAsync(owner, cancellationToken);
        var links = await listing.ListPublicOfUserAsync(owner.Id, Cursor.Parse(after), LinkListing.DefaultPageSize, cancellationToken);
        return new ProfilePage(owner, [.. collections.Select(c => (c, feeds.Excerpt(c.Description, ExcerptLength)))], links, after);
    }

    /// <summary>The topics; with <paramref name="topicId"/>, its public collections too (null when it is not a topic).</summary>
    public async Task<DiscoveryPage?> DiscoveryAsync(Guid? topicId, CancellationToken cancellationToken)
    {
        var topics = await catalog.TopicsAsync(cancellationToken);
        if (topicId is not { } id)
        {
            return new DiscoveryPage(topics, null, []);
        }

        if (await catalog.FindTopicAsync(id, cancellationToken) is not { } topic)
        {
            return null;
        }

        var collections = await catalog.CollectionsOfTopicAsync(id, cancellationToken);
        return new DiscoveryPage(topics, topic, [.. collections.Select(c => (c, feeds.Excerpt(c.Description, ExcerptLength)))]);
    }

    /// <summary>A visible link of a public collection, or null.</summary>
    public async Task<PublicLinkPage?> LinkAsync(Guid collectionId, Guid linkId, CancellationToken cancellationToken) =>
        await catalog.FindLinkAsync(collectionId, linkId, cancellationToken) is { } found
            ? new PublicLinkPage(found, [.. found.Notes.Select(n => (n, descriptions.Render(n.Content)))])
            : null;
}
