using System.Globalization;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace Flusio.Web.Accounts;

/// <summary>
/// Codes from an authenticator app (TOTP, RFC 6238), each accepted once. Identity's own
/// provider accepts a code again and again for a few minutes; this one remembers the
/// last time step used, so a code read over a shoulder or from a log cannot be replayed.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<User>
{
    private const string TokenProvider = "[Flusio]";
    private const string LastStepName = "TotpLastStep";

    /// <summary>One step before and after: clocks of phones drift a little.</summary>
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<User> manager, User user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The app generates the codes, never the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<User> manager, User user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<User> manager, User user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token.Length != 6 || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, token, out var step, Window))
        {
            return false;
        }

        var last = await manager.GetAuthenticationTokenAsync(user, TokenProvider, LastStepName);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastStep) && step <= lastStep)
        {
            return false;
        }

        await manager.SetAuthenticationTokenAsync(user, TokenProvider, LastStepName, step.ToString(CultureInfo.InvariantCulture));
        return true;
    }
}
