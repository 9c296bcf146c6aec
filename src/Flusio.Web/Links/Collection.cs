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
}

/// <summary>A named set of a user's links. For now the four system lists; user collections follow.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The product's own word for it.")]
public sealed class Collection
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public CollectionKind Kind { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A link in a collection. A pair table: composite key, no row id.</summary>
public sealed class CollectionLink
{
    public Guid CollectionId { get; set; }

    public Guid LinkId { get; set; }

    public DateTimeOffset AddedAt { get; set; }
}

internal sealed class CollectionConfiguration : IEntityTypeConfiguration<Collection>
{
    public void Configure(EntityTypeBuilder<Collection> collection)
    {
        collection.ToTable("collections");
        collection.HasKey(c => c.Id);
        collection.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        collection.HasIndex(c => new { c.UserId, c.Kind }).IsUnique();
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
