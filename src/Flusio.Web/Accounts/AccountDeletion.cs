using Flusio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Accounts;

/// <summary>
/// Deletes an account and everything it owns. Owned rows hang off the user with
/// cascading foreign keys, so one statement removes them all.
/// </summary>
public sealed class AccountDeletion(FlusioDbContext db, SessionCache sessions, ILogger<AccountDeletion> logger)
{
    public async Task DeleteAsync(User user, CancellationToken cancellationToken = default)
    {
        // Invitations this user accepted stay with their creator (used_by_id set null).
        await db.Set<User>().Where(u => u.Id == user.Id).ExecuteDeleteAsync(cancellationToken);
        sessions.ForgetUser(user.Id);
        logger.LogInformation("Deleted account {UserId}", user.Id);
    }
}
