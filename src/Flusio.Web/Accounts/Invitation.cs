namespace Flusio.Web.Accounts;

/// <summary>An invitation link an admin creates when registration is by invitation.</summary>
public class Invitation
{
    public Guid Id { get; set; }

    /// <summary>The secret part of the link (URL-safe, random).</summary>
    public string Token { get; set; } = "";

    public Guid CreatedById { get; set; }

    public User? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    public Guid? UsedById { get; set; }
}
