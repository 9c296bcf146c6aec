using Flusio.Feeds.Cleaning;

namespace Flusio.Web.Shell;

/// <summary>
/// Headers that keep pages safe even if some markup slipped through: scripts only from
/// our own origin (no inline script), no framing, no MIME sniffing, a strict referrer;
/// HSTS under HTTPS.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, HtmlCleaner cleaner)
{
    /// <summary>
    /// A page that must run one inline script (the API reference) puts that answer's nonce here:
    /// its policy then allows scripts with that nonce, and the inline styles the page's script writes.
    /// </summary>
    public const string ScriptNonceKey = "flusio:csp-script-nonce";

    // Frames only from the embed hosts the cleaner lets through: allowed videos display, nothing else loads.
    private readonly string contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
        "font-src 'self'; connect-src 'self'; media-src 'self' https:; object-src 'none'; " +
        $"frame-src {string.Join(' ', cleaner.EmbedHosts.Select(h => "https://" + h))}; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Items[ScriptNonceKey] is string nonce
                ? contentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal)
                    .Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal)
                : contentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (context.Request.IsHttps)
            {
                // Served over HTTPS (directly, or through a trusted proxy that said so): stay on it.
                headers.StrictTransportSecurity = "max-age=31536000";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
