using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flusio.Web.Links;

/// <summary>The kinds of collections. The system lists exist once per user, from the first time they are needed.</summary>
public enum CollectionKind
{
    /// <summary>The daily journal, filled from the follows by "What's new".</summary>
    News,
    /// <summary>Bookmarks.</summary>
    ReadLater,
    /// <summary>The reading history.</summary>
    Read,
    /// <summary>Never shown again.</summary>
    Dismissed,
    /// <summary>Made by the user: named, described, public or private; any number of them.</summary>
    Collection,
}

/// <summary>
/// A set of a user's links: one of the four system lists (no name), or a collection the user
/// made (<see cref="CollectionKind.Collection"/>: a name, a Markdown description, public or private).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The product's own word for it.")]
public sealed class Collection
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public CollectionKind Kind { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A user collection's name (at most <see cref="MaxNameLength"/>); null for a system list.</summary>
    public string? Name { get; set; }

    /// <summary>A user collection's description, its Markdown source as typed: rendered and cleaned when shown.</summary>
    public string? Description { get; set; }

    /// <summary>A public collection's page is visible to anyone, anonymous visitors included.</summary>
    public bool IsPublic { get; set; }

    /// <summary>When its name, description or visibility last changed; null for a system list.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>The owner's group it is listed under (see <c>groups</c>), or none.</summary>
    public Guid? GroupId { get; set; }

    public const int MaxNameLength = 100;

    public const int MaxDescriptionLength = 10_000;
}

/// <summary>A link in a collection. A pair table: composite key, no row id.</summary>
public sealed class CollectionLink
{
    public Guid CollectionId { get; set; }

    public Guid LinkId { get; set; }

    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>
/// A user collection shared with another user, who may read it (even when private) and,
/// with <see cref="CanWrite"/>, add and remove its links. A pair table: composite key.
/// </summary>
public sealed class CollectionShare
{
    public Guid CollectionId { get; set; }

    public Guid UserId { get; set; }

    public bool CanWrite { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class CollectionConfiguration : IEntityTypeConfiguration<Collection>
{
    public void Configure(EntityTypeBuilder<Collection> collection)
    {
        collection.ToTable("collections");
        collection.HasKey(c => c.Id);
        collection.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        collection.Property(c => c.Name).HasMaxLength(Collection.MaxNameLength);
        collection.Property(c => c.Description).HasMaxLength(Collection.MaxDescriptionLength);
        // One of each system list per user, any number of user collections: the filter is
        // the same SQL on both providers (the kind is stored as its name).
        collection.HasIndex(c => new { c.UserId, c.Kind }).IsUnique().HasFilter("kind <> 'Collection'");
        collection.HasOne<Accounts.User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CollectionLinkConfiguration : IEntityTypeConfiguration<CollectionLink>
{
    public void Configure(EntityTypeBuilder<CollectionLink> entry)
    {
        entry.ToTable("collection_links");
        entry.HasKey(e => new { e.CollectionId, e.LinkId });
        entry.HasIndex(e => new { e.CollectionId, e.AddedAt, e.LinkId });
        entry.HasIndex(e => e.LinkId);
        entry.HasOne<Collection>().WithMany().HasForeignKey(e => e.CollectionId).OnDelete(DeleteBehavior.Cascade);
        entry.HasOne<Link>().WithMany().HasForeignKey(e => e.LinkId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CollectionShareConfiguration : IEntityTypeConfiguration<CollectionShare>
{
    public void Configure(EntityTypeBuilder<CollectionShare> share)
    {
        share.ToTable("collection_shares");
        share.HasKey(s => new { s.CollectionId, s.UserId });
        share.HasIndex(s => s.UserId);
        share.HasOne<Collection>().WithMany().HasForeignKey(s => s.CollectionId).OnDelete(DeleteBehavior.Cascade);
        share.HasOne<Accounts.User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
