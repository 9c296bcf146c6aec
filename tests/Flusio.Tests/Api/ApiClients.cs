using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Api;

/// <summary>API callers for the tests: a user with a token of a scope, and an HTTP client sending it.</summary>
public static class ApiClients
{
    public static async Task<string> TokenAsync(this FlusioApp app, Guid userId, ApiTokenScope scope = ApiTokenScope.Write)
    {
        var (_, secret, _) = await app.WithScopeAsync(sp => sp.GetRequiredService<ApiTokens>().CreateAsync(userId, "test", scope, null));
        return secret!;
    }

    public static HttpClient ApiClient(this FlusioApp app, string? token)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(app.BaseUrl) });
        client.DefaultRequestHeaders.Add(ClientAddressFilter.Header, ClientAddressFilter.Next());
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A new user with a client holding a token of <paramref name="scope"/>.</summary>
    public static async Task<(HttpClient Client, User User)> ApiUserAsync(this FlusioApp app, ApiTokenScope scope = ApiTokenScope.Write)
    {
        var user = await app.CreateUserAsync();
        return (app.ApiClient(await app.TokenAsync(user.Id, scope)), user);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string json) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") });

    public static async Task<Guid> SaveLinkAsync(this HttpClient client, string url)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/links", new { url });
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Saving {url}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }
}
