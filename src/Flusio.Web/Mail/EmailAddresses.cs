using System.Globalization;
using System.Text.RegularExpressions;

namespace Flusio.Web.Mail;

/// <summary>
/// The one e-mail address parser, for validation and for sending alike: a plain
/// <c>local@domain</c> address that the mailer can send to. Display names ("x &lt;carol@…&gt;"),
/// lists, quotes, spaces and comments are refused before anything is written.
/// </summary>
public static partial class EmailAddresses
{
    private const int MaxLength = 254;

    /// <summary>The address, trimmed, when it is one the app accepts; null otherwise.</summary>
    public static string? Normalize(string? input)
    {
        var address = input?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength)
        {
            return null;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@') != at)
        {
            return null;
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Length > 64 || !LocalPart().IsMatch(local) || !IsDomain(domain))
        {
            return null;
        }

        // What is accepted here is exactly what the mailer reads back: one mailbox, no name.
        return MimeKit.MailboxAddress.TryParse(address, out var mailbox) && string.IsNullOrEmpty(mailbox.Name) && mailbox.Address == address
            ? address
            : null;
    }

    public static bool IsValid(string? input) => Normalize(input) is not null;

    private static bool IsDomain(string domain)
    {
        string ascii;
        try
        {
            ascii = new IdnMapping().GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return false;
        }

        var labels = ascii.Split('.');
        return labels.Length >= 2 && labels.All(l => DomainLabel().IsMatch(l)) && !labels[^1].All(char.IsAsciiDigit);
    }

    // RFC 5322 dot-atom: atext characters, single dots between them.
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\p{L}\p{N}-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\p{L}\p{N}-]+)*$")]
    private static partial Regex LocalPart();

    [GeneratedRegex("^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")]
    private static partial Regex DomainLabel();
}
