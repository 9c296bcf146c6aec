using System.ComponentModel;
using Flusio.Web.Links;
using Flusio.Web.Reading;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Api;

/// <summary>/api/v1/news: the caller's daily journal of what is new in their follows.</summary>
[Route("/api/v1/news")]
[Tags("News")]
public sealed class NewsApiController(LinkListing listing, NewsJournal news) : ApiController
{
    [HttpGet("")]
    [EndpointSummary("List the caller's News")]
    [EndpointDescription("The links picked for News, latest published first, a page at a time.")]
    [ProducesResponseType<Page<LinkSummary>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> List([Description("The `next` of the previous page.")] string? cursor, [Description("Items per page, 1 to 100.")] int limit = ApiCursor.DefaultLimit, CancellationToken cancellationToken = default)
    {
        if (CheckPage(cursor, limit, out var after) is { } invalid)
        {
            return invalid;
        }

        var page = await listing.ListAsync(UserId, CollectionKind.News, after, limit, cancellationToken);
        return Read(new Page<LinkSummary>([.. page.Items.Select(LinkSummary.Of)], ApiCursor.Encode(page.Next)));
    }

    [HttpPost("fill")]
    [EndpointSummary("Fill News")]
    [EndpointDescription("Picks up to 50 links from the caller's follows (each follow's time filter respected), leaving out what the caller already has, read, kept or dismissed.")]
    [ProducesResponseType<NewsFill>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public async Task<IActionResult> Fill(CancellationToken cancellationToken) =>
        Ok(new NewsFill(await news.FillAsync(UserId, cancellationToken)));
}
