using Flusio.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Accounts;

/// <summary>
/// Creates accounts, for the registration form and the `users create` verb alike, so both
/// apply the same username, e-mail and password rules. The first account of an instance
/// without an administrator becomes its administrator. An invitation is redeemed in the
/// transaction that creates the account: it admits exactly one. The validation mail is
/// queued in that transaction too.
/// </summary>
public sealed class AccountRegistrar(
    UserManager<User> users,
    FlusioDbContext db,
    InvitationStore invitations,
    AccountMails mails,
    IdentityErrorDescriber errors,
    TimeProvider clock,
    ILogger<AccountRegistrar> logger)
{
    public sealed record NewAccount(string Username, string Email, string Password, string Locale)
    {
        public bool EmailConfirmed { get; init; }

        public bool IsAdmin { get; init; }

        public bool AcceptedTerms { get; init; }

        /// <summary>When set, the account exists only if this invitation is redeemed with it.</summary>
        public string? Invitation { get; init; }
    }

    public sealed record Result(User? User, IReadOnlyList<IdentityError> Errors)
    {
        public bool Succeeded => User is not null;
    }

    public const string InvitationUsedCode = "InvitationUsed";

    public async Task<Result> CreateAsync(NewAccount account, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var user = new User
        {
            Id = Guid.CreateVersion7(now),
            UserName = account.Username.Trim(),
            Email = account.Email.Trim(),
            EmailConfirmed = account.EmailConfirmed,
            CreatedAt = now,
            Locale = account.Locale,
            IsAdmin = account.IsAdmin,
            AcceptedTermsAt = account.AcceptedTerms ? now : null,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Dialect.SerializeSql("account_registration") is { } serialize)
        {
            // Two first sign-ups at once must not both become administrators.
            await db.Database.ExecuteSqlRawAsync(serialize, cancellationToken);
        }

        var firstAdmin = !user.IsAdmin && !await db.Set<User>().AnyAsync(u => u.IsAdmin, cancellationToken);
        user.IsAdmin |= firstAdmin;

        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, account.Password);
        }
        catch (DbUpdateException)
        {
            // The unique indexes caught a simultaneous sign-up with the same name or address.
            var emailTaken = await db.Set<User>().AsNoTracking().AnyAsync(u => u.NormalizedEmail == users.NormalizeEmail(user.Email), cancellationToken);
            return new Result(null, [emailTaken ? errors.DuplicateEmail(user.Email) : errors.DuplicateUserName(user.UserName)]);
        }

        if (!created.Succeeded)
        {
            return new Result(null, [.. created.Errors]);
        }

        if (account.Invitation is not null && !await invitations.TryRedeemAsync(account.Invitation, user.Id, cancellationToken))
        {
            // Disposing the transaction rolls the account back.
            return new Result(null, [new IdentityError { Code = InvitationUsedCode, Description = "invitation used or expired" }]);
        }

        if (!user.EmailConfirmed)
        {
            // Queued in the account's transaction: no account without its mail, no mail without its account.
            mails.QueueValidation(user);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (firstAdmin)
        {
            logger.LogInformation("{UserName} is the first account of the instance: it is its administrator", user.UserName);
        }

        return new Result(user, []);
    }
}
