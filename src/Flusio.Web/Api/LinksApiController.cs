using System.ComponentModel;
using Flusio.Web.Collections;
using Flusio.Web.Data;
using Flusio.Web.Links;
using Flusio.Web.Reading;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Api;

/// <summary>/api/v1/links: the caller's links (save by address, list, search, read, change, delete) and the reading actions on them.</summary>
[Route("/api/v1/links")]
[Tags("Links")]
public sealed class LinksApiController(LinkSaver saver, LinkListing listing, LinkSearch search, OwnLinks links, LinkRepair repair, LinkLists lists) : ApiController
{
    /// <summary>List the caller's links</summary>
    /// <remarks>Every link the caller owns, latest saved first.</remarks>
    [HttpGet("")]
    [EndpointSummary("List the caller's links")]
    [EndpointDescription("Every link the caller owns, latest saved first, a page at a time.")]
    [ProducesResponseType<Page<LinkSummary>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> List([Description("The `next` of the previous page.")] string? cursor, [Description("Items per page, 1 to 100.")] int limit = ApiCursor.DefaultLimit, CancellationToken cancellationToken = default)
    {
        if (CheckPage(cursor, limit, out var after) is { } invalid)
        {
            return invalid;
        }

        var page = await listing.ListOwnAsync(UserId, after, limit, cancellationToken);
        return Read(new Page<LinkSummary>([.. page.Items.Select(LinkSummary.Of)], ApiCursor.Encode(page.Next)));
    }

    [HttpGet("search")]
    [EndpointSummary("Search the caller's links")]
    [EndpointDescription("Full-text search of titles, addresses, descriptions and notes: words, \"phrases\" and -exclusions, best match first. Pages follow the ranking of the search (at most 50 pages).")]
    [ProducesResponseType<Page<LinkSummary>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> Search([Description("What to look for.")] string? q, [Description("The `next` of the previous page.")] string? cursor, CancellationToken cancellationToken = default)
    {
        var (query, error) = SearchQuery.Parse(q);
        if (query is null)
        {
            return Invalid("q", error switch
            {
                SearchQueryError.TooLong => $"A search has at most {SearchQuery.MaxLength} characters.",
                SearchQueryError.TooManyTerms => $"A search has at most {SearchQuery.MaxTerms} words and phrases.",
                SearchQueryError.OnlyExclusions => "Say what to look for, not only what to leave out (-word).",
                _ => "Give words to look for.",
            });
        }

        var pageNumber = 1;
        if (!ApiCursor.TryDecode(cursor, out var position)
            || (position is not null && !(position.StartsWith("p.", StringComparison.Ordinal) && int.TryParse(position[2..], System.Globalization.CultureInfo.InvariantCulture, out pageNumber) && pageNumber is >= 2 and <= LinkSearch.MaxPage)))
        {
            return Invalid("cursor", "Not a cursor of this search: pass the `next` of a page.");
        }

        var results = await search.SearchAsync(UserId, query, pageNumber, LinkSearch.PageSize, cancellationToken);
        var next = results.HasMore && pageNumber < LinkSearch.MaxPage ? ApiCursor.Encode("p." + (pageNumber + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return Read(new Page<LinkSummary>([.. results.Items.Select(LinkSummary.Of)], next));
    }

    [HttpPost("")]
    [EndpointSummary("Save a link by its address")]
    [EndpointDescription("Saves the address (or finds the link already saved with it) into the given collections, with a note if one is given. Its page is read in the background: the title is the address until then (metadataState pending).")]
    [ProducesResponseType<LinkDetails>(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public async Task<IActionResult> Create(NewLinkBody body, CancellationToken cancellationToken)
    {
        var (id, error) = await saver.SaveAsync(UserId, new LinkInput(body.Url, body.CollectionIds ?? [], null, body.Hidden, body.Note), cancellationToken);
        if (error is not null)
        {
            return error switch
            {
                LinkError.UrlMissing => Invalid("url", "Give the address of the page to save."),
                LinkError.UrlTooLong => Invalid("url", $"The address has at most {LinkSaver.MaxUrlLength} characters."),
                LinkError.UrlNotWeb => Invalid("url", "The address starts with http:// or https://."),
                LinkError.UrlPrivate => Invalid("url", "The address points to a private network, which this instance does not fetch."),
                _ => Invalid("note", $"A note has at most {Note.MaxContentLength} characters."),
            };
        }

        var saved = await links.FindAsync(UserId, id!.Value, cancellationToken);
        return Created($"/api/v1/links/{id}", LinkDetails.Of(saved!.Link, saved.CollectionIds));
    }

    [HttpGet("{id:guid}")]
    [EndpointSummary("Read one of the caller's links")]
    [ProducesResponseType<LinkDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(Guid id, CancellationToken cancellationToken) =>
        await links.FindAsync(UserId, id, cancellationToken) is { } found
            ? Read(LinkDetails.Of(found.Link, found.CollectionIds))
            : NotFoundProblem("link");

    [HttpPatch("{id:guid}")]
    [EndpointSummary("Change a link's title, reading time or hidden state")]
    [EndpointDescription("Only the fields given change. A title or reading time set here is kept when the page is read again.")]
    [ProducesResponseType<LinkDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Update(Guid id, LinkChangeBody body, CancellationToken cancellationToken)
    {
        if (await links.FindAsync(UserId, id, cancellationToken) is null)
        {
            return NotFoundProblem("link");
        }

        if (body.Title is not null || body.ReadingMinutes is not null)
        {
            var (_, error) = await repair.RepairAsync(UserId, id, new RepairInput(body.Title, body.ReadingMinutes, UseCleanUrl: false, Refetch: false), cancellationToken);
            switch (error)
            {
                case RepairError.TitleMissing:
                    return Invalid("title", "A title cannot be empty.");
                case RepairError.TitleTooLong:
                    return Invalid("title", $"A title has at most {LinkRepair.MaxTitleLength} characters.");
                case RepairError.ReadingMinutesInvalid:
                    return Invalid("readingMinutes", $"The reading time is from 0 to {LinkRepair.MaxReadingMinutes} minutes.");
            }
        }

        if (body.Hidden is { } hidden)
        {
            await links.SetHiddenAsync(UserId, id, hidden, cancellationToken);
        }

        var found = await links.FindAsync(UserId, id, cancellationToken);
        return Ok(LinkDetails.Of(found!.Link, found.CollectionIds));
    }

    [HttpDelete("{id:guid}")]
    [EndpointSummary("Delete a link")]
    [EndpointDescription("Its notes, and its places in collections and lists, go with it.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await links.DeleteAsync(UserId, id, cancellationToken) ? NoContent() : NotFoundProblem("link");

    [HttpPost("{id:guid}/read")]
    [EndpointSummary("Mark a link read")]
    [EndpointDescription("Into Read (the history), out of News and Read later.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<IActionResult> MarkRead(Guid id, CancellationToken cancellationToken) => ApplyAsync(id, LinkAction.MarkRead, cancellationToken);

    [HttpPost("{id:guid}/read-later")]
    [EndpointSummary("Keep a link to read later")]
    [EndpointDescription("Into Read later, out of News and Dismissed.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<IActionResult> ReadLater(Guid id, CancellationToken cancellationToken) => ApplyAsync(id, LinkAction.ReadLater, cancellationToken);

    [HttpPost("{id:guid}/dismiss")]
    [EndpointSummary("Dismiss a link")]
    [EndpointDescription("Into Dismissed, out of News and Read later: its address never comes back in News.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<IActionResult> Dismiss(Guid id, CancellationToken cancellationToken) => ApplyAsync(id, LinkAction.Dismiss, cancellationToken);

    private async Task<IActionResult> ApplyAsync(Guid id, LinkAction action, CancellationToken cancellationToken) =>
        await lists.ApplyAsync(UserId, [id], action, cancellationToken) > 0 ? NoContent() : NotFoundProblem("link");
}
