using System.Threading.RateLimiting;
using Flusio.Web.Configuration;
using Microsoft.AspNetCore.RateLimiting;

namespace Flusio.Web.Shell;

/// <summary>
/// Per-address budgets for the forms an attacker would hammer, one budget per action so
/// that a burst on one (say, registration) never refuses another (a legitimate login).
/// Only submissions count: showing a form is free. A refusal is logged with the masked
/// address and answered by the styled 429 page with Retry-After.
/// </summary>
public static class RateLimits
{
    public const string Login = "login";
    public const string Registration = "registration";
    public const string PasswordReset = "password-reset";
    public const string TwoFactor = "two-factor";
    public const string Passkey = "passkey";
    public const string EmailValidation = "email-validation";

    /// <summary>Every call of the API, partitioned by the token it presents (by address when it presents none).</summary>
    public const string Api = "api";

    private static readonly string[] Policies = [Login, Registration, PasswordReset, TwoFactor, Passkey, EmailValidation];
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddFlusioRateLimits(this IServiceCollection services, FlusioSettings settings)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            foreach (var policy in Policies)
            {
                o.AddPolicy(policy, context => Partition(policy, context, settings.AuthRateLimitPerMinute));
            }

            o.AddPolicy(Api, context => ApiPartition(context, settings.ApiRateLimitPerMinute));

            o.OnRejected = (context, _) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Flusio.RateLimits").LogWarning(
                    "Rate limit reached for {Policy} by {ClientAddress}",
                    http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "?",
                    ClientAddress.Mask(http.Connection.RemoteIpAddress));
                if (http.Request.Path.StartsWithSegments("/api"))
                {
                    // An API client reads problem details, not a page.
                    return new ValueTask(Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                        detail: $"This token made more than its {settings.ApiRateLimitPerMinute} requests a minute: wait for Retry-After seconds.").ExecuteAsync(http));
                }

                // No body: the status code pages render the styled /error/429 page.
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>
    /// The token is told apart by a hash of the header, not by its row: the limiter runs before
    /// authentication, and a flood of made-up tokens then costs no query either.
    /// </summary>
    private static RateLimitPartition<string> ApiPartition(HttpContext context, int permits)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var key = authorization.Length > 0
            ? "api|" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(authorization)), 0, 16)
            : "api|" + ClientAddress.LimitKey(context.Connection.RemoteIpAddress);
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = Window,
            QueueLimit = 0,
        });
    }

    private static RateLimitPartition<string> Partition(string policy, HttpContext context, int permits)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("get");
        }

        var key = policy + "|" + ClientAddress.LimitKey(context.Connection.RemoteIpAddress);
        return RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = Window,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        });
    }
}
