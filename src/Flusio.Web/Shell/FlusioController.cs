using Flusio.Web.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Flusio.Web.Shell;

/// <summary>What every controller of the app needs: translations, flash messages, safe redirects.</summary>
public abstract class FlusioController : Controller
{
    protected IStringLocalizer<SharedResource> T => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

    protected void Flash(string message) => TempData["Flash"] = message;

    protected void FlashError(string message) => TempData["FlashError"] = message;

    protected void AddErrors(IEnumerable<IdentityError> errors)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError(string.Empty, error.Description);
        }
    }

    /// <summary>Only local return URLs: never an open redirect.</summary>
    protected IActionResult RedirectToLocal(string? returnUrl, string fallback = "/news") =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : LocalRedirect(fallback);
}
