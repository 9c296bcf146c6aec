using Flusio.Web.Shell;
using Microsoft.AspNetCore.Identity;

namespace Flusio.Web.Accounts;

/// <summary>Base of the controllers that work on the signed-in account itself.</summary>
public abstract class AccountController : FlusioController
{
    protected UserManager<User> Users => HttpContext.RequestServices.GetRequiredService<UserManager<User>>();

    /// <summary>The same words whether the name exists or not, whichever count was reached.</summary>
    protected string TooManyFailures => T["Too many failed attempts. Wait 15 minutes and try again, or reset your password."];

    protected System.Net.IPAddress? ClientAddress => HttpContext.Connection.RemoteIpAddress;

    /// <summary>The signed-in user, fresh from the database.</summary>
    protected async Task<User> CurrentUserAsync() =>
        await Users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
}
