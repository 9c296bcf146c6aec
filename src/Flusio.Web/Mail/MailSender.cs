using Flusio.Web.Configuration;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Flusio.Web.Mail;

/// <summary>A message to one recipient, with a plain-text body and an optional HTML body.</summary>
public sealed record OutgoingMail(string To, string Subject, string TextBody, string? HtmlBody = null);

public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}

/// <summary>Builds the MIME message the same way for every transport.</summary>
internal static class MimeMessages
{
    public static MimeMessage Build(OutgoingMail mail, FlusioSettings settings)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.MailFrom));
        // The same parser as the accounts' rule: what was accepted is what is sent to.
        var to = EmailAddresses.Normalize(mail.To) ?? throw new ArgumentException($"Not a sendable address: '{mail.To}'.", nameof(mail));
        message.To.Add(new MailboxAddress("", to));
        message.Subject = mail.Subject;
        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        message.Body = body.ToMessageBody();
        return message;
    }
}

/// <summary>Sends through the SMTP server of SMTP_HOST (MailKit).</summary>
public sealed class SmtpMailSender(FlusioSettings settings, ILogger<SmtpMailSender> logger) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var message = MimeMessages.Build(mail, settings);
        using var client = new SmtpClient { Timeout = 20_000 };
        var security = settings.SmtpSecurity switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.SmtpUsername))
        {
            await client.AuthenticateAsync(settings.SmtpUsername, settings.SmtpPassword ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        logger.LogInformation("Sent mail '{Subject}' to {To}", mail.Subject, mail.To);
    }
}

/// <summary>
/// Without SMTP_HOST, mails are written as .eml files under DATA_PATH/mail and logged,
/// so that a local run can follow validation and reset links.
/// </summary>
public sealed class FileMailSender(FlusioSettings settings, TimeProvider clock, ILogger<FileMailSender> logger) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(settings.FullDataPath, "mail");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
        var message = MimeMessages.Build(mail, settings);
        await message.WriteToAsync(path, cancellationToken);
        logger.LogInformation("SMTP_HOST is not set: mail '{Subject}' to {To} written to {Path}", mail.Subject, mail.To, path);
    }
}

public static class MailServices
{
    /// <summary>SMTP when SMTP_HOST is set, files under DATA_PATH/mail otherwise.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services, FlusioSettings settings)
    {
        if (string.IsNullOrEmpty(settings.SmtpHost))
        {
            services.AddSingleton<IMailSender, FileMailSender>();
        }
        else
        {
            services.AddSingleton<IMailSender, SmtpMailSender>();
        }

        return services;
    }
}
