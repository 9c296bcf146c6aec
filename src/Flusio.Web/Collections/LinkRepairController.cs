using Flusio.Web.Links;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Flusio.Web.Collections;

/// <summary>What a link's page shows of its metadata, and what the page's script reads while it is being fetched.</summary>
public sealed record LinkMetadataView(
    string State,
    string Title,
    string? Description,
    string? IllustrationUrl,
    int? ReadingMinutes,
    string? Error,
    IReadOnlyList<PageFeed> Feeds)
{
    public static LinkMetadataView Of(Link link, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(link);
        return new LinkMetadataView(
            (link.MetadataState ?? LinkMetadataState.Fetched).ToString(),
            link.Title,
            link.Description,
            link.IllustrationPath is { } path ? "/media/" + path : null,
            link.ReadingMinutes,
            LinkMetadata.Describe(link.MetadataError, t),
            LinkMetadata.FeedsOf(link));
    }
}

/// <summary>The repair form: the link, the address proposed without tracking parameters, what is wrong.</summary>
public sealed record RepairPage(Link Link, string? CleanUrl, string? Title, int? ReadingMinutes, RepairError? Error, string? Message);

/// <summary>A user's link: its metadata as it arrives, and its repair.</summary>
[Authorize]
public sealed class LinkRepairController(LinkRepair repair) : FlusioController
{
    /// <summary>The link's metadata, for the page's script; the owner's only (404 for anyone else).</summary>
    [HttpGet("/links/{id:guid}/metadata")]
    public async Task<IActionResult> Metadata(Guid id, CancellationToken cancellationToken)
    {
        if (await repair.FindOwnAsync(User.UserId()!.Value, id, cancellationToken) is not { } link)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return Json(LinkMetadataView.Of(link, T));
    }

    [HttpGet("/links/{id:guid}/repair")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken) =>
        await repair.FindOwnAsync(User.UserId()!.Value, id, cancellationToken) is { } link
            ? View(new RepairPage(link, LinkRepair.CleanUrl(link), link.Title, link.ReadingMinutes, null, null))
            : NotFound();

    [HttpPost("/links/{id:guid}/repair")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Update(Guid id, string? title, string? readingMinutes, bool useCleanUrl, bool refetch, CancellationToken cancellationToken)
    {
        var userId = User.UserId()!.Value;
        int? minutes = null;
        var minutesValid = string.IsNullOrWhiteSpace(readingMinutes)
            || (int.TryParse(readingMinutes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && (minutes = parsed) is not null);
        var (found, error) = minutesValid
            ? await repair.RepairAsync(userId, id, new RepairInput(title, minutes, useCleanUrl, refetch), cancellationToken)
            : (await repair.FindOwnAsync(userId, id, cancellationToken) is not null, RepairError.ReadingMinutesInvalid);
        if (!found)
        {
            return NotFound();
        }

        if (error is not null)
        {
            var link = (await repair.FindOwnAsync(userId, id, cancellationToken))!;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var message = error switch
            {
                RepairError.TitleMissing => T["Enter a title."],
                RepairError.TitleTooLong => T["A title has at most {0} characters.", LinkRepair.MaxTitleLength],
                RepairError.ReadingMinutesInvalid => T["Enter a reading time in minutes, from 0 to {0}.", LinkRepair.MaxReadingMinutes],
                _ => T["You already have a link with the cleaned address."],
            };
            return View("Edit", new RepairPage(link, LinkRepair.CleanUrl(link), title, minutes, error, message));
        }

        Flash(refetch || useCleanUrl ? T["Link repaired: its page is being read again."] : T["Link repaired."]);
        return LocalRedirect($"/links/{id}");
    }
}

/// <summary>
/// A user's link's metadata on its reader view (which lives in Reading/ and names this component
/// "LinkMetadata"): description, illustration, reading time, where reading the page stands, the
/// feeds it announces, the repair link. Nothing for someone else's link or a feed's entry.
/// </summary>
public sealed class LinkMetadataViewComponent(LinkRepair repair) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid linkId, Guid viewerId)
    {
        var link = await repair.FindOwnAsync(viewerId, linkId, HttpContext.RequestAborted);
        if (link is null)
        {
            return Content("");
        }

        var t = HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Resources.SharedResource>>();
        return View("/Collections/Views/LinkRepair/_Metadata.cshtml", (link.Id, LinkMetadataView.Of(link, t)));
    }
}
