using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flusio.Web.Topics;

/// <summary>
/// A subject public collections are found by (discovery). The instance's administrators
/// make them (`flusio topics`); owners tag their collections with them.
/// </summary>
public sealed class Topic
{
    /// <summary>UUIDv7: topics appear in URLs (/discovery/{id}).</summary>
    public Guid Id { get; set; }

    /// <summary>As the administrator typed it, at most <see cref="MaxLabelLength"/> characters.</summary>
    public string Label { get; set; } = "";

    /// <summary>The label in upper case (invariant): unique, so two labels never differ only by case.</summary>
    public string NormalizedLabel { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public const int MaxLabelLength = 50;

    public static string Normalize(string label) => label.Trim().ToUpperInvariant();
}

/// <summary>A collection tagged with a topic. A pair table: composite key, no row id.</summary>
public sealed class CollectionTopic
{
    public Guid CollectionId { get; set; }

    public Guid TopicId { get; set; }
}

internal sealed class TopicConfiguration : IEntityTypeConfiguration<Topic>
{
    public void Configure(EntityTypeBuilder<Topic> topic)
    {
        topic.ToTable("topics");
        topic.HasKey(t => t.Id);
        topic.Property(t => t.Label).HasMaxLength(Topic.MaxLabelLength);
        topic.Property(t => t.NormalizedLabel).HasMaxLength(Topic.MaxLabelLength);
        topic.HasIndex(t => t.NormalizedLabel).IsUnique();
    }
}

internal sealed class CollectionTopicConfiguration : IEntityTypeConfiguration<CollectionTopic>
{
    public void Configure(EntityTypeBuilder<CollectionTopic> entry)
    {
        entry.ToTable("collection_topics");
        entry.HasKey(e => new { e.CollectionId, e.TopicId });
        entry.HasIndex(e => e.TopicId);
        entry.HasOne<Links.Collection>().WithMany().HasForeignKey(e => e.CollectionId).OnDelete(DeleteBehavior.Cascade);
        entry.HasOne<Topic>().WithMany().HasForeignKey(e => e.TopicId).OnDelete(DeleteBehavior.Cascade);
    }
}
