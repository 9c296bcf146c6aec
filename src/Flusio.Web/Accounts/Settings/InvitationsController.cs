using System.Security.Cryptography;
using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Accounts.Settings;

public sealed record InvitationsPage(IReadOnlyList<Invitation> Invitations, RegistrationMode Mode, Uri BaseUrl);

/// <summary>Invitation links, created by admins when registration is by invitation.</summary>
[Authorize]
[Route("/settings/invitations")]
public sealed class InvitationsController(FlusioDbContext db, FlusioSettings settings, TimeProvider clock) : FlusioController
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        if (!IsAdmin)
        {
            return NotFound();
        }

        var userId = User.UserId()!.Value;
        var invitations = await db.Invitations.AsNoTracking()
            .Where(i => i.CreatedById == userId)
            .OrderByDescending(i => i.CreatedAt)
            .Take(100)
            .ToListAsync();
        return View(new InvitationsPage(invitations, settings.Registration, settings.BaseUrl));
    }

    [HttpPost("")]
    public async Task<IActionResult> Create()
    {
        if (!IsAdmin)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        db.Invitations.Add(new Invitation
        {
            Id = Guid.CreateVersion7(now),
            Token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24)),
            CreatedById = User.UserId()!.Value,
            CreatedAt = now,
            ExpiresAt = now + Validity,
        });
        await db.SaveChangesAsync();
        Flash(T["Invitation created: copy its link and send it."]);
        return Redirect("/settings/invitations");
    }

    [HttpPost("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id)
    {
        var userId = User.UserId();
        var deleted = IsAdmin && await db.Invitations.Where(i => i.Id == id && i.CreatedById == userId).ExecuteDeleteAsync() > 0;
        if (!deleted)
        {
            return NotFound();
        }

        Flash(T["The invitation is deleted."]);
        return Redirect("/settings/invitations");
    }

    private bool IsAdmin => User.HasClaim(FlusioClaims.Admin, "true");
}
