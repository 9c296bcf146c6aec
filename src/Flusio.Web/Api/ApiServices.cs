using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Flusio.Web.Api;

/// <summary>The API's HTTP pieces, added by the web host: its authentication scheme and policy, CORS, problem details.</summary>
public static class ApiServices
{
    public const string CorsPolicy = "api";

    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, ApiScopeRequirement>();
        services.AddAuthorizationBuilder().AddPolicy(ApiTokenAuthentication.Policy, p => p
            .AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new ApiScopeRequirement()));
        // Any origin may call the API, never with the browser's cookies: a token is the only credential.
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
            .AllowAnyOrigin()
            .AllowAnyHeader()
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .WithExposedHeaders("ETag", "Retry-After", "WWW-Authenticate", "Location")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        services.AddProblemDetails();
        return services;
    }

    /// <summary>
    /// Under /api/v1, errors are problem details: the styled error pages are turned off, an empty
    /// error answer (no route, wrong method) gets a problem body, and an exception a 500 problem.
    /// </summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api/v1"), api => api.Use(async (context, next) =>
        {
            context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Flusio.Api").LogError(e, "API call failed");
                context.Response.Clear();
                await Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Internal error", detail: "The call failed on the server; nothing was changed by it.").ExecuteAsync(context);
                return;
            }

            if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null && context.Response.ContentType is null)
            {
                await Results.Problem(statusCode: context.Response.StatusCode).ExecuteAsync(context);
            }
        }));
}
