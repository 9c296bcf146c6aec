using System.Net;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Identity;

namespace Flusio.Web.Accounts;

/// <summary>
/// Logging in: a password, then a code when two-factor authentication is on. Every way of
/// failing costs the same work and gives the same answer for existing and unknown accounts
/// (an unknown name still has a password hashed), and every failure is counted by
/// <see cref="LoginThrottle"/>.
/// </summary>
public sealed class PasswordLogin(
    FlusioSignInManager signIn,
    UserManager<User> users,
    IPasswordHasher<User> hasher,
    LoginThrottle throttle,
    ILogger<PasswordLogin> logger)
{
    private static string? dummyHash;

    public enum Outcome
    {
        SignedIn,
        NeedsSecondFactor,
        Refused,
        Throttled,
    }

    public async Task<Outcome> PasswordAsync(string identifier, string password, bool remember, IPAddress? address)
    {
        identifier = identifier.Trim();
        var user = identifier.Contains('@', StringComparison.Ordinal)
            ? await users.FindByEmailAsync(identifier) ?? await users.FindByNameAsync(identifier)
            : await users.FindByNameAsync(identifier);
        var subject = LoginThrottle.Subject(user, identifier);
        if (await throttle.IsLockedAsync(subject, address))
        {
            logger.LogWarning("Login refused, too many failures, for {Identifier} from {ClientIp}", LogText.Of(identifier), address);
            return Outcome.Throttled;
        }

        if (user is null)
        {
            // The work of a real check, so that timing does not tell unknown names apart.
            hasher.VerifyHashedPassword(new User(), DummyHash(), password);
            return await FailedAsync(subject, identifier, address);
        }

        var result = await signIn.PasswordSignInAsync(user, password, remember, lockoutOnFailure: false);
        if (result.Succeeded || result.RequiresTwoFactor)
        {
            await throttle.RecordSuccessAsync(subject, address);
            return result.Succeeded ? Outcome.SignedIn : Outcome.NeedsSecondFactor;
        }

        return await FailedAsync(subject, identifier, address);
    }

    /// <summary>The authenticator code of the user who passed the password step.</summary>
    public Task<Outcome> AuthenticatorCodeAsync(User user, string code, bool remember, IPAddress? address) =>
        SecondFactorAsync(user, address, "two-factor code", () => signIn.TwoFactorAuthenticatorSignInAsync(code, remember, rememberClient: false));

    /// <summary>A recovery code: counted like a password, or codes could be guessed without limit.</summary>
    public Task<Outcome> RecoveryCodeAsync(User user, string code, IPAddress? address) =>
        SecondFactorAsync(user, address, "recovery code", () => signIn.TwoFactorRecoveryCodeSignInAsync(code));

    private async Task<Outcome> SecondFactorAsync(User user, IPAddress? address, string what, Func<Task<SignInResult>> attempt)
    {
        var subject = LoginThrottle.Subject(user, "");
        if (await throttle.IsLockedAsync(subject, address))
        {
            logger.LogWarning("Login refused, too many failures, for {UserName} from {ClientIp}", user.UserName, address);
            return Outcome.Throttled;
        }

        if ((await attempt()).Succeeded)
        {
            await throttle.RecordSuccessAsync(subject, address);
            return Outcome.SignedIn;
        }

        logger.LogWarning("Failed {What} for {UserName} from {ClientIp}", what, user.UserName, address);
        await throttle.RecordFailureAsync(subject, address);
        return Outcome.Refused;
    }

    private async Task<Outcome> FailedAsync(string subject, string identifier, IPAddress? address)
    {
        logger.LogWarning("Failed login for {Identifier} from {ClientIp}", LogText.Of(identifier), address);
        await throttle.RecordFailureAsync(subject, address);
        return Outcome.Refused;
    }

    private string DummyHash() => dummyHash ??= hasher.HashPassword(new User(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
}
