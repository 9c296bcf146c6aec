using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Flusio.Web.Accounts;

/// <summary>Claims the app adds to the authentication cookie.</summary>
public static class FlusioClaims
{
    /// <summary>Id of the <see cref="UserSession"/> row this cookie belongs to.</summary>
    public const string Session = "flusio:sid";
    public const string Locale = "flusio:locale";
    public const string Theme = "flusio:theme";
    public const string Admin = "flusio:admin";
    public const string EmailUnvalidated = "flusio:email_unvalidated";

    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid? SessionId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(Session), out var id) ? id : null;
}

/// <summary>Puts the user's preferences in the cookie so pages need no query to apply them.</summary>
public sealed class FlusioClaimsPrincipalFactory(
    UserManager<User> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(FlusioClaims.Locale, user.Locale));
        identity.AddClaim(new Claim(FlusioClaims.Theme, user.Theme));
        if (!user.EmailConfirmed)
        {
            identity.AddClaim(new Claim(FlusioClaims.EmailUnvalidated, "true"));
        }

        if (user.IsAdmin)
        {
            identity.AddClaim(new Claim(FlusioClaims.Admin, "true"));
        }

        return identity;
    }
}
