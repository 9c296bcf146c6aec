using System.Security.Cryptography;
using Flusio.Web.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Accounts;

/// <summary>
/// Invitation links of an instance whose registration is by invitation: created and
/// deleted by admins, each redeemed by exactly one new account.
/// </summary>
public sealed class InvitationStore(FlusioDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    public Task<List<Invitation>> ListAsync(Guid adminId, CancellationToken cancellationToken = default) =>
        db.Set<Invitation>().AsNoTracking()
            .Where(i => i.CreatedById == adminId)
            .OrderByDescending(i => i.CreatedAt)
            .Take(100)
            .ToListAsync(cancellationToken);

    public async Task<Invitation> CreateAsync(Guid adminId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var invitation = new Invitation
        {
            Id = Guid.CreateVersion7(now),
            Token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24)),
            CreatedById = adminId,
            CreatedAt = now,
            ExpiresAt = now + Validity,
        };
        db.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return invitation;
    }

    /// <summary>Deletes one of the admin's own invitations; false when there is none with that id.</summary>
    public async Task<bool> DeleteAsync(Guid adminId, Guid id, CancellationToken cancellationToken = default) =>
        await db.Set<Invitation>().Where(i => i.Id == id && i.CreatedById == adminId).ExecuteDeleteAsync(cancellationToken) > 0;

    public async Task<bool> IsUsableAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        return await db.Set<Invitation>().AnyAsync(i => i.Token == token && i.UsedAt == null && i.ExpiresAt > now, cancellationToken);
    }

    /// <summary>
    /// Marks the invitation used by <paramref name="userId"/>, if it still can be: one
    /// conditional update, so of any number of simultaneous redemptions exactly one wins.
    /// Call it inside the transaction that creates the account.
    /// </summary>
    public async Task<bool> TryRedeemAsync(string? token, Guid userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var updated = await db.Set<Invitation>()
            .Where(i => i.Token == token && i.UsedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.UsedAt, now).SetProperty(i => i.UsedById, userId), cancellationToken);
        return updated == 1;
    }
}
