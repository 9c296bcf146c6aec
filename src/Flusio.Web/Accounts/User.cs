using Microsoft.AspNetCore.Identity;

namespace Flusio.Web.Accounts;

/// <summary>An account of the instance. Identity holds the credentials; we add preferences.</summary>
public class User : IdentityUser<Guid>
{
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>"en" or "fr".</summary>
    public string Locale { get; set; } = "en";

    /// <summary>"system", "light" or "dark".</summary>
    public string Theme { get; set; } = "system";

    public bool IsAdmin { get; set; }

    public DateTimeOffset? AcceptedTermsAt { get; set; }
}
