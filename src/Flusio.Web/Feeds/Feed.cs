using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flusio.Web.Feeds;

/// <summary>
/// A feed known to the instance: one row per normalised URL, fetched once for all its
/// followers. Its entries are <see cref="Link"/>s with <see cref="Link.FeedId"/> set: the
/// feed is the collection of its entries.
/// </summary>
public sealed class Feed
{
    public Guid Id { get; set; }

    public string Url { get; set; } = "";

    public string UrlHash { get; set; } = "";

    /// <summary>The URL's host, for the per-host caps of the scheduler.</summary>
    public string Host { get; set; } = "";

    public string Title { get; set; } = "";

    public string? SiteUrl { get; set; }

    public string? Description { get; set; }

    public string? ETag { get; set; }

    public DateTimeOffset? LastModified { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the last fetch ended, whatever its outcome.</summary>
    public DateTimeOffset? CheckedAt { get; set; }

    /// <summary>When a fetch last returned the feed (200 or 304).</summary>
    public DateTimeOffset? FetchedAt { get; set; }

    public DateTimeOffset NextCheckAt { get; set; }

    /// <summary>The failure of the last fetch: a <see cref="FeedErrors"/> key; null when it went well.</summary>
    public string? ErrorKind { get; set; }

    public int? ErrorStatus { get; set; }

    /// <summary>Since when the feed fails without a success in between.</summary>
    public DateTimeOffset? ErrorSince { get; set; }

    public int FailureCount { get; set; }

    /// <summary>The server said 410 Gone: the feed is no longer fetched.</summary>
    public bool Gone { get; set; }

    /// <summary>
    /// What the last full fetch said of the feed's pace, kept for the 304s that follow (they
    /// bring no body): the newest entry's date, the median gap between the latest entries
    /// (seconds), and the RSS <c>ttl</c> (minutes). See <see cref="RefreshSchedule"/>.
    /// </summary>
    public DateTimeOffset? NewestEntryAt { get; set; }

    public int? EntryGapSeconds { get; set; }

    public int? TtlMinutes { get; set; }

    /// <summary>The rhythm the columns above keep; null when the feed has none (no entries, or fetched before they existed).</summary>
    public PublishingRhythm? Rhythm => NewestEntryAt is { } newest ? new PublishingRhythm(newest, EntryGapSeconds is { } gap ? TimeSpan.FromSeconds(gap) : null) : null;

    public void KeepPace(PublishingRhythm? rhythm, TimeSpan? ttl)
    {
        NewestEntryAt = rhythm?.Newest;
        EntryGapSeconds = rhythm?.MedianGap is { } gap ? (int)Math.Min(gap.TotalSeconds, int.MaxValue) : null;
        TtlMinutes = ttl is { } t ? (int)Math.Clamp(t.TotalMinutes, 0, int.MaxValue) : null;
    }
}

/// <summary>A user follows a feed, with a time filter and an optional group. A pair table: composite key.</summary>
public sealed class FeedFollow
{
    public Guid UserId { get; set; }

    public Guid FeedId { get; set; }

    public TimeFilter TimeFilter { get; set; } = TimeFilter.Normal;

    public Guid? GroupId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A user follows another user's collection: its links reach the user's news under the
/// time filter (counted from when each link was added to the collection), while the
/// collection is public or shared with the user. A pair table: composite key.
/// </summary>
public sealed class CollectionFollow
{
    public Guid UserId { get; set; }

    public Guid CollectionId { get; set; }

    public TimeFilter TimeFilter { get; set; } = TimeFilter.Normal;

    public Guid? GroupId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Which entries of a follow reach the news.</summary>
public enum TimeFilter
{
    /// <summary>Published in the last day.</summary>
    Strict,
    /// <summary>Published in the last week.</summary>
    Normal,
    /// <summary>Everything published since the follow.</summary>
    All,
}

/// <summary>A user's folder of follows and collections. Deleting it keeps them, in no group.</summary>
public sealed class Group
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>
/// An entry that retention removed. A feed that still lists it must not add it again. A pair
/// table: composite key.
/// </summary>
public sealed class FeedTombstone
{
    public Guid FeedId { get; set; }

