using Flusio.Web.Data;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Collections;

/// <summary>What is wrong with a note as typed, translated by the page.</summary>
public enum NoteError
{
    Empty,
    TooLong,
}

/// <summary>
/// Notes on links: add, edit, delete, and the notes a page shows. A note goes on one of the
/// user's own links; acting on a feed's entry copies it into the account first (as reading
/// actions do), so the note is on the user's copy. Only a note's author changes it; another
/// user's ids find nothing (the pages answer 404). Who may read a note is who may see its
/// link: the caller has checked that (the reader view, a public collection's page) and asks
/// here only for visible links' notes.
/// </summary>
public sealed class LinkNotes(FlusioDbContext db, LinkLists lists, TimeProvider clock)
{
    /// <summary>The note's content as it is stored, or what is wrong with it.</summary>
    public static (string? Content, NoteError? Error) Check(string? content)
    {
        var trimmed = content?.Trim() ?? "";
        return trimmed.Length switch
        {
            0 => (null, NoteError.Empty),
            > Note.MaxContentLength => (null, NoteError.TooLong),
            _ => (trimmed, null),
        };
    }

    /// <summary>
    /// Adds a note to a link the user may see (their own, or a feed's entry, copied first).
    /// Found is false for any other link; on a wrong content nothing is written.
    /// Gives the user's link the note is on.
    /// </summary>
    public async Task<(bool Found, Guid? LinkId, NoteError? Error)> AddAsync(Guid userId, Guid linkId, string? content, CancellationToken cancellationToken)
    {
        var link = await lists.VisibleAsync(userId, linkId, cancellationToken);
        if (link is null)
        {
            return (false, null, null);
        }

        var (text, error) = Check(content);
        if (error is not null)
        {
            return (true, null, error);
        }

        var own = (await lists.OwnCopiesAsync(userId, [link], cancellationToken))[0];
        var now = clock.GetUtcNow();
        db.Add(new Note { Id = Guid.CreateVersion7(now), LinkId = own.Id, UserId = userId, Content = text!, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return (true, own.Id, null);
    }

    /// <summary>One of the user's notes, or null.</summary>
    public Task<Note?> FindOwnAsync(Guid userId, Guid noteId, CancellationToken cancellationToken) =>
        db.Set<Note>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == noteId && n.UserId == userId, cancellationToken);

    /// <summary>Changes one of the user's notes: null when it is not theirs, else the note and the input's error or none.</summary>
    public async Task<(Note Note, NoteError? Error)?> UpdateAsync(Guid userId, Guid noteId, string? content, CancellationToken cancellationToken)
    {
        var note = await db.Set<Note>().FirstOrDefaultAsync(n => n.Id == noteId && n.UserId == userId, cancellationToken);
        if (note is null)
        {
            return null;
        }

        var (text, error) = Check(content);
        if (error is not null)
        {
            return (note, error);
        }

        note.Content = text!;
        note.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return (note, null);
    }

    /// <summary>Deletes one of the user's notes and gives its link's id; null when it is not theirs.</summary>
    public async Task<Guid?> DeleteAsync(Guid userId, Guid noteId, CancellationToken cancellationToken)
    {
        var note = await db.Set<Note>().FirstOrDefaultAsync(n => n.Id == noteId && n.UserId == userId, cancellationToken);
        if (note is null)
        {
            return null;
        }

        db.Remove(note);
        await db.SaveChangesAsync(cancellationToken);
        return note.LinkId;
    }

    /// <summary>The notes of a link, oldest first. The caller has checked the viewer may see the link.</summary>
    public Task<List<Note>> OfLinkAsync(Guid linkId, CancellationToken cancellationToken) =>
        db.Set<Note>().AsNoTracking().Where(n => n.LinkId == linkId).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).ToListAsync(cancellationToken);

    /// <summary>
    /// What visitors of a public page may read of these links' notes: the notes their owner
    /// wrote, on links that are not hidden. One query for a page of links.
    /// </summary>
    public async Task<ILookup<Guid, Note>> PublicOfLinksAsync(IReadOnlyCollection<Guid> linkIds, CancellationToken cancellationToken)
    {
        var ids = linkIds.Distinct().ToList();
        var notes = ids.Count == 0
            ? []
            // The notes of these links by the notes' own index; the link checked by its key. (A
            // join on both columns let SQLite walk every note of the owner instead.)
            : await db.Set<Note>()
                .Where(note => ids.Contains(note.LinkId)
                    && db.Set<Link>().Any(link => link.Id == note.LinkId && !link.IsHidden && link.UserId == note.UserId))
                .OrderBy(note => note.CreatedAt).ThenBy(note => note.Id)
                .AsNoTracking().ToListAsync(cancellationToken);
        return notes.ToLookup(n => n.LinkId);
    }
}
