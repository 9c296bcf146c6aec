using Flusio.Web.Accounts;
using Flusio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Admin;

/// <summary>
/// What an administrator does to accounts, from /admin and from the `users` verbs alike:
/// find, disable and enable, promote and demote, delete. A disabled account keeps its data,
/// cannot log in (Identity's lockout, for ever), loses its sessions at once, and vanishes
/// from profiles, feeds and discovery. The page never acts on the signed-in admin's own
/// account, so another admin always remains there; the shell can always `users promote`.
/// </summary>
public sealed class AccountAdministration(FlusioDbContext db, SessionTracker sessions, AccountDeletion deletion, TimeProvider clock, ILogger<AccountAdministration> logger)
{
    public const int PageSize = 50;

    public sealed record Row(Guid Id, string UserName, string Email, bool EmailConfirmed, bool IsAdmin, bool IsDisabled, DateTimeOffset CreatedAt);

    public enum Outcome { Done, NotFound }

    /// <summary>Accounts whose username or e-mail contains <paramref name="query"/> (all when empty), newest first.</summary>
    public async Task<List<Row>> SearchAsync(string? query, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var users = db.Set<User>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query))
        {
            var q = query.Trim().ToUpperInvariant();
            users = users.Where(u => u.NormalizedUserName!.Contains(q) || u.NormalizedEmail!.Contains(q));
        }

        return await users
            .OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id)
            .Take(PageSize)
            .Select(u => new Row(u.Id, u.UserName ?? "", u.Email ?? "", u.EmailConfirmed, u.IsAdmin, u.LockoutEnd != null && u.LockoutEnd > now, u.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<Outcome> DisableAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Set<User>().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return Outcome.NotFound;
        }

        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        await db.SaveChangesAsync(cancellationToken);
        await sessions.EndOthersAsync(user.Id, keep: null);
        logger.LogInformation("Disabled account {UserId}", user.Id);
        return Outcome.Done;
    }

    public async Task<Outcome> EnableAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Set<User>().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return Outcome.NotFound;
        }

        user.LockoutEnd = null;
        user.LockoutEnabled = false;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Enabled account {UserId}", user.Id);
        return Outcome.Done;
    }

    public async Task<Outcome> SetAdminAsync(Guid userId, bool admin, CancellationToken cancellationToken = default)
    {
        var user = await db.Set<User>().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return Outcome.NotFound;
        }

        user.IsAdmin = admin;
        await db.SaveChangesAsync(cancellationToken);
        // The admin claim lives in the cookie: the user's sessions start again.
        await sessions.EndOthersAsync(user.Id, keep: null);
        return Outcome.Done;
    }

    public async Task<Outcome> DeleteAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Set<User>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return Outcome.NotFound;
        }

        await deletion.DeleteAsync(user, cancellationToken);
        return Outcome.Done;
    }
}
