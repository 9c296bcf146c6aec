using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Flusio.Web.Accounts;

/// <summary>Validating an e-mail address from the link we sent, and sending it again.</summary>
public sealed class EmailValidationController(AccountMails mails, FlusioSignInManager signIn) : AccountController
{
    [HttpGet("/email/validate")]
    public async Task<IActionResult> Validate(Guid user, string? token)
    {
        var account = string.IsNullOrEmpty(token) ? null : await Users.FindByIdAsync(user.ToString());
        var validated = account is not null && (await Users.ConfirmEmailAsync(account, token!)).Succeeded;
        if (validated && User.UserId() == account!.Id)
        {
            // Drop the "not validated" banner at once.
            await signIn.RefreshSignInAsync(account);
        }

        return View(validated);
    }

    [HttpPost("/email/validate/resend")]
    [Authorize]
    [EnableRateLimiting(RateLimits.EmailValidation)]
    public async Task<IActionResult> Resend()
    {
        var user = await CurrentUserAsync();
        if (user.EmailConfirmed)
        {
            Flash(T["Your e-mail address is already validated."]);
        }
        else
        {
            await mails.QueueValidationNowAsync(user);
            Flash(T["We sent the validation link again to {0}.", user.Email!]);
        }

        return RedirectToLocal(Request.Headers.Referer.ToString() is { Length: > 0 } referer && Uri.TryCreate(referer, UriKind.Absolute, out var uri) ? uri.PathAndQuery : null);
    }
}
