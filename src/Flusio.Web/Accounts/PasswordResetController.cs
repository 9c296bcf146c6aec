using System.ComponentModel.DataAnnotations;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Flusio.Web.Accounts;

public sealed class ForgotPasswordForm
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
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
[EnableRateLimiting(RateLimits.PasswordReset)]
public sealed class PasswordResetController(AccountMails mails, SessionTracker sessions) : AccountController
{
    [HttpGet("/password/forgot")]
    public IActionResult Forgot() => View(new ForgotPasswordForm());

    [HttpPost("/password/forgot")]
    public async Task<IActionResult> Forgot(ForgotPasswordForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        // The same work and the same answer for every address: the form must not tell who
        // has an account. The job finds the account, or not, later.
        await mails.QueuePasswordResetNowAsync(form.Email.Trim());
        return View("ForgotSent");
    }

    [HttpGet("/password/reset")]
    public IActionResult Reset(Guid user, string? token) =>
        string.IsNullOrEmpty(token) ? View("ResetInvalid") : View(new ResetPasswordForm { User = user, Token = token });

    [HttpPost("/password/reset")]
    public async Task<IActionResult> Reset(ResetPasswordForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await Users.FindByIdAsync(form.User.ToString());
        if (user is null)
        {
            return View("ResetInvalid");
        }

        var result = await Users.ResetPasswordAsync(user, form.Token, form.Password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(Microsoft.AspNetCore.Identity.IdentityErrorDescriber.InvalidToken)))
            {
                return View("ResetInvalid");
            }

            AddErrors(result.Errors);
            return View(form);
        }

        await sessions.EndOthersAsync(user.Id, keep: null);
        await Users.ResetAccessFailedCountAsync(user);
        await Users.SetLockoutEndDateAsync(user, null);
        Flash(T["Your password has been changed. You can log in with it now."]);
        return Redirect("/login");
    }
}
