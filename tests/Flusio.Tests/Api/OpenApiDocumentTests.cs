using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Api;

/// <summary>The OpenAPI document describes every route of /api/v1 the app serves, and the reference page works with no network.</summary>
public sealed partial class OpenApiDocumentTests
{
    [Fact]
    public async Task Every_api_route_of_the_route_table_is_in_the_document_with_its_method_and_problem_answers()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        using var client = app.ApiClient(null);
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.JsonAsync();
        Assert.Matches(@"^3\.1\.\d+$", document.GetProperty("openapi").GetString());
        Assert.Equal("http", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("type").GetString());
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        var paths = document.GetProperty("paths");

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Path: Constraint().Replace("/" + e.RoutePattern.RawText!.TrimStart('/'), "{$1}"))))
            .Distinct().ToList();
        Assert.True(routes.Count >= 20, $"only {routes.Count} API routes found");

        foreach (var (method, path) in routes)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is not in the document");
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
            var responses = operation.GetProperty("responses");
            var codes = responses.EnumerateObject().Select(r => r.Name).ToList();
            Assert.Contains("401", codes);
            Assert.Contains("429", codes);
            Assert.Contains(codes, c => c.StartsWith('2'));
            if (method != "GET")
            {
                Assert.Contains("403", codes);
            }

            if (path.Contains('{', StringComparison.Ordinal) || operation.TryGetProperty("requestBody", out _))
            {
                Assert.Contains(codes, c => c is "400" or "404");
            }

            foreach (var answer in responses.EnumerateObject())
            {
                Assert.False(string.IsNullOrEmpty(answer.Value.GetProperty("description").GetString()), $"{method} {path} {answer.Name}");
                if (answer.Name[0] is '4' or '5')
                {
                    Assert.True(answer.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path} {answer.Name} is not a problem");
                }
            }

            if (method is "POST" or "PATCH" && operation.TryGetProperty("requestBody", out var body))
            {
                Assert.True(body.GetProperty("content").TryGetProperty("application/json", out _), $"{method} {path} body");
            }
        }

        // Nothing but the API is in it.
        Assert.All(paths.EnumerateObject(), p => Assert.StartsWith("/api/v1/", p.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reference_page_loads_its_script_from_the_app_under_a_nonce()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        using var client = app.ApiClient(null);
        using var page = await client.GetAsync("/api/reference/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        var nonce = Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        // Every script is the app's own: nothing from a CDN.
        foreach (Match script in Regex.Matches(html, "<script[^>]*src=\"([^\"]+)\""))
        {
            var src = script.Groups[1].Value;
            Assert.DoesNotContain("//", src, StringComparison.Ordinal);
            using var asset = await client.GetAsync(new Uri(new Uri(app.BaseUrl + "/api/reference/"), src));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }

        // The document it points to resolves from the page.
        var source = Regex.Match(html, "\"url\":\"([^\"]+)\"").Groups[1].Value;
        using var document = await client.GetAsync(new Uri(new Uri(app.BaseUrl + "/api/reference/"), source));
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("3.1", (await document.JsonAsync()).GetProperty("openapi").GetString()![..3]);
    }

    [GeneratedRegex(@"\{([A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex Constraint();
}
