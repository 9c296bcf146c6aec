using System.ComponentModel.DataAnnotations;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Flusio.Web.Accounts;

public sealed class LoginForm
{
    [Required(ErrorMessage = "Enter your username or e-mail address.")]
    [Display(Name = "Username or e-mail")]
    public string Identifier { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";

    [Display(Name = "Remember me")]
    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class TwoFactorForm
{
    [Required(ErrorMessage = "Enter the code.")]
    [Display(Name = "Code")]
    public string Code { get; set; } = "";

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>Logging in (password, then a second factor when enabled) and out.</summary>
[EnableRateLimiting(RateLimits.Login)]
public sealed class LoginController(FlusioSignInManager signIn, ILogger<LoginController> logger) : AccountController
{
    [HttpGet("/login")]
    public IActionResult Index(string? returnUrl)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return RedirectToLocal(returnUrl);
        }

        return View(new LoginForm { ReturnUrl = returnUrl });
    }

    [HttpPost("/login")]
    public async Task<IActionResult> Index(LoginForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var identifier = form.Identifier.Trim();
        var user = identifier.Contains('@', StringComparison.Ordinal)
            ? await Users.FindByEmailAsync(identifier) ?? await Users.FindByNameAsync(identifier)
            : await Users.FindByNameAsync(identifier);
        if (user is null)
        {
            return Failed(form, identifier);
        }

        var result = await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return RedirectToLocal(form.ReturnUrl);
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(TwoFactor), new { returnUrl = form.ReturnUrl, rememberMe = form.RememberMe });
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("Login refused for locked-out account {UserName} from {ClientIp}", user.UserName, ClientIp);
            ModelState.AddModelError(string.Empty, T["Too many failed attempts: this account is locked for 15 minutes."]);
            return View(form);
        }

        return Failed(form, identifier);
    }

    [HttpGet("/login/two-factor")]
    public async Task<IActionResult> TwoFactor(string? returnUrl, bool rememberMe)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return Redirect("/login");
        }

        return View(new TwoFactorForm { ReturnUrl = returnUrl, RememberMe = rememberMe });
    }

    [HttpPost("/login/two-factor")]
    public async Task<IActionResult> TwoFactor(TwoFactorForm form)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect("/login");
        }

        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var code = form.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, form.RememberMe, rememberClient: false);
        if (result.Succeeded)
        {
            return RedirectToLocal(form.ReturnUrl);
        }

        logger.LogWarning("Failed two-factor code for {UserName} from {ClientIp}", user.UserName, ClientIp);
        ModelState.AddModelError(nameof(form.Code), result.IsLockedOut
            ? T["Too many failed attempts: this account is locked for 15 minutes."]
            : T["This code is not valid. Check your authenticator app and try again."]);
        return View(form);
    }

    [HttpGet("/login/recovery-code")]
    public async Task<IActionResult> RecoveryCode(string? returnUrl)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return Redirect("/login");
        }

        return View(new TwoFactorForm { ReturnUrl = returnUrl });
    }

    [HttpPost("/login/recovery-code")]
    public async Task<IActionResult> RecoveryCode(TwoFactorForm form)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect("/login");
        }

        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(form.Code.Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
        {
            Flash(T["You used a recovery code. Generate new ones in your security settings if you are running out."]);
            return RedirectToLocal(form.ReturnUrl);
        }

        logger.LogWarning("Failed recovery code for {UserName} from {ClientIp}", user.UserName, ClientIp);
        ModelState.AddModelError(nameof(form.Code), T["This recovery code is not valid."]);
        return View(form);
    }

    [HttpPost("/logout")]
    [Authorize]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return Redirect("/login");
    }

    private string ClientIp => HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private ViewResult Failed(LoginForm form, string identifier)
    {
        logger.LogWarning("Failed login for {Identifier} from {ClientIp}", identifier, ClientIp);
        ModelState.AddModelError(string.Empty, T["Incorrect username, e-mail or password."]);
        form.Password = "";
        return View(form);
    }
}
