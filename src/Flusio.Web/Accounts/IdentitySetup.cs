using Microsoft.AspNetCore.Identity;

namespace Flusio.Web.Accounts;

/// <summary>Account rules, the same for every host.</summary>
public static class IdentitySetup
{
    public const string EmailConfirmationProvider = "EmailConfirmation";
    public const string PasswordResetProvider = "PasswordReset";

    public static void Configure(IdentityOptions options)
    {
        // Length over composition rules (NIST SP 800-63B).
        options.Password.RequiredLength = 8;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;

        // Identity's lockout (five failures lock the account everywhere, for anyone who
        // knows its name) is replaced by LoginThrottle.
        options.Lockout.AllowedForNewUsers = false;

        options.User.RequireUniqueEmail = true;
        options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";

        options.SignIn.RequireConfirmedAccount = false;
        options.SignIn.RequireConfirmedEmail = false;

        options.Tokens.PasswordResetTokenProvider = PasswordResetProvider;
        options.Tokens.EmailConfirmationTokenProvider = EmailConfirmationProvider;
        options.Tokens.ChangeEmailTokenProvider = EmailConfirmationProvider;
    }
}
