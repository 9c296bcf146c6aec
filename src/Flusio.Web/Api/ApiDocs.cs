using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Flusio.Web.Shell;
using Scalar.AspNetCore;

namespace Flusio.Web.Api;

/// <summary>
/// The API's description: an OpenAPI 3.1 document at /openapi/v1.json, generated from the
/// controllers' attributes (summaries, bodies, every answer with its problem details), with
/// the bearer scheme; and the browsable reference at /api/reference, whose script is served
/// by the package from its own embedded copy (no CDN: the page works offline and under the
/// app's Content-Security-Policy).
/// </summary>
public static class ApiDocs
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/reference";
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true || d.RelativePath == "api/v1";
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Flusio API",
                    Version = "v1",
                    Description = "Links, collections, follows and News of the account a personal access token acts for. Errors are RFC 9457 problem details; lists are pages with an opaque `next` cursor; reads carry an ETag. See docs/api.md.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal access token (flusio_…), created in Settings → API tokens or by `flusio tokens create`. Read tokens may only GET.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, _, _) =>
            {
                // Every answer says what it means here, and bodies are JSON only (not the text/plain the formatters could also write).
                foreach (var (code, response) in operation.Responses ?? [])
                {
                    if (response is OpenApiResponse concrete)
                    {
                        concrete.Description = Describe(code);
                        concrete.Content?.Remove("text/plain");
                        concrete.Content?.Remove("text/json");
                    }
                }

                if (operation.RequestBody is OpenApiRequestBody body)
                {
                    body.Content?.Remove("text/json");
                    body.Content?.Remove("application/*+json");
                }

                return Task.CompletedTask;
            });
        });

    public static void MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").RequireCors(ApiServices.CorsPolicy);
        // The page's one inline script runs under a nonce of each answer; the app's policy allows no other inline script.
        app.UseWhen(c => c.Request.Path.StartsWithSegments(ReferencePath), page => page.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (context.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce)
                {
                    context.Items[SecurityHeaders.ScriptNonceKey] = nonce;
                }

                return Task.CompletedTask;
            });
            return next(context);
        }));
        app.MapScalarApiReference(ReferencePath, o =>
        {
            o.WithTitle("Flusio API")
                // Relative to the page (/api/reference/): the document at /openapi/v1.json.
                .WithOpenApiRoutePattern("../../openapi/{documentName}.json")
                // Neither the vendor's toolbar nor its hosted assistant: the page is the instance's reference, nothing else.
                .HideDeveloperTools()
                .DisableAgent();
            o.DynamicNonce = true;
        });
    }

    private static string Describe(string code) => code switch
    {
        "200" => "The answer.",
        "201" => "Created: the new thing, its address in Location.",
        "204" => "Done; no body.",
        "304" => "Not modified since the ETag given in If-None-Match; no body.",
        "400" => "Wrong input (errors names each field) or a body of wrong JSON types; nothing was written.",
        "401" => "No token, or an unknown, expired or revoked one, or one of a disabled account (WWW-Authenticate: Bearer).",
        "403" => "A read token on a change, or a collection shared to read only.",
        "404" => "No such thing of the caller's (another user's ids answer the same).",
        "429" => "Over the token's rate limit (API_RATE_LIMIT a minute); Retry-After says when to try again.",
        _ => "See the problem details.",
    };
}
