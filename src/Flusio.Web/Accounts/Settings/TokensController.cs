using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Accounts.Settings;

public sealed class TokenForm
{
    public string? Name { get; set; }

    /// <summary>"read" or "write".</summary>
    public string Scope { get; set; } = "read";

    /// <summary>Days until the token expires; empty for never.</summary>
    public string? ExpiresInDays { get; set; }
}

/// <summary>The page's tokens, its form, and the secret of a token just created (shown once).</summary>
public sealed record TokensPage(IReadOnlyList<ApiTokenSummary> Tokens, TokenForm Form, string? NewSecret, DateTimeOffset Now);

/// <summary>Personal access tokens of the API: created here (the token shown once), listed with their last use, revoked.</summary>
[Authorize]
[Route("/settings/tokens")]
public sealed class TokensController(ApiTokens tokens, TimeProvider clock) : FlusioController
{
    public static readonly int[] ExpiryChoices = [7, 30, 90, 365];

    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await PageAsync(new TokenForm(), null));

    [HttpPost("")]
    public async Task<IActionResult> Create(TokenForm form)
    {
        var scope = form.Scope switch { "read" => ApiTokenScope.Read, "write" => ApiTokenScope.Write, _ => (ApiTokenScope?)null };
        if (scope is null)
        {
            ModelState.AddModelError(nameof(form.Scope), T["Choose read or write."]);
        }

        int? days = null;
        if (!string.IsNullOrEmpty(form.ExpiresInDays))
        {
            if (int.TryParse(form.ExpiresInDays, out var parsed) && ExpiryChoices.Contains(parsed))
            {
                days = parsed;
            }
            else
            {
                ModelState.AddModelError(nameof(form.ExpiresInDays), T["Choose an expiry from the list."]);
            }
        }

        if (ModelState.IsValid)
        {
            var (_, secret, error) = await tokens.CreateAsync(User.UserId()!.Value, form.Name, scope!.Value, days);
            if (error is null)
            {
                // The secret is in this answer only: nothing may keep a copy of it.
                Response.Headers.CacheControl = "no-store";
                return View("Index", await PageAsync(new TokenForm(), secret));
            }

            ModelState.AddModelError(nameof(form.Name), T["A token's name has at most {0} characters.", ApiToken.MaxNameLength]);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Index", await PageAsync(form, null));
    }

    [HttpPost("{id:guid}/revoke")]
    public async Task<IActionResult> Revoke(Guid id)
    {
        // Scoped to the user: someone else's token id is not found.
        if (!await tokens.RevokeAsync(User.UserId()!.Value, id))
        {
            return NotFound();
        }

        Flash(T["The token is revoked."]);
        return Redirect("/settings/tokens");
    }

    private async Task<TokensPage> PageAsync(TokenForm form, string? secret) =>
        new(await tokens.ListAsync(User.UserId()!.Value), form, secret, clock.GetUtcNow());
}
