namespace Flusio.Web.Accounts;

/// <summary>
/// One signed-in browser. The authentication cookie carries the session id; a session
/// row that is gone (revoked, logged out, password changed) logs that browser out on
/// its next request.
/// </summary>
public class UserSession
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public User? User { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>A short device description derived from the User-Agent ("Firefox on Linux").</summary>
    public string Device { get; set; } = "";

    /// <summary>The client address with its host part masked (203.0.113.x).</summary>
    public string MaskedIp { get; set; } = "";
}
