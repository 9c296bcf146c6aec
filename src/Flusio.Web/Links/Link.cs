using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flusio.Web.Links;

/// <summary>
/// A URL with its title and dates. A link belongs either to a feed (one of its entries,
/// <see cref="FeedId"/> set, fetched once for every follower) or to one user
/// (<see cref="UserId"/> set). Acting on a feed's link (read later, mark read, dismiss)
/// copies it into the user's account: one link per (user, URL), found by <see cref="UrlHash"/>.
/// </summary>
public sealed class Link
{
    /// <summary>UUIDv7: links appear in URLs (/links/{id}).</summary>
    public Guid Id { get; set; }

    public Guid? UserId { get; set; }

    public Guid? FeedId { get; set; }

    public string Url { get; set; } = "";

    /// <summary>See <see cref="Links.UrlHash"/>: equal for URLs that differ only in case of scheme and host, default port or fragment.</summary>
    public string UrlHash { get; set; } = "";

    /// <summary>A feed entry's stable identity within its feed (see <c>FeedEntries.Key</c>); null for a user's link.</summary>
    public string? EntryKey { get; set; }

    public string Title { get; set; } = "";

    /// <summary>Cleaned HTML, safe to render.</summary>
    public string? Summary { get; set; }

    /// <summary>Cleaned HTML of the full entry, shown by the reader view.</summary>
    public string? Content { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>For a user's copy: the feed it came from, shown as its source.</summary>
    public Guid? SourceFeedId { get; set; }

    /// <summary>For a user's copy: the feed link it was copied from, whose content the reader view shows.</summary>
    public Guid? SourceLinkId { get; set; }

    /// <summary>Plain text from the page's metadata (or the entry's summary), at most <see cref="MaxDescriptionLength"/>.</summary>
    public string? Description { get; set; }

    /// <summary>Estimated minutes to read the page; null until known.</summary>
    public int? ReadingMinutes { get; set; }

    /// <summary>The card-sized illustration: a content-addressed path under the media folder (never a remote URL).</summary>
    public string? IllustrationPath { get; set; }

    /// <summary>The page's language as it declares it (BCP 47, e.g. "fr", "en-GB"); picks the search configuration.</summary>
    public string? Language { get; set; }

    /// <summary>A user's link can be hidden: kept in its collections, never shown to anyone else.</summary>
    public bool IsHidden { get; set; }

    /// <summary>Where reading the page's metadata stands: null for a feed's entry, else see <see cref="LinkMetadataState"/>.</summary>
    public LinkMetadataState? MetadataState { get; set; }

    /// <summary>When the page's metadata was last fetched (or tried).</summary>
    public DateTimeOffset? MetadataFetchedAt { get; set; }

    /// <summary>Why the last metadata fetch failed, in the engine's words (its error kind and detail); null once it succeeds.</summary>
    public string? MetadataError { get; set; }

    /// <summary>Failed metadata fetches in a row.</summary>
    public int MetadataAttempts { get; set; }

    /// <summary>The feeds the page announces (<c>&lt;link rel=alternate&gt;</c>), as JSON (see <see cref="PageFeed"/>); null until its page is read.</summary>
    public string? PageFeeds { get; set; }

    /// <summary>The user set the title: reading the page again keeps it.</summary>
    public bool TitleEdited { get; set; }

    /// <summary>The user set the reading time: reading the page again keeps it.</summary>
    public bool ReadingMinutesEdited { get; set; }

    public const int MaxDescriptionLength = 1_000;
}

/// <summary>A feed a link's page announces.</summary>
public sealed record PageFeed(string Url, string? Title);

/// <summary>Where reading a saved link's page stands.</summary>
public enum LinkMetadataState
{
    /// <summary>Saved, its page not read yet: the URL is its title.</summary>
    Pending,
    /// <summary>Its page was read: title, description, reading time as found.</summary>
    Fetched,
    /// <summary>Its page could not be read; <see cref="Link.MetadataError"/> says why. Retried on 408, 429 and 5xx only.</summary>
    Failed,
}

internal sealed class LinkConfiguration : IEntityTypeConfiguration<Link>
{
    public void Configure(EntityTypeBuilder<Link> link)
    {
        link.ToTable("links");
        link.HasKey(l => l.Id);
        link.Property(l => l.Url).HasMaxLength(2048);
        link.Property(l => l.UrlHash).HasMaxLength(32);
        link.Property(l => l.EntryKey).HasMaxLength(32);
        link.Property(l => l.Title).HasMaxLength(500);
        link.Property(l => l.Description).HasMaxLength(Link.MaxDescriptionLength);
        link.Property(l => l.IllustrationPath).HasMaxLength(200);
        link.Property(l => l.Language).HasMaxLength(35);
        link.Property(l => l.MetadataState).HasConversion<string>().HasMaxLength(16);
        link.Property(l => l.MetadataError).HasMaxLength(500);
        link.Property(l => l.PageFeeds).HasMaxLength(20_000);
        // A user's links have no feed, a feed's links no user: each index holds only its own
        // kind of link (the filter is the same SQL on both providers, and a query naming a
        // feed or a user implies it). A refresh writes feed entries by the hundred thousand;
        // they enter no index of users' links.
        link.HasIndex(l => new { l.FeedId, l.EntryKey }).IsUnique().HasFilter("feed_id IS NOT NULL");
        link.HasIndex(l => new { l.UserId, l.UrlHash }).IsUnique().HasFilter("user_id IS NOT NULL");
        link.HasIndex(l => new { l.UserId, l.CreatedAt, l.Id }).HasFilter("user_id IS NOT NULL");
        link.HasIndex(l => new { l.FeedId, l.PublishedAt, l.Id }).HasFilter("feed_id IS NOT NULL");
        link.HasIndex(l => l.SourceLinkId).HasFilter("source_link_id IS NOT NULL");
        link.HasOne<Accounts.User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        link.HasOne<Link>().WithMany().HasForeignKey(l => l.SourceLinkId).OnDelete(DeleteBehavior.SetNull);
    }
}
