using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Flusio.Web.Accounts;

/// <summary>
/// Tokens for links sent by e-mail: the creation instant, the account, the purpose and the
/// security stamp, protected with the instance's data-protection keys. Valid for a fixed
/// lifespan on the app's <see cref="TimeProvider"/> (Identity's own provider reads the
/// system clock, which tests cannot move), and never after the password or e-mail changed.
/// </summary>
public abstract class TimedTokenProvider(IDataProtectionProvider protection, TimeProvider clock, string name, TimeSpan lifespan)
    : IUserTwoFactorTokenProvider<User>
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly IDataProtector protector = protection.CreateProtector("Flusio.Accounts.Tokens", name);

    public TimeSpan Lifespan => lifespan;

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<User> manager, User user) => Task.FromResult(false);

    public async Task<string> GenerateAsync(string purpose, UserManager<User> manager, User user)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Utf8, leaveOpen: true))
        {
            writer.Write(clock.GetUtcNow().ToUnixTimeMilliseconds());
            writer.Write(user.Id.ToString());
            writer.Write(purpose);
            writer.Write(await manager.GetSecurityStampAsync(user) ?? "");
        }

        return WebEncoders.Base64UrlEncode(protector.Protect(buffer.ToArray()));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<User> manager, User user)
    {
        long created;
        string userId, tokenPurpose, stamp;
        try
        {
            using var reader = new BinaryReader(new MemoryStream(protector.Unprotect(WebEncoders.Base64UrlDecode(token))), Utf8);
            created = reader.ReadInt64();
            userId = reader.ReadString();
            tokenPurpose = reader.ReadString();
            stamp = reader.ReadString();
        }
        catch (Exception e) when (e is CryptographicException or FormatException or EndOfStreamException or ArgumentException)
        {
            return false; // Not one of ours, or tampered with.
        }

        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(created);
        return age <= lifespan
            && userId == user.Id.ToString()
            && tokenPurpose == purpose
            && stamp == (await manager.GetSecurityStampAsync(user) ?? "");
    }
}

/// <summary>Password reset links: one hour.</summary>
public sealed class PasswordResetTokenProvider(IDataProtectionProvider protection, TimeProvider clock)
    : TimedTokenProvider(protection, clock, IdentitySetup.PasswordResetProvider, TimeSpan.FromHours(1));

/// <summary>E-mail validation links: three days.</summary>
public sealed class EmailConfirmationTokenProvider(IDataProtectionProvider protection, TimeProvider clock)
    : TimedTokenProvider(protection, clock, IdentitySetup.EmailConfirmationProvider, TimeSpan.FromDays(3));
