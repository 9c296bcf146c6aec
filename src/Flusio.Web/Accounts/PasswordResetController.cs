using System.ComponentModel.DataAnnotations;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Flusio.Web.Accounts;

public sealed class ForgotPasswordForm
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddressField(ErrorMessage = "Enter a valid e-mail address.")]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";
}

public sealed class ResetPasswordForm
{
    public Guid User { get; set; }

    public string Token { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string Password { get; set; } = "";
}

/// <summary>Forgotten password: a link by e-mail, valid one hour, that ends every session.</summary>
public sealed class PasswordResetController(PasswordResets resets) : AccountController
{
    [HttpGet("/password/forgot")]
    public IActionResult Forgot() => View(new ForgotPasswordForm());

    [HttpPost("/password/forgot")]
    [EnableRateLimiting(RateLimits.PasswordReset)]
    public async Task<IActionResult> Forgot(ForgotPasswordForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        // The same work and the same answer for every address: the form must not tell who has an account.
        await resets.RequestAsync(form.Email);
        return View("ForgotSent");
    }

    [HttpGet("/password/reset")]
    public IActionResult Reset(Guid user, string? token) =>
        string.IsNullOrEmpty(token) ? View("ResetInvalid") : View(new ResetPasswordForm { User = user, Token = token });

    [HttpPost("/password/reset")]
    [EnableRateLimiting(RateLimits.PasswordReset)]
    public async Task<IActionResult> Reset(ResetPasswordForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var result = await resets.CompleteAsync(form.User, form.Token, form.Password);
        if (result is null)
        {
            return View("ResetInvalid");
        }

        if (!result.Succeeded)
        {
            AddErrors(result.Errors);
            return View(form);
        }

        Flash(T["Your password has been changed. You can log in with it now."]);
        return Redirect("/login");
    }
}
