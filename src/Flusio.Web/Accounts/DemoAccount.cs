using System.Security.Claims;
using Flusio.Web.Configuration;
using Flusio.Web.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;

namespace Flusio.Web.Accounts;

/// <summary>
/// The shared account of a demo instance (<c>DEMO=true</c>): fixed credentials, printed on the
/// login page for every visitor. Its data is reset every night (see <c>Demo/DemoSeed</c>); its
/// credentials and sessions never change, or the next visitor could not log in.
/// </summary>
public static class DemoAccount
{
    public const string Username = "demo";

    /// <summary>Public on purpose: the login page shows it. The seeding sets it without the strength rules.</summary>
    public const string Password = "demo";

    public const string Email = "demo@example.org";

    /// <summary>Whether <paramref name="user"/> is the demo account of a demo instance.</summary>
    public static bool Is(FlusioSettings settings, ClaimsPrincipal user) =>
        settings.Demo && string.Equals(user.Identity?.Name, Username, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Put on an action that changes the account itself (e-mail, password, deletion, two-factor,
/// passkeys, sessions): for the demo account it runs nothing, and the user lands on
/// <paramref name="back"/> with a message saying why.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RefusedForDemoAccountAttribute(string back) : Attribute, IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        if (!DemoAccount.Is(services.GetRequiredService<FlusioSettings>(), context.HttpContext.User))
        {
            await next();
            return;
        }

        var t = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var tempData = services.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context.HttpContext);
        tempData["FlashError"] = t["The demo account cannot be changed: its e-mail, password, security and sessions stay as they are for every visitor."].Value;
        context.Result = new RedirectResult(back);
    }
}
