using System.Security.Claims;

namespace Flusio.Web.Shell;

/// <summary>
/// Claims of the authentication cookie: who is signed in, with which session and
/// preferences. Every page reads them without a query; Accounts writes them.
/// </summary>
public static class FlusioClaims
{
    /// <summary>Id of the user_sessions row this cookie belongs to.</summary>
    public const string Session = "flusio:sid";
    public const string Locale = "flusio:locale";
    public const string Theme = "flusio:theme";
    public const string Admin = "flusio:admin";
    public const string EmailUnvalidated = "flusio:email_unvalidated";

    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid? SessionId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(Session), out var id) ? id : null;

    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.HasClaim(Admin, "true");
}
