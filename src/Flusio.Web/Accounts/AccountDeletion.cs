using Flusio.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Accounts;

/// <summary>
/// Deletes an account and everything it owns. Owned rows hang off the user with
/// cascading foreign keys, so one delete removes them all in one transaction.
/// </summary>
public sealed class AccountDeletion(FlusioDbContext db, ILogger<AccountDeletion> logger)
{
    public async Task DeleteAsync(User user, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Invitations this user accepted keep existing for their creator, without the link.
        await db.Invitations.Where(i => i.UsedById == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.UsedById, (Guid?)null), cancellationToken);
        await db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Deleted account {UserId}", user.Id);
    }
}
