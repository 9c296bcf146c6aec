using Microsoft.AspNetCore.Identity;

namespace Flusio.Web.Accounts;

/// <summary>
/// A forgotten password: the request queues a mail (the same work for every address), the
/// link from the mail sets a new password, ends every session and clears the login
/// throttle of the account: a reset proves the owner.
/// </summary>
public sealed class PasswordResets(UserManager<User> users, AccountMails mails, SessionTracker sessions, LoginThrottle throttle)
{
    public Task RequestAsync(string email, CancellationToken cancellationToken = default) =>
        mails.QueuePasswordResetNowAsync(email.Trim(), cancellationToken);

    /// <summary>Null when the link is invalid or expired; otherwise the outcome of setting the password.</summary>
    public async Task<IdentityResult?> CompleteAsync(Guid userId, string token, string password)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return null;
        }

        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)) ? null : result;
        }

        await sessions.EndOthersAsync(user.Id, keep: null);
        await throttle.ClearAccountAsync(user);
        return result;
    }
}
