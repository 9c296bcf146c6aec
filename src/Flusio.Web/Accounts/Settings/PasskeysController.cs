using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace Flusio.Web.Accounts.Settings;

/// <summary>
/// Passkeys through Identity's WebAuthn support: wwwroot/js/passkeys.js asks for the
/// options, lets the browser create or use the credential, and posts it back here.
/// </summary>
public sealed class PasskeysController(FlusioSignInManager signIn, ILogger<PasskeysController> logger) : AccountController
{
    private const int MaxPasskeys = 20;

    [HttpPost("/settings/security/passkeys/options")]
    [Authorize]
    public async Task<IActionResult> CreationOptions()
    {
        var user = await CurrentUserAsync();
        var entity = new PasskeyUserEntity { Id = user.Id.ToString(), Name = user.UserName!, DisplayName = user.UserName! };
        return Content(await signIn.MakePasskeyCreationOptionsAsync(entity), "application/json");
    }

    [HttpPost("/settings/security/passkeys")]
    [RefusedForDemoAccount("/settings/security")]
    [Authorize]
    public async Task<IActionResult> Add(string? credential, string? name)
    {
        var user = await CurrentUserAsync();
        if (string.IsNullOrEmpty(credential))
        {
            FlashError(T["Your browser did not create a passkey."]);
            return Redirect("/settings/security");
        }

        if ((await Users.GetPasskeysAsync(user)).Count >= MaxPasskeys)
        {
            FlashError(T["You cannot add more than {0} passkeys.", MaxPasskeys]);
            return Redirect("/settings/security");
        }

        var attestation = await signIn.PerformPasskeyAttestationAsync(credential);
        if (!attestation.Succeeded)
        {
            logger.LogWarning("Passkey attestation failed for {UserName}: {Reason}", user.UserName, attestation.Failure?.Message);
            FlashError(T["The passkey could not be added."]);
            return Redirect("/settings/security");
        }

        var passkey = attestation.Passkey;
        passkey.Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim()[..Math.Min(100, name.Trim().Length)];
        var result = await Users.AddOrUpdatePasskeyAsync(user, passkey);
        if (!result.Succeeded)
        {
            FlashError(T["The passkey could not be added."]);
            return Redirect("/settings/security");
        }

        Flash(T["The passkey is added: you can log in with it."]);
        return Redirect("/settings/security");
    }

    [HttpPost("/settings/security/passkeys/{id}/delete")]
    [RefusedForDemoAccount("/settings/security")]
    [Authorize]
    public async Task<IActionResult> Remove(string id)
    {
        var user = await CurrentUserAsync();
        byte[] credentialId;
        try
        {
            credentialId = WebEncoders.Base64UrlDecode(id);
        }
        catch (FormatException)
        {
            return NotFound();
        }

        // Only the user's own passkeys: another user's id is simply not found.
        if (await Users.GetPasskeyAsync(user, credentialId) is null)
        {
            return NotFound();
        }

        await Users.RemovePasskeyAsync(user, credentialId);
        Flash(T["The passkey is removed."]);
        return Redirect("/settings/security");
    }

    [HttpPost("/login/passkey/options")]
    [EnableRateLimiting(RateLimits.Passkey)]
    public async Task<IActionResult> RequestOptions() =>
        Content(await signIn.MakePasskeyRequestOptionsAsync(user: null), "application/json");

    [HttpPost("/login/passkey")]
    [EnableRateLimiting(RateLimits.Passkey)]
    public async Task<IActionResult> Login(string? credential, string? returnUrl)
    {
        if (!string.IsNullOrEmpty(credential))
        {
            Microsoft.AspNetCore.Identity.SignInResult result;
            try
            {
                result = await signIn.PasskeySignInAsync(credential);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException or FormatException)
            {
                // No options asked for first (no pending challenge), or a credential that is not one.
                logger.LogWarning("Passkey login refused from {ClientIp}: {Reason}", ClientAddress, LogText.Of(e.Message));
                return BadRequest();
            }

            if (result.Succeeded)
            {
                return RedirectToLocal(returnUrl);
            }
        }

        logger.LogWarning("Failed passkey login from {ClientIp}", ClientAddress);
        FlashError(T["This passkey could not log you in."]);
        return Redirect("/login");
    }
}
