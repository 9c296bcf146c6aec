using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Accounts.Settings;

public sealed record SessionsPage(IReadOnlyList<UserSession> Sessions, Guid? CurrentId);

/// <summary>The browsers signed in to the account, each revocable.</summary>
[Authorize]
[Route("/settings/sessions")]
public sealed class SessionsController(SessionTracker sessions, FlusioSignInManager signIn) : FlusioController
{
    [HttpGet("")]
    public async Task<IActionResult> Index() =>
        View(new SessionsPage(await sessions.ListAsync(User.UserId()!.Value), User.SessionId()));

    [HttpPost("{id:guid}/revoke")]
    [RefusedForDemoAccount("/settings/sessions")]
    public async Task<IActionResult> Revoke(Guid id)
    {
        var userId = User.UserId()!.Value;
        // Scoped to the user: someone else's session id is not found.
        if (await sessions.EndAsync(userId, id) == 0)
        {
            return NotFound();
        }

        if (id == User.SessionId())
        {
            await signIn.SignOutAsync();
            return Redirect("/login");
        }

        Flash(T["The session is logged out."]);
        return Redirect("/settings/sessions");
    }

    [HttpPost("revoke-others")]
    [RefusedForDemoAccount("/settings/sessions")]
    public async Task<IActionResult> RevokeOthers()
    {
        var count = await sessions.EndOthersAsync(User.UserId()!.Value, keep: User.SessionId());
        Flash(T["{0} other session(s) logged out.", count]);
        return Redirect("/settings/sessions");
    }
}
