using Flusio.Web.Feeds;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Api;

/// <summary>/api/v1/follows: the feeds the caller follows.</summary>
[Route("/api/v1/follows")]
[Tags("Follows")]
public sealed class FollowsApiController(Following following) : ApiController
{
    [HttpGet("")]
    [EndpointSummary("List the feeds the caller follows")]
    [EndpointDescription("By title, each with its time filter, group and fetch state. The whole list comes in one page (next is null).")]
    [ProducesResponseType<Page<FollowItem>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    public async Task<IActionResult> List(CancellationToken cancellationToken)
    {
        var feeds = await following.ListAsync(UserId, errorsOnly: false, cancellationToken);
        return Read(new Page<FollowItem>([.. feeds.Select(f => new FollowItem(f.Id, f.Title, f.Url, f.SiteUrl, f.TimeFilter.ToString().ToLowerInvariant(), f.Group, f.FetchedAt,
            f.ErrorKind is null ? null : f.ErrorStatus is { } status ? $"{f.ErrorKind}: HTTP {status}" : f.ErrorKind))], null));
    }

    [HttpPost("")]
    [EndpointSummary("Follow a feed")]
    [EndpointDescription("Follows the feed at this address (kept if already followed); its first fetch is queued. The address is the feed's own, not a site's.")]
    [ProducesResponseType<FollowItem>(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public async Task<IActionResult> Follow(NewFollowBody body, CancellationToken cancellationToken)
    {
        if (Following.ParseAddress(body.Url) is not { } url)
        {
            ModelState.AddModelError("url", "Give the feed's http or https address, at most 2,048 characters.");
            return ValidationProblem(ModelState);
        }

        var id = await following.FollowAsync(UserId, url, cancellationToken);
        var feed = (await following.ListAsync(UserId, errorsOnly: false, cancellationToken)).Single(f => f.Id == id);
        return Created($"/api/v1/follows/{id}", new FollowItem(feed.Id, feed.Title, feed.Url, feed.SiteUrl, feed.TimeFilter.ToString().ToLowerInvariant(), feed.Group, feed.FetchedAt, feed.ErrorKind));
    }

    [HttpDelete("{feedId:guid}")]
    [EndpointSummary("Unfollow a feed")]
    [EndpointDescription("The links the caller kept from it stay.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Unfollow(Guid feedId, CancellationToken cancellationToken) =>
        await following.UnfollowAsync(UserId, feedId, cancellationToken) ? NoContent() : NotFoundProblem("follow");
}
