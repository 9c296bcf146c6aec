using System.Globalization;
using Flusio.Web.Configuration;
using Flusio.Web.Mail;
using Flusio.Web.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Flusio.Web.Accounts;

/// <summary>
/// The account e-mails (address validation, password reset), written in the recipient's
/// language, with absolute links built from BASE_URL (never from the request's Host).
/// </summary>
public sealed class AccountMails(
    UserManager<User> users, IMailSender sender, FlusioSettings settings, IStringLocalizer<SharedResource> t)
{
    public async Task SendValidationAsync(User user, CancellationToken cancellationToken = default)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = Link("/email/validate", user.Id, token);
        await SendAsync(user, user.Email!, "Validate your e-mail address",
            "Hello {0}, please confirm that this is your e-mail address by opening this link (valid for three days):",
            link, cancellationToken);
    }

    public async Task SendPasswordResetAsync(User user, CancellationToken cancellationToken = default)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = Link("/password/reset", user.Id, token);
        await SendAsync(user, user.Email!, "Reset your password",
            "Hello {0}, someone (hopefully you) asked to reset your password. Open this link within one hour to choose a new one. If it was not you, ignore this e-mail:",
            link, cancellationToken);
    }

    private async Task SendAsync(User user, string to, string subjectKey, string introKey, string link, CancellationToken cancellationToken)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(user.Locale);
        try
        {
            var subject = t[subjectKey];
            var text = $"{t[introKey, user.UserName!]}\n\n{link}\n\n— Flusio\n";
            await sender.SendAsync(new OutgoingMail(to, subject, text), cancellationToken);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private string Link(string path, Guid userId, string token)
    {
        var url = new Uri(settings.BaseUrl, path).ToString();
        return QueryHelpers.AddQueryString(url, new Dictionary<string, string?>
        {
            ["user"] = userId.ToString(),
            ["token"] = token,
        });
    }
}
