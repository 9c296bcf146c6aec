using Flusio.Web.Links;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Collections;

/// <summary>A note's form: the link it is on, what was typed, what is wrong with it.</summary>
public sealed record NoteFormPage(Guid LinkId, Guid? NoteId, string? Content, string? Message);

/// <summary>The notes of a link as a page shows them, with the form to add one when the viewer may.</summary>
public sealed record NotesSection(Guid LinkId, IReadOnlyList<(Note Note, IHtmlContent Html)> Notes, Guid? ViewerId, bool CanAdd);

/// <summary>Notes on links: add one to a link, edit or delete one's own. Others' ids answer 404.</summary>
[Authorize]
public sealed class NotesController(LinkNotes notes) : FlusioController
{
    [HttpPost("/links/{id:guid}/notes")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Add(Guid id, string? content, CancellationToken cancellationToken)
    {
        var (found, linkId, error) = await notes.AddAsync(User.UserId()!.Value, id, content, cancellationToken);
        if (!found)
        {
            return NotFound();
        }

        if (error is not null)
        {
            return Invalid(new NoteFormPage(id, null, content, Describe(error.Value)));
        }

        Flash(T["Note added."]);
        return LocalRedirect($"/links/{linkId}#notes");
    }

    [HttpGet("/notes/{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken) =>
        await notes.FindOwnAsync(User.UserId()!.Value, id, cancellationToken) is { } note
            ? View("Form", new NoteFormPage(note.LinkId, note.Id, note.Content, null))
            : NotFound();

    [HttpPost("/notes/{id:guid}/edit")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Update(Guid id, string? content, CancellationToken cancellationToken)
    {
        if (await notes.UpdateAsync(User.UserId()!.Value, id, content, cancellationToken) is not { } updated)
        {
            return NotFound();
        }

        if (updated.Error is { } error)
        {
            return Invalid(new NoteFormPage(updated.Note.LinkId, id, content, Describe(error)));
        }

        Flash(T["Note saved."]);
        return LocalRedirect($"/links/{updated.Note.LinkId}#notes");
    }

    [HttpPost("/notes/{id:guid}/delete")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        if (await notes.DeleteAsync(User.UserId()!.Value, id, cancellationToken) is not { } linkId)
        {
            return NotFound();
        }

        Flash(T["Note deleted."]);
        return LocalRedirect($"/links/{linkId}#notes");
    }

    private ViewResult Invalid(NoteFormPage form)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Form", form);
    }

    private string Describe(NoteError error) => error == NoteError.Empty
        ? T["Write something in the note."]
        : T["A note has at most {0} characters.", Note.MaxContentLength];
}

/// <summary>
/// A link's notes and the form to add one, for the reader view (which lives in Reading/ and
/// names this component by its name, "LinkNotes", so that Reading needs nothing of Collections).
/// The caller shows it only for a link the viewer may see.
/// </summary>
public sealed class LinkNotesViewComponent(LinkNotes notes, DescriptionRenderer renderer) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid linkId, Guid viewerId)
    {
        var found = await notes.OfLinkAsync(linkId, HttpContext.RequestAborted);
        var shown = found.Select(n => (n, renderer.Render(n.Content))).ToList();
        return View("/Collections/Views/Notes/_Section.cshtml", new NotesSection(linkId, shown, viewerId, CanAdd: true));
    }
}
