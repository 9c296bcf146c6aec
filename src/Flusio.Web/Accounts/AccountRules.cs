using Flusio.Web.Mail;
using Microsoft.AspNetCore.Identity;

namespace Flusio.Web.Accounts;

/// <summary>E-mail addresses of accounts follow <see cref="EmailAddresses"/>, whatever door creates or changes them.</summary>
public sealed class EmailAddressValidator(IdentityErrorDescriber errors) : IUserValidator<User>
{
    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user) =>
        Task.FromResult(EmailAddresses.IsValid(user.Email) ? IdentityResult.Success : IdentityResult.Failed(errors.InvalidEmail(user.Email)));
}

/// <summary>
/// Refuses the most common and trivially guessable passwords (zxcvbn's frequency lists and
/// score, with the account's own name and address counted as guessable), on registration,
/// change and reset alike, since Identity runs every password validator on each.
/// </summary>
public sealed class GuessablePasswordValidator(IdentityErrorDescriber errors) : IPasswordValidator<User>
{
    /// <summary>zxcvbn scores 0 to 4; below 2 is "too guessable" (e.g. "password", "qwerty123", "alice2024").</summary>
    public const int MinimumScore = 2;

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < manager.Options.Password.RequiredLength)
        {
            return Task.FromResult(IdentityResult.Success); // The length rule says why.
        }

        var inputs = new[] { user.UserName, user.Email, user.Email?.Split('@')[0], "flusio" }.OfType<string>();
        var score = Zxcvbn.Zxcvbn.MatchPassword(password, inputs).Score;
        return Task.FromResult(score >= MinimumScore
            ? IdentityResult.Success
            : IdentityResult.Failed(((LocalizedIdentityErrorDescriber)errors).PasswordTooGuessable()));
    }
}

/// <summary>Form fields holding an e-mail address: the same parser as the accounts' rule.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EmailAddressFieldAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public override bool IsValid(object? value) => value is null || (value is string s && (s.Length == 0 || EmailAddresses.IsValid(s)));
}
