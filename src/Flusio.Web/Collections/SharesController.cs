using Flusio.Web.Links;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Collections;

/// <summary>A collection's shares page: who it is shared with, and the form to share it, as typed, with what is wrong.</summary>
public sealed record SharesPage(Collection Collection, IReadOnlyList<CollectionShareSummary> Shares, string? UserName, bool CanWrite, string? Error);

/// <summary>
/// Sharing a collection, by its owner only: a shared user is refused (403), anyone else
/// finds nothing (404). An unknown username, or the owner's own, answers 422 and writes nothing.
/// </summary>
[Authorize]
public sealed class SharesController(UserCollections collections, CollectionShares shares) : FlusioController
{
    [HttpGet("/collections/{id:guid}/shares")]
    public async Task<IActionResult> Index(Guid id, CancellationToken cancellationToken)
    {
        var (collection, refused) = await OwnAsync(id, cancellationToken);
        return refused ?? View(new SharesPage(collection!, await shares.ListAsync(User.UserId()!.Value, id, cancellationToken), null, false, null));
    }

    [HttpPost("/collections/{id:guid}/shares")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Add(Guid id, string? userName, bool canWrite, CancellationToken cancellationToken)
    {
        var (collection, refused) = await OwnAsync(id, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var ownerId = User.UserId()!.Value;
        if (await shares.AddAsync(ownerId, id, userName, canWrite, cancellationToken) is { } error)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var message = error == ShareError.OwnCollection ? T["This collection is yours already: share it with someone else."] : T["No user has this username."];
            return View("Index", new SharesPage(collection!, await shares.ListAsync(ownerId, id, cancellationToken), userName, canWrite, message));
        }

        Flash(T["Collection shared."]);
        return LocalRedirect($"/collections/{id}/shares");
    }

    [HttpPost("/collections/{id:guid}/shares/{userId:guid}")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Change(Guid id, Guid userId, bool canWrite, CancellationToken cancellationToken)
    {
        var (_, refused) = await OwnAsync(id, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (!await shares.ChangeAsync(User.UserId()!.Value, id, userId, canWrite, cancellationToken))
        {
            return NotFound();
        }

        Flash(T["Saved."]);
        return LocalRedirect($"/collections/{id}/shares");
    }

    [HttpPost("/collections/{id:guid}/shares/{userId:guid}/delete")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Delete(Guid id, Guid userId, CancellationToken cancellationToken)
    {
        var (_, refused) = await OwnAsync(id, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (!await shares.RemoveAsync(User.UserId()!.Value, id, userId, cancellationToken))
        {
            return NotFound();
        }

        Flash(T["The collection is no longer shared with this user."]);
        return LocalRedirect($"/collections/{id}/shares");
    }

    /// <summary>The collection when the user owns it; else the refusal: 403 for a shared user, 404 for anyone else.</summary>
    private async Task<(Collection? Collection, IActionResult? Refused)> OwnAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await collections.RoleAsync(User.UserId(), id, cancellationToken);
        return UserCollections.Allows(found?.Role ?? CollectionRole.None, CollectionRole.Owner) switch
        {
            CollectionChange.Done => (found!.Value.Collection, null),
            CollectionChange.Forbidden => (null, StatusCode(StatusCodes.Status403Forbidden)),
            _ => (null, NotFound()),
        };
    }
}
