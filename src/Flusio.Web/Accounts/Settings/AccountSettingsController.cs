using System.ComponentModel.DataAnnotations;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Accounts.Settings;

public sealed class ChangeEmailForm
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddressField(ErrorMessage = "Enter a valid e-mail address.")]
    [Display(Name = "New e-mail")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string CurrentPassword { get; set; } = "";
}

public sealed class ChangePasswordForm
{
    [Required(ErrorMessage = "Enter your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string CurrentPassword { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string NewPassword { get; set; } = "";
}

public sealed class DeleteAccountForm
{
    [Required(ErrorMessage = "Enter your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string Password { get; set; } = "";
}

public sealed record AccountSettingsPage(User User, ChangeEmailForm ChangeEmail, ChangePasswordForm ChangePassword, DeleteAccountForm DeleteAccount, string? FailedForm = null);

/// <summary>E-mail, password and account deletion. Each change asks for the current password.</summary>
[Authorize]
[Route("/settings")]
public sealed class AccountSettingsController(
    FlusioSignInManager signIn, SessionTracker sessions, AccountMails mails, AccountDeletion deletion, PasswordCheck passwords) : AccountController
{
    [HttpGet("")]
    public IActionResult Settings() => Redirect("/settings/account");

    [HttpGet("account")]
    public async Task<IActionResult> Index() => Page(new AccountSettingsPage(await CurrentUserAsync(), new(), new(), new()));

    [HttpPost("account/email")]
    [RefusedForDemoAccount("/settings/account")]
    public async Task<IActionResult> ChangeEmail([Bind(Prefix = "ChangeEmail")] ChangeEmailForm form)
    {
        var user = await CurrentUserAsync();
        if (ModelState.IsValid)
        {
            await CheckPasswordAsync(user, form.CurrentPassword);
        }

        if (ModelState.IsValid)
        {
            var result = await Users.SetEmailAsync(user, form.Email.Trim());
            if (result.Succeeded)
            {
                await EndOtherSessionsAsync(user);
                await mails.QueueValidationNowAsync(user);
                Flash(T["Your e-mail address is changed. We sent a validation link to {0}.", user.Email!]);
                return Redirect("/settings/account");
            }

            AddErrors(result.Errors);
        }

        form.CurrentPassword = "";
        return Page(new AccountSettingsPage(user, form, new(), new(), "email"));
    }

    [HttpPost("account/password")]
    [RefusedForDemoAccount("/settings/account")]
    public async Task<IActionResult> ChangePassword([Bind(Prefix = "ChangePassword")] ChangePasswordForm form)
    {
        var user = await CurrentUserAsync();
        if (ModelState.IsValid)
        {
            await CheckPasswordAsync(user, form.CurrentPassword);
        }

        if (ModelState.IsValid)
        {
            var result = await Users.ChangePasswordAsync(user, form.CurrentPassword, form.NewPassword);
            if (result.Succeeded)
            {
                await EndOtherSessionsAsync(user);
                Flash(T["Your password is changed. Your other sessions are logged out."]);
                return Redirect("/settings/account");
            }

            AddErrors(result.Errors);
        }

        return Page(new AccountSettingsPage(user, new(), new(), new(), "password"));
    }

    [HttpPost("account/delete")]
    [RefusedForDemoAccount("/settings/account")]
    public async Task<IActionResult> Delete([Bind(Prefix = "DeleteAccount")] DeleteAccountForm form)
    {
        var user = await CurrentUserAsync();
        if (ModelState.IsValid)
        {
            await CheckPasswordAsync(user, form.Password);
        }

        if (!ModelState.IsValid)
        {
            return Page(new AccountSettingsPage(user, new(), new(), new(), "delete"));
        }

        await deletion.DeleteAsync(user);
        await signIn.SignOutAsync();
        Flash(T["Your account and all its data are deleted."]);
        return Redirect("/login");
    }

    private async Task EndOtherSessionsAsync(User user)
    {
        await sessions.EndOthersAsync(user.Id, keep: User.SessionId());
        await signIn.RefreshSignInAsync(user);
    }

    private ViewResult Page(AccountSettingsPage page) => View("Index", page);

    /// <summary>The password asked again, counted by the login throttle; a wrong one is a form error.</summary>
    private async Task CheckPasswordAsync(User user, string password)
    {
        switch (await passwords.CheckAsync(user, password, ClientAddress))
        {
            case PasswordCheck.Result.Wrong:
                ModelState.AddModelError(string.Empty, T["The password is incorrect."]);
                break;
            case PasswordCheck.Result.Locked:
                ModelState.AddModelError(string.Empty, TooManyFailures);
                break;
        }
    }
}
