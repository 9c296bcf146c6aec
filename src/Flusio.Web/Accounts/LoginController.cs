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
public sealed class LoginController(FlusioSignInManager signIn, PasswordLogin login) : AccountController
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
    [EnableRateLimiting(RateLimits.Login)]
    public async Task<IActionResult> Index(LoginForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        switch (await login.PasswordAsync(form.Identifier, form.Password, form.RememberMe, ClientAddress))
        {
            case PasswordLogin.Outcome.SignedIn:
                return RedirectToLocal(form.ReturnUrl);
            case PasswordLogin.Outcome.NeedsSecondFactor:
                return RedirectToAction(nameof(TwoFactor), new { returnUrl = form.ReturnUrl, rememberMe = form.RememberMe });
            case PasswordLogin.Outcome.Throttled:
                ModelState.AddModelError(string.Empty, TooManyFailures);
                break;
            default:
                ModelState.AddModelError(string.Empty, T["Incorrect username, e-mail or password."]);
                break;
        }

        form.Password = "";
        return View(form);
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
    [EnableRateLimiting(RateLimits.TwoFactor)]
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
        var outcome = await login.AuthenticatorCodeAsync(user, code, form.RememberMe, ClientAddress);
        if (outcome == PasswordLogin.Outcome.SignedIn)
        {
            return RedirectToLocal(form.ReturnUrl);
        }

        ModelState.AddModelError(nameof(form.Code), outcome == PasswordLogin.Outcome.Throttled
            ? TooManyFailures
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
    [EnableRateLimiting(RateLimits.TwoFactor)]
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

        var outcome = await login.RecoveryCodeAsync(user, form.Code.Replace(" ", "", StringComparison.Ordinal), ClientAddress);
        if (outcome == PasswordLogin.Outcome.SignedIn)
        {
            Flash(T["You used a recovery code. Generate new ones in your security settings if you are running out."]);
            return RedirectToLocal(form.ReturnUrl);
        }

        ModelState.AddModelError(nameof(form.Code), outcome == PasswordLogin.Outcome.Throttled
            ? TooManyFailures
            : T["This recovery code is not valid."]);
        return View(form);
    }

    [HttpPost("/logout")]
    [Authorize]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return Redirect("/login");
    }
}
