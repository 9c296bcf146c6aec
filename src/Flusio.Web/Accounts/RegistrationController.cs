using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Flusio.Web.Configuration;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Flusio.Web.Accounts;

public sealed class RegisterForm
{
    [Required(ErrorMessage = "Choose a username.")]
    [StringLength(50, MinimumLength = 2, ErrorMessage = "The username must be between 2 and 50 characters long.")]
    [Display(Name = "Username")]
    public string Username { get; set; } = "";

    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddressField(ErrorMessage = "Enter a valid e-mail address.")]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";

    public bool AcceptTerms { get; set; }

    public string? Invitation { get; set; }
}

/// <summary>Creating an account: open, closed, or by invitation (REGISTRATION).</summary>
[EnableRateLimiting(RateLimits.Registration)]
public sealed class RegistrationController(
    FlusioSettings settings,
    InvitationStore invitations,
    AccountRegistrar registrar,
    FlusioSignInManager signIn,
    TermsDocument terms) : FlusioController
{
    [HttpGet("/register")]
    public async Task<IActionResult> Index(string? invitation)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return Redirect("/news");
        }

        return await Refusal(invitation) ?? Form(new RegisterForm { Invitation = invitation });
    }

    [HttpPost("/register")]
    public async Task<IActionResult> Index(RegisterForm form)
    {
        if (await Refusal(form.Invitation) is { } refusal)
        {
            return refusal;
        }

        if (terms.Exists && !form.AcceptTerms)
        {
            ModelState.AddModelError(nameof(form.AcceptTerms), T["You must accept the terms of service."]);
        }

        if (!ModelState.IsValid)
        {
            return Form(form);
        }

        var locale = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr" ? "fr" : "en";
        var result = await registrar.CreateAsync(new AccountRegistrar.NewAccount(form.Username, form.Email, form.Password, locale)
        {
            AcceptedTerms = terms.Exists,
            Invitation = settings.Registration == RegistrationMode.Invite ? form.Invitation : null,
        });
        if (result.Errors.Any(e => e.Code == AccountRegistrar.InvitationUsedCode))
        {
            return View("InvitationRequired");
        }

        if (!result.Succeeded)
        {
            AddErrors(result.Errors);
            return Form(form);
        }

        var user = result.User!;
        await signIn.SignInAsync(user, isPersistent: false);
        Flash(T["Welcome! We sent you an e-mail to validate your address."]);
        return Redirect("/news");
    }

    private ViewResult Form(RegisterForm form)
    {
        ViewData["TermsRequired"] = terms.Exists;
        form.Password = "";
        return View("Index", form);
    }

    /// <summary>The page to show instead of the form when registration is not possible.</summary>
    private async Task<IActionResult?> Refusal(string? invitation)
    {
        switch (settings.Registration)
        {
            case RegistrationMode.Closed:
                return View("Closed");
            case RegistrationMode.Invite:
                return await invitations.IsUsableAsync(invitation) ? null : View("InvitationRequired");
            default:
                return null;
        }
    }
}
