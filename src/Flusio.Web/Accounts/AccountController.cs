using Flusio.Web.Shell;
using Microsoft.AspNetCore.Identity;

namespace Flusio.Web.Accounts;

/// <summary>Base of the controllers that work on the signed-in account itself.</summary>
public abstract class AccountController : FlusioController
{
    protected UserManager<User> Users => HttpContext.RequestServices.GetRequiredService<UserManager<User>>();

    /// <summary>The signed-in user, fresh from the database.</summary>
    protected async Task<User> CurrentUserAsync() =>
        await Users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
}