    public string EntryKey { get; set; } = "";

    public DateTimeOffset TrimmedAt { get; set; }
}

internal sealed class FeedConfiguration : IEntityTypeConfiguration<Feed>
{
    public void Configure(EntityTypeBuilder<Feed> feed)
    {
        feed.ToTable("feeds");
        feed.HasKey(f => f.Id);
        feed.Property(f => f.Url).HasMaxLength(2048);
        feed.Property(f => f.UrlHash).HasMaxLength(32);
        feed.Property(f => f.Host).HasMaxLength(255);
        feed.Property(f => f.Title).HasMaxLength(500);
        feed.Property(f => f.SiteUrl).HasMaxLength(2048);
        feed.Property(f => f.ETag).HasColumnName("etag").HasMaxLength(500);
        feed.Property(f => f.ErrorKind).HasMaxLength(32);
        feed.HasIndex(f => f.UrlHash).IsUnique();
        feed.HasIndex(f => f.NextCheckAt);
        feed.Ignore(f => f.Rhythm);
        // The feed's entries: links with a feed_id.
        feed.HasMany<Link>().WithOne().HasForeignKey(l => l.FeedId).OnDelete(DeleteBehavior.Cascade);
        feed.HasMany<Link>().WithOne().HasForeignKey(l => l.SourceFeedId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class FeedFollowConfiguration : IEntityTypeConfiguration<FeedFollow>
{
    public void Configure(EntityTypeBuilder<FeedFollow> follow)
    {
        follow.ToTable("feed_follows");
        follow.HasKey(f => new { f.UserId, f.FeedId });
        follow.HasIndex(f => f.FeedId);
        follow.Property(f => f.TimeFilter).HasConversion<string>().HasMaxLength(8);
        follow.HasOne<Accounts.User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        follow.HasOne<Feed>().WithMany().HasForeignKey(f => f.FeedId).OnDelete(DeleteBehavior.Cascade);
        follow.HasOne<Group>().WithMany().HasForeignKey(f => f.GroupId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class GroupConfiguration : IEntityTypeConfiguration<Group>
{
    public void Configure(EntityTypeBuilder<Group> group)
    {
        group.ToTable("groups");
        group.HasKey(g => g.Id);
        group.Property(g => g.Name).HasMaxLength(100);
        group.HasIndex(g => new { g.UserId, g.Name }).IsUnique();
        group.HasOne<Accounts.User>().WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
        // Configured from here: Links knows nothing of groups.
        group.HasMany<Collection>().WithOne().HasForeignKey(c => c.GroupId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class CollectionFollowConfiguration : IEntityTypeConfiguration<CollectionFollow>
{
    public void Configure(EntityTypeBuilder<CollectionFollow> follow)
    {
        follow.ToTable("collection_follows");
        follow.HasKey(f => new { f.UserId, f.CollectionId });
        follow.HasIndex(f => f.CollectionId);
        follow.Property(f => f.TimeFilter).HasConversion<string>().HasMaxLength(8);
        follow.HasOne<Accounts.User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        follow.HasOne<Collection>().WithMany().HasForeignKey(f => f.CollectionId).OnDelete(DeleteBehavior.Cascade);
        follow.HasOne<Group>().WithMany().HasForeignKey(f => f.GroupId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class FeedTombstoneConfiguration : IEntityTypeConfiguration<FeedTombstone>
{
    public void Configure(EntityTypeBuilder<FeedTombstone> tombstone)
    {
        tombstone.ToTable("feed_tombstones");
        tombstone.HasKey(t => new { t.FeedId, t.EntryKey });
        tombstone.Property(t => t.EntryKey).HasMaxLength(32);
        tombstone.HasOne<Feed>().WithMany().HasForeignKey(t => t.FeedId).OnDelete(DeleteBehavior.Cascade);
    }
}
