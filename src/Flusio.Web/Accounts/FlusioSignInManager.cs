using Flusio.Web.Shell;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Flusio.Web.Accounts;

/// <summary>
/// Identity's sign-in, plus one server-side session row per signed-in browser: every way
/// of signing in (password, two-factor, recovery code, passkey) goes through
/// <see cref="SignInWithClaimsAsync"/>, so every session is listed and revocable.
/// </summary>
public sealed class FlusioSignInManager(
    UserManager<User> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<User> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<User>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation,
    SessionTracker sessions)
    : SignInManager<User>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task SignInWithClaimsAsync(User user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        // A refresh (preferences changed, password changed) keeps the browser's session.
        var current = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var sameUser = current.Succeeded && current.Principal.UserId() == user.Id;
        if (current.Succeeded && !sameUser && current.Principal.UserId() is { } previousUser && current.Principal.SessionId() is { } previousSession)
        {
            // Another account signs in on this browser: the previous one's session ends here.
            await sessions.EndAsync(previousUser, previousSession);
        }

        var sessionId = sameUser ? current.Principal!.SessionId() : null;
        sessionId ??= await sessions.StartAsync(user.Id, Context);

        var claims = additionalClaims.Where(c => c.Type != FlusioClaims.Session).ToList();
        claims.Add(new Claim(FlusioClaims.Session, sessionId.Value.ToString()));
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    public override async Task SignOutAsync()
    {
        var current = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (current.Succeeded && current.Principal.UserId() is { } userId && current.Principal.SessionId() is { } sessionId)
        {
            await sessions.EndAsync(userId, sessionId);
        }

        await base.SignOutAsync();
    }
}
