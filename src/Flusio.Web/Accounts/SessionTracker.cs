using Flusio.Web.Data;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Accounts;

/// <summary>
/// Server-side sessions: one row per signed-in browser (device, masked address, last
/// seen). A cookie whose row is gone is rejected: that is how revoking a session, changing
/// a password or deleting an account logs browsers out, on their next request to this
/// process and within <see cref="SessionCache.Window"/> on other web processes.
/// </summary>
public sealed class SessionTracker(FlusioDbContext db, SessionCache cache, TimeProvider clock)
{
    /// <summary>Last-seen times are written at most this often, not on every request.</summary>
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(5);

    public async Task<Guid> StartAsync(Guid userId, HttpContext context)
    {
        var now = clock.GetUtcNow();
        var session = new UserSession
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            Device = DeviceName.FromUserAgent(context.Request.Headers.UserAgent.ToString()),
            MaskedIp = ClientAddress.Mask(context.Connection.RemoteIpAddress),
        };
        db.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    public async Task<int> EndAsync(Guid userId, Guid sessionId)
    {
        var ended = await db.Set<UserSession>().Where(s => s.Id == sessionId && s.UserId == userId).ExecuteDeleteAsync();
        cache.Forget(sessionId);
        return ended;
    }

    /// <summary>Ends every session of the user but <paramref name="keep"/>.</summary>
    public async Task<int> EndOthersAsync(Guid userId, Guid? keep)
    {
        var ended = await db.Set<UserSession>().Where(s => s.UserId == userId && s.Id != keep).ExecuteDeleteAsync();
        cache.ForgetUser(userId);
        return ended;
    }

    public Task<List<UserSession>> ListAsync(Guid userId) =>
        db.Set<UserSession>().AsNoTracking().Where(s => s.UserId == userId).OrderByDescending(s => s.LastSeenAt).ToListAsync();

    /// <summary>Cookie validation: reject cookies whose session row is gone, then Identity's own checks.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var userId = principal?.UserId();
        var sessionId = principal?.SessionId();
        var services = context.HttpContext.RequestServices;
        var cache = services.GetRequiredService<SessionCache>();
        if (userId is { } user && sessionId is { } session && cache.IsFresh(user, session))
        {
            await SecurityStampValidator.ValidatePrincipalAsync(context);
            return;
        }

        var db = services.GetRequiredService<FlusioDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();

        var lastSeen = userId is null || sessionId is null
            ? null
            : await db.Set<UserSession>().Where(s => s.Id == sessionId && s.UserId == userId)
                .Select(s => (DateTimeOffset?)s.LastSeenAt).FirstOrDefaultAsync();
        if (lastSeen is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        cache.Found(userId!.Value, sessionId!.Value);
        var now = clock.GetUtcNow();
        if (now - lastSeen.Value > LastSeenResolution)
        {
            await db.Set<UserSession>().Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now));
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>When Identity re-issues the cookie (security stamp check), keep its session.</summary>
    public static Task KeepSessionOnRefresh(SecurityStampRefreshingPrincipalContext context)
    {
        var session = context.CurrentPrincipal?.FindFirst(FlusioClaims.Session);
        if (session is not null && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
        {
            identity.AddClaim(new System.Security.Claims.Claim(FlusioClaims.Session, session.Value));
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// "Firefox/Linux" from a User-Agent string, precise enough for a session list. Stored in
/// that neutral form and worded in the reader's language when shown.
/// </summary>
public static class DeviceName
{
    public static string FromUserAgent(string userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "";
        }

        var browser = Contains(userAgent, "Edg/") ? "Edge"
            : Contains(userAgent, "OPR/") ? "Opera"
            : Contains(userAgent, "Firefox/") ? "Firefox"
            : Contains(userAgent, "Chromium/") ? "Chromium"
            : Contains(userAgent, "Chrome/") ? "Chrome"
            : Contains(userAgent, "Safari/") ? "Safari"
            : Contains(userAgent, "curl/") ? "curl"
            : "";
        var system = Contains(userAgent, "Android") ? "Android"
            : Contains(userAgent, "iPhone") || Contains(userAgent, "iPad") ? "iOS"
            : Contains(userAgent, "Windows") ? "Windows"
            : Contains(userAgent, "Mac OS X") || Contains(userAgent, "Macintosh") ? "macOS"
            : Contains(userAgent, "CrOS") ? "ChromeOS"
            : Contains(userAgent, "Linux") ? "Linux"
            : "";
        return system.Length == 0 ? browser : $"{browser}/{system}";
    }

    /// <summary>"Firefox on Linux", "Firefox", "A browser on Linux" or "Unknown device", translated.</summary>
    public static string Display(string device, Microsoft.Extensions.Localization.IStringLocalizer t)
    {
        var parts = device.Split('/', 2);
        var browser = parts[0];
        var system = parts.Length > 1 ? parts[1] : "";
        return (browser.Length, system.Length) switch
        {
            (0, 0) => t["Unknown device"],
            (_, 0) => browser,
            (0, _) => t["A browser on {0}", system],
            _ => t["{0} on {1}", browser, system],
        };
    }

    private static bool Contains(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
