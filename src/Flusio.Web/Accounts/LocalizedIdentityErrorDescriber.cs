using Flusio.Web.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Flusio.Web.Accounts;

/// <summary>Identity's validation messages in the user's language.</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> t) : IdentityErrorDescriber
{
    public override IdentityError DuplicateUserName(string userName) =>
        Error(nameof(DuplicateUserName), t["The username '{0}' is already taken.", userName]);

    public override IdentityError DuplicateEmail(string email) =>
        Error(nameof(DuplicateEmail), t["The e-mail address '{0}' is already used by another account.", email]);

    public override IdentityError InvalidUserName(string? userName) =>
        Error(nameof(InvalidUserName), t["A username may only contain letters, digits, dashes, dots and underscores."]);

    public override IdentityError InvalidEmail(string? email) =>
        Error(nameof(InvalidEmail), t["'{0}' is not a valid e-mail address.", email ?? ""]);

    public override IdentityError PasswordTooShort(int length) =>
        Error(nameof(PasswordTooShort), t["The password must be at least {0} characters long.", length]);

    /// <summary>Not one of Identity's: refused by <see cref="GuessablePasswordValidator"/>.</summary>
    public IdentityError PasswordTooGuessable() =>
        Error(nameof(PasswordTooGuessable), t["This password is too easy to guess: it is one of the most common passwords, or close to one, or made of your name or address. A few unrelated words make a strong password."]);

    public override IdentityError PasswordMismatch() =>
        Error(nameof(PasswordMismatch), t["The password is incorrect."]);

    public override IdentityError InvalidToken() =>
        Error(nameof(InvalidToken), t["This link is invalid or has expired."]);

    public override IdentityError DefaultError() =>
        Error(nameof(DefaultError), t["Something went wrong. Please try again."]);

    public override IdentityError ConcurrencyFailure() =>
        Error(nameof(ConcurrencyFailure), t["The account was changed at the same time elsewhere. Please try again."]);

    public override IdentityError UserLockoutNotEnabled() =>
        Error(nameof(UserLockoutNotEnabled), t["Something went wrong. Please try again."]);

    public override IdentityError RecoveryCodeRedemptionFailed() =>
        Error(nameof(RecoveryCodeRedemptionFailed), t["This recovery code is not valid."]);

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
