using Flusio.Web.Configuration;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Accounts.Settings;

public sealed record InvitationsPage(IReadOnlyList<Invitation> Invitations, RegistrationMode Mode, Uri BaseUrl);

/// <summary>Invitation links, created by admins when registration is by invitation.</summary>
[Authorize]
[Route("/settings/invitations")]
public sealed class InvitationsController(InvitationStore invitations, FlusioSettings settings) : FlusioController
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        if (!User.IsAdmin())
        {
            return NotFound();
        }

        var list = await invitations.ListAsync(User.UserId()!.Value);
        return View(new InvitationsPage(list, settings.Registration, settings.BaseUrl));
    }

    [HttpPost("")]
    public async Task<IActionResult> Create()
    {
        if (!User.IsAdmin())
        {
            return NotFound();
        }

        await invitations.CreateAsync(User.UserId()!.Value);
        Flash(T["Invitation created: copy its link and send it."]);
        return Redirect("/settings/invitations");
    }

    [HttpPost("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id)
    {
        if (!User.IsAdmin() || !await invitations.DeleteAsync(User.UserId()!.Value, id))
        {
            return NotFound();
        }

        Flash(T["The invitation is deleted."]);
        return Redirect("/settings/invitations");
    }
}
