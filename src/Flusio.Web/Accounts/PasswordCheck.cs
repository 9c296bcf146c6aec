using System.Net;
using Microsoft.AspNetCore.Identity;

namespace Flusio.Web.Accounts;

/// <summary>
/// The password asked again before a sensitive change (e-mail, password, two-factor,
/// deleting the account): counted by the same throttle as logins, so a stolen session
/// cannot be used to guess the password without limit.
/// </summary>
public sealed class PasswordCheck(UserManager<User> users, LoginThrottle throttle)
{
    public enum Result
    {
        Correct,
        Wrong,
        Locked,
    }

    public async Task<Result> CheckAsync(User user, string? password, IPAddress? address)
    {
        var subject = LoginThrottle.Subject(user, "");
        if (await throttle.IsLockedAsync(subject, address))
        {
            return Result.Locked;
        }

        if (!string.IsNullOrEmpty(password) && await users.CheckPasswordAsync(user, password))
        {
            return Result.Correct;
        }

        await throttle.RecordFailureAsync(subject, address);
        return Result.Wrong;
    }
}
