using System.Security.Claims;
using System.Text.Encodings.Web;
using Flusio.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Flusio.Web.Api;

/// <summary>
/// The API's own authentication: <c>Authorization: Bearer flusio_…</c>, checked against the
/// hashes of <see cref="ApiTokens"/>. It is never the default scheme, so it authenticates no
/// page; the API's policy names only it, so the sign-in cookie authenticates no API call
/// (a page of another site cannot make the browser call the API as its user).
/// </summary>
public sealed class ApiTokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string Policy = "api";
    public const string ScopeClaim = "flusio:scope";
    public const string TokenClaim = "flusio:token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Not a bearer token.");
        }

        var caller = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (caller is null)
        {
            return AuthenticateResult.Fail("Unknown, expired or revoked token, or a disabled account.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, caller.UserId.ToString()),
            new Claim(ClaimTypes.Name, caller.UserName),
            new Claim(TokenClaim, caller.TokenId.ToString()),
            new Claim(ScopeClaim, caller.Scope == ApiTokenScope.Write ? "write" : "read"),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = Request.Headers.Authorization.Count > 0;
        Response.Headers.WWWAuthenticate = presented ? "Bearer realm=\"flusio\", error=\"invalid_token\"" : "Bearer realm=\"flusio\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: presented
                ? "The token is unknown, expired or revoked, or its account is disabled."
                : "This call needs a personal access token: Authorization: Bearer flusio_… (create one in Settings, API tokens).").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: "This token may only read: changes need a token of write scope.").ExecuteAsync(Context);
}

/// <summary>Reading needs any valid token; anything else (POST, PUT, PATCH, DELETE) a token of write scope.</summary>
public sealed class ApiScopeRequirement : AuthorizationHandler<ApiScopeRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiScopeRequirement requirement)
    {
        var method = (context.Resource as HttpContext)?.Request.Method ?? HttpMethods.Get;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || context.User.HasClaim(ApiTokenAuthentication.ScopeClaim, "write"))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
