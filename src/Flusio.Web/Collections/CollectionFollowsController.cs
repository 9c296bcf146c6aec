using Flusio.Web.Feeds;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Collections;

/// <summary>Following another user's collection from its page, and unfollowing it. A collection the user may not see answers 404.</summary>
[Authorize]
public sealed class CollectionFollowsController(CollectionFollowing following) : FlusioController
{
    /// <summary>Follows, or changes the follow's time filter and group when already followed.</summary>
    [HttpPost("/collections/{id:guid}/follow")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Follow(Guid id, TimeFilter? timeFilter, Guid? groupId, CancellationToken cancellationToken)
    {
        switch (await following.FollowAsync(User.UserId()!.Value, id, timeFilter ?? TimeFilter.Normal, groupId, cancellationToken))
        {
            case FollowResult.NotFound:
                return NotFound();
            case FollowResult.OwnCollection:
                FlashError(T["This collection is yours: its links are already in your account."]);
                break;
            case FollowResult.UnknownGroup:
                FlashError(T["Choose a group from the list."]);
                break;
            default:
                Flash(T["You follow this collection. Its new links reach your news."]);
                break;
        }

        return LocalRedirect($"/collections/{id}");
    }

    [HttpPost("/collections/{id:guid}/unfollow")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Unfollow(Guid id, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!await following.UnfollowAsync(User.UserId()!.Value, id, cancellationToken))
        {
            return NotFound();
        }

        Flash(T["You no longer follow this collection."]);
        return RedirectToLocal(returnUrl, $"/collections/{id}");
    }
}
