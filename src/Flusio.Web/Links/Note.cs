using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flusio.Web.Links;

/// <summary>
/// A user's note on a link: Markdown as typed (rendered, then cleaned by the one sanitiser, when
/// shown). A note is visible wherever its link is visible; only its author edits or deletes it.
/// </summary>
public sealed class Note
{
    /// <summary>UUIDv7: notes appear in URLs (/notes/{id}/edit) and feeds.</summary>
    public Guid Id { get; set; }

    public Guid LinkId { get; set; }

    public Guid UserId { get; set; }

    public string Content { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public const int MaxContentLength = 10_000;
}

internal sealed class NoteConfiguration : IEntityTypeConfiguration<Note>
{
    public void Configure(EntityTypeBuilder<Note> note)
    {
        note.ToTable("notes");
        note.HasKey(n => n.Id);
        note.Property(n => n.Content).HasMaxLength(Note.MaxContentLength);
        note.HasIndex(n => new { n.LinkId, n.CreatedAt });
        note.HasIndex(n => n.UserId);
        note.HasOne<Link>().WithMany().HasForeignKey(n => n.LinkId).OnDelete(DeleteBehavior.Cascade);
        note.HasOne<Accounts.User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
