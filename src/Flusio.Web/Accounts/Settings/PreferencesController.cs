using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Accounts.Settings;

public sealed class PreferencesForm
{
    public string Locale { get; set; } = "en";

    public string Theme { get; set; } = "system";
}

/// <summary>Language and theme.</summary>
[Authorize]
[Route("/settings/preferences")]
public sealed class PreferencesController(FlusioSignInManager signIn) : AccountController
{
    public static readonly string[] Locales = ["en", "fr"];
    public static readonly string[] Themes = ["system", "light", "dark"];

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var user = await CurrentUserAsync();
        return View(new PreferencesForm { Locale = user.Locale, Theme = user.Theme });
    }

    [HttpPost("")]
    public async Task<IActionResult> Index(PreferencesForm form)
    {
        if (!Locales.Contains(form.Locale))
        {
            ModelState.AddModelError(nameof(form.Locale), T["Choose a language from the list."]);
        }

        if (!Themes.Contains(form.Theme))
        {
            ModelState.AddModelError(nameof(form.Theme), T["Choose a theme from the list."]);
        }

        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await CurrentUserAsync();
        user.Locale = form.Locale;
        user.Theme = form.Theme;
        await Users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        // Also remembered by the browser, for the login page after logging out.
        Response.Cookies.Append(UserPreferenceCultureProvider.CookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(form.Locale)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        // Say it in the language just chosen.
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(form.Locale);
        Flash(T["Your preferences are saved."]);
        return Redirect("/settings/preferences");
    }
}
