using System.ComponentModel.DataAnnotations;
using System.Text;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using QRCoder;

namespace Flusio.Web.Accounts.Settings;

public sealed class EnableTotpForm
{
    [Required(ErrorMessage = "Enter the code.")]
    [Display(Name = "Code")]
    public string Code { get; set; } = "";
}

public sealed class PasswordConfirmForm
{
    [Required(ErrorMessage = "Enter your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string Password { get; set; } = "";
}

public sealed record SecurityPage(bool TwoFactorEnabled, int RecoveryCodesLeft, IList<UserPasskeyInfo> Passkeys);

public sealed record TotpSetupPage(string SharedKey, string QrCodeDataUri, EnableTotpForm Form);

/// <summary>Two-factor authentication (authenticator app, recovery codes) and passkeys.</summary>
[Authorize]
[Route("/settings/security")]
public sealed class SecuritySettingsController(FlusioSignInManager signIn, PasswordCheck passwords) : AccountController
{
    private const int RecoveryCodeCount = 10;

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var user = await CurrentUserAsync();
        return View(new SecurityPage(
            await Users.GetTwoFactorEnabledAsync(user),
            await Users.CountRecoveryCodesAsync(user),
            await Users.GetPasskeysAsync(user)));
    }

    [HttpGet("totp")]
    [RefusedForDemoAccount("/settings/security")]
    public async Task<IActionResult> Totp()
    {
        var user = await CurrentUserAsync();
        if (await Users.GetTwoFactorEnabledAsync(user))
        {
            return Redirect("/settings/security");
        }

        return View(await SetupPageAsync(user, new EnableTotpForm()));
    }

    [HttpPost("totp")]
    [RefusedForDemoAccount("/settings/security")]
    public async Task<IActionResult> Totp(EnableTotpForm form)
    {
        var user = await CurrentUserAsync();
        if (ModelState.IsValid)
        {
            var code = form.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            var valid = await Users.VerifyTwoFactorTokenAsync(user, Users.Options.Tokens.AuthenticatorTokenProvider, code);
            if (valid)
            {
                await Users.SetTwoFactorEnabledAsync(user, true);
                var codes = await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
                await signIn.RefreshSignInAsync(user);
                return View("RecoveryCodes", codes!.ToList());
            }

            ModelState.AddModelError(nameof(form.Code), T["This code is not valid. Check your authenticator app and try again."]);
        }

        form.Code = "";
        return View(await SetupPageAsync(user, form));
    }

    [HttpPost("totp/disable")]
    [RefusedForDemoAccount("/settings/security")]
    public async Task<IActionResult> Disable(PasswordConfirmForm form)
    {
        var user = await CurrentUserAsync();
        if (await RefusedAsync(user, form) is { } refused)
        {
            return refused;
        }

        await Users.SetTwoFactorEnabledAsync(user, false);
        await Users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        Flash(T["Two-factor authentication is disabled."]);
        return Redirect("/settings/security");
    }

    [HttpPost("recovery-codes")]
    [RefusedForDemoAccount("/settings/security")]
    public async Task<IActionResult> RecoveryCodes(PasswordConfirmForm form)
    {
        var user = await CurrentUserAsync();
        if (!await Users.GetTwoFactorEnabledAsync(user))
        {
            return Redirect("/settings/security");
        }

        if (await RefusedAsync(user, form) is { } refused)
        {
            return refused;
        }

        var codes = await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        return View("RecoveryCodes", codes!.ToList());
    }

    /// <summary>The password asked again, counted by the login throttle; null when it is right.</summary>
    private async Task<IActionResult?> RefusedAsync(User user, PasswordConfirmForm form)
    {
        var result = ModelState.IsValid ? await passwords.CheckAsync(user, form.Password, ClientAddress) : PasswordCheck.Result.Wrong;
        if (result == PasswordCheck.Result.Correct)
        {
            return null;
        }

        FlashError(result == PasswordCheck.Result.Locked ? TooManyFailures : T["The password is incorrect."]);
        return Redirect("/settings/security");
    }

    private async Task<TotpSetupPage> SetupPageAsync(User user, EnableTotpForm form)
    {
        var key = await Users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await Users.ResetAuthenticatorKeyAsync(user);
            key = await Users.GetAuthenticatorKeyAsync(user);
        }

        var uri = $"otpauth://totp/{Uri.EscapeDataString("Flusio:" + user.UserName)}?secret={key}&issuer=Flusio&digits=6";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return new TotpSetupPage(FormatKey(key!), "data:image/png;base64," + Convert.ToBase64String(png), form);
    }

    /// <summary>"abcd efgh ..." is easier to type than one long run.</summary>
    private static string FormatKey(string key)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            builder.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return builder.ToString().TrimEnd().ToLowerInvariant();
    }
}
