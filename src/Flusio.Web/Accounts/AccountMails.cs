using System.Globalization;
using Flusio.Web.Configuration;
using Flusio.Web.Jobs;
using Flusio.Web.Mail;
using Flusio.Web.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Flusio.Web.Accounts;

/// <summary>
/// The account e-mails (address validation, password reset). A request only queues one:
/// the job writes it in the recipient's language, with a fresh token and absolute links
/// built from BASE_URL (never from the request's Host), and sends it, retried with backoff
/// while the mail server is away. A reset asked for an unknown address queues the same job,
/// which finds no account and sends nothing: the request cannot tell who has an account.
/// </summary>
public sealed class AccountMails(
    UserManager<User> users, IMailSender sender, FlusioSettings settings, IStringLocalizer<SharedResource> t, JobQueue queue,
    ILogger<AccountMails> logger)
{
    public const string JobName = "account-mail";
    public const string Validation = "validation";
    public const string PasswordReset = "password-reset";

    public sealed record Arguments(string Kind, Guid? UserId = null, string? Email = null);

    /// <summary>Adds the validation mail to the caller's unit of work.</summary>
    public void QueueValidation(User user) => queue.Enqueue(JobName, new Arguments(Validation, UserId: user.Id));

    public Task QueueValidationNowAsync(User user, CancellationToken cancellationToken = default) =>
        queue.EnqueueNowAsync(JobName, new Arguments(Validation, UserId: user.Id), cancellationToken: cancellationToken);

    /// <summary>The same work whether or not an account uses <paramref name="email"/>.</summary>
    public Task QueuePasswordResetNowAsync(string email, CancellationToken cancellationToken = default) =>
        queue.EnqueueNowAsync(JobName, new Arguments(PasswordReset, Email: email), cancellationToken: cancellationToken);

    /// <summary>Writes and sends one mail (the job's work). Throws when the mail server fails: the job retries.</summary>
    public async Task SendAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        switch (arguments.Kind)
        {
            case Validation:
                var user = arguments.UserId is { } id ? await users.FindByIdAsync(id.ToString()) : null;
                if (user is null || user.EmailConfirmed)
                {
                    return; // Deleted since, or validated meanwhile.
                }

                var validate = Link("/email/validate", user.Id, await users.GenerateEmailConfirmationTokenAsync(user));
                await SendAsync(user, "Validate your e-mail address",
                    "Hello {0}, please confirm that this is your e-mail address by opening this link (valid for three days):",
                    validate, cancellationToken);
                break;
            case PasswordReset:
                var owner = arguments.Email is { } email ? await users.FindByEmailAsync(email) : null;
                if (owner is null)
                {
                    logger.LogInformation("Password reset asked for an address no account uses: nothing sent");
                    return;
                }

                var reset = Link("/password/reset", owner.Id, await users.GeneratePasswordResetTokenAsync(owner));
                await SendAsync(owner, "Reset your password",
                    "Hello {0}, someone (hopefully you) asked to reset your password. Open this link within one hour to choose a new one. If it was not you, ignore this e-mail:",
                    reset, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"Unknown account mail '{arguments.Kind}'.");
        }
    }

    private async Task SendAsync(User user, string subjectKey, string introKey, string link, CancellationToken cancellationToken)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(user.Locale);
        try
        {
            var subject = t[subjectKey];
            var text = $"{t[introKey, user.UserName!]}\n\n{link}\n\n— Flusio\n";
            await sender.SendAsync(new OutgoingMail(user.Email!, subject, text), cancellationToken);
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

/// <summary>Sends the account mail a request queued.</summary>
public sealed class AccountMailJob(AccountMails mails) : IJobHandler
{
    public Task RunAsync(JobRun run, CancellationToken cancellationToken) =>
        mails.SendAsync(run.Arguments<AccountMails.Arguments>(), cancellationToken);
}
