using Microsoft.AspNetCore.Localization;

namespace Flusio.Web.Shell;

/// <summary>A signed-in user's language comes from their preference (a claim of the cookie).</summary>
public sealed class UserPreferenceCultureProvider : RequestCultureProvider
{
    public const string CookieName = "flusio_locale";

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var locale = httpContext.User.FindFirst(FlusioClaims.Locale)?.Value;
        return Task.FromResult(string.IsNullOrEmpty(locale) ? null : new ProviderCultureResult(locale));
    }
}
