using Microsoft.AspNetCore.Identity;

namespace Flusio.Web.Accounts;

/// <summary>
/// Creates accounts, for the registration form and the `users create` verb alike, so both
/// apply the same username, e-mail and password rules.
/// </summary>
public sealed class AccountRegistrar(UserManager<User> users, TimeProvider clock)
{
    public sealed record Result(User? User, IReadOnlyList<IdentityError> Errors)
    {
        public bool Succeeded => User is not null;
    }

    public async Task<Result> CreateAsync(
        string username, string email, string password, string locale, bool emailConfirmed, bool isAdmin = false, bool acceptedTerms = false)
    {
        var now = clock.GetUtcNow();
        var user = new User
        {
            Id = Guid.CreateVersion7(now),
            UserName = username.Trim(),
            Email = email.Trim(),
            EmailConfirmed = emailConfirmed,
            CreatedAt = now,
            Locale = locale,
            IsAdmin = isAdmin,
            AcceptedTermsAt = acceptedTerms ? now : null,
        };
        var created = await users.CreateAsync(user, password);
        return created.Succeeded ? new Result(user, []) : new Result(null, [.. created.Errors]);
    }
}
