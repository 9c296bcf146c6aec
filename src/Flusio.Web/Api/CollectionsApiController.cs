using System.ComponentModel;
using Flusio.Web.Collections;
using Flusio.Web.Links;
using Flusio.Web.Reading;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Api;

/// <summary>/api/v1/collections: the caller's collections and the links in them.</summary>
[Route("/api/v1/collections")]
[Tags("Collections")]
public sealed class CollectionsApiController(UserCollections collections, LinkListing listing) : ApiController
{
    [HttpGet("")]
    [EndpointSummary("List the caller's collections")]
    [EndpointDescription("Every collection the caller made, by name, with its number of links. The whole list comes in one page (next is null).")]
    [ProducesResponseType<Page<CollectionItem>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    public async Task<IActionResult> List(CancellationToken cancellationToken)
    {
        var list = await collections.ListAsync(UserId, cancellationToken);
        return Read(new Page<CollectionItem>([.. list.Select(c => new CollectionItem(c.Id, c.Name, c.IsPublic, c.LinkCount, c.Group))], null));
    }

    [HttpPost("")]
    [EndpointSummary("Create a collection")]
    [ProducesResponseType<CollectionDetails>(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public async Task<IActionResult> Create(NewCollectionBody body, CancellationToken cancellationToken)
    {
        var (id, error) = await collections.CreateAsync(UserId, new CollectionInput(body.Name, body.Description, body.IsPublic), cancellationToken);
        if (error is not null)
        {
            return Invalid(error.Value);
        }

        return Created($"/api/v1/collections/{id}", Details((await collections.FindOwnAsync(UserId, id!.Value, cancellationToken))!));
    }

    [HttpGet("{id:guid}")]
    [EndpointSummary("Read one of the caller's collections")]
    [ProducesResponseType<CollectionDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(Guid id, CancellationToken cancellationToken) =>
        await collections.FindOwnAsync(UserId, id, cancellationToken) is { } found ? Read(Details(found)) : NotFoundProblem("collection");

    [HttpGet("{id:guid}/links")]
    [EndpointSummary("List a collection's links")]
    [EndpointDescription("The links of one of the caller's collections, latest added first, a page at a time.")]
    [ProducesResponseType<Page<LinkSummary>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Links(Guid id, [Description("The `next` of the previous page.")] string? cursor, [Description("Items per page, 1 to 100.")] int limit = ApiCursor.DefaultLimit, CancellationToken cancellationToken = default)
    {
        if (CheckPage(cursor, limit, out var after) is { } invalid)
        {
            return invalid;
        }

        if (await collections.FindOwnAsync(UserId, id, cancellationToken) is null)
        {
            return NotFoundProblem("collection");
        }

        var page = await listing.ListCollectionAsync(id, after, limit, cancellationToken);
        return Read(new Page<LinkSummary>([.. page.Items.Select(LinkSummary.Of)], ApiCursor.Encode(page.Next)));
    }

    [HttpPatch("{id:guid}")]
    [EndpointSummary("Change a collection's name, description or visibility")]
    [EndpointDescription("Only the fields given change.")]
    [ProducesResponseType<CollectionDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Update(Guid id, CollectionChangeBody body, CancellationToken cancellationToken)
    {
        if (await collections.FindOwnAsync(UserId, id, cancellationToken) is not { } current)
        {
            return NotFoundProblem("collection");
        }

        var input = new CollectionInput(body.Name ?? current.Name, body.Description ?? current.Description, body.IsPublic ?? current.IsPublic) { GroupId = current.GroupId };
        var (_, error) = await collections.UpdateAsync(UserId, id, input, cancellationToken);
        return error is not null ? Invalid(error.Value) : Ok(Details((await collections.FindOwnAsync(UserId, id, cancellationToken))!));
    }

    [HttpDelete("{id:guid}")]
    [EndpointSummary("Delete a collection")]
    [EndpointDescription("Its links stay in the caller's account.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await collections.DeleteAsync(UserId, id, cancellationToken) ? NoContent() : NotFoundProblem("collection");

    [HttpPut("{id:guid}/links/{linkId:guid}")]
    [EndpointSummary("Put a link in a collection")]
    [EndpointDescription("One of the caller's links, into a collection the caller owns or may write to (shared with write access). Putting it in twice changes nothing.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> AddLink(Guid id, Guid linkId, CancellationToken cancellationToken) =>
        Changed(await collections.AddLinkAsync(UserId, id, linkId, cancellationToken));

    [HttpDelete("{id:guid}/links/{linkId:guid}")]
    [EndpointSummary("Take a link out of a collection")]
    [EndpointDescription("The link stays in the caller's account.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> RemoveLink(Guid id, Guid linkId, CancellationToken cancellationToken) =>
        Changed(await collections.RemoveLinkAsync(UserId, id, linkId, cancellationToken));

    private IActionResult Changed(CollectionChange change) => change switch
    {
        CollectionChange.Done => NoContent(),
        CollectionChange.Forbidden => Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "This collection is shared with you to read only."),
        _ => NotFoundProblem("collection or link"),
    };

    private IActionResult Invalid(CollectionError error) => error switch
    {
        CollectionError.NameMissing => Invalid("name", "A collection needs a name."),
        CollectionError.NameTooLong => Invalid("name", $"A collection's name has at most {Collection.MaxNameLength} characters."),
        CollectionError.DescriptionTooLong => Invalid("description", $"A description has at most {Collection.MaxDescriptionLength} characters."),
        _ => Invalid("", "The collection's group or topics are not known."),
    };

    private static CollectionDetails Details(Collection c) => new(c.Id, c.Name ?? "", c.Description, c.IsPublic, c.CreatedAt, c.UpdatedAt);
}
