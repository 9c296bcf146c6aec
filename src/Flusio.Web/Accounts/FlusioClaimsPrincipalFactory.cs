using System.Security.Claims;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Flusio.Web.Accounts;

/// <summary>Puts the user's preferences in the cookie so pages need no query to apply them.</summary>
public sealed class FlusioClaimsPrincipalFactory(UserManager<User> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User>(users, options)
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
