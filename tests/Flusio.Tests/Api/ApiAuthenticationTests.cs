using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Flusio.Web.Admin;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Api;

/// <summary>Bearer tokens open /api/v1 and nothing else; the sign-in cookie never opens it; a read token only reads.</summary>
public sealed class ApiAuthenticationTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Missing_bad_expired_revoked_and_disabled_tokens_answer_401_problems(Db db)
    {
        await using var app = new FlusioApp(db);
        var user = await app.CreateUserAsync();

        using (var none = app.ApiClient(null))
        {
            using var response = await none.GetAsync("/api/v1/links");
            await AssertUnauthorizedAsync(response, presented: false);
        }

        using (var bad = app.ApiClient("flusio_" + new string('A', 43)))
        {
            await AssertUnauthorizedAsync(await bad.GetAsync("/api/v1/links"), presented: true);
        }

        using (var notBearer = app.ApiClient(null))
        {
            notBearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "YWxpY2U6cGFzc3dvcmQ=");
            await AssertUnauthorizedAsync(await notBearer.GetAsync("/api/v1/links"), presented: true);
        }

        var expired = await app.TokenAsync(user.Id);
        await app.WithDbAsync(d => d.Set<ApiToken>().Where(t => t.TokenHash == ApiTokens.Hash(expired)).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        using (var client = app.ApiClient(expired))
        {
            await AssertUnauthorizedAsync(await client.GetAsync("/api/v1/links"), presented: true);
        }

        var revoked = await app.TokenAsync(user.Id);
        using (var client = app.ApiClient(revoked))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/links")).StatusCode);
            var id = await app.WithDbAsync(d => d.Set<ApiToken>().Where(t => t.TokenHash == ApiTokens.Hash(revoked)).Select(t => t.Id).SingleAsync());
            Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<ApiTokens>().RevokeAsync(user.Id, id)));
            await AssertUnauthorizedAsync(await client.GetAsync("/api/v1/links"), presented: true);
        }

        var ofDisabled = await app.TokenAsync(user.Id);
        using (var client = app.ApiClient(ofDisabled))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/links")).StatusCode);
            await app.WithScopeAsync(sp => sp.GetRequiredService<AccountAdministration>().DisableAsync(user.Id));
            await AssertUnauthorizedAsync(await client.GetAsync("/api/v1/links"), presented: true);
            await app.WithScopeAsync(sp => sp.GetRequiredService<AccountAdministration>().EnableAsync(user.Id));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/links")).StatusCode);
        }
    }

    [Fact]
    public async Task The_sign_in_cookie_opens_no_API_call_and_a_token_opens_no_page()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        var (browser, user) = await app.LoggedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/links")).Status);

        // A signed-in browser (as a page of another site would make it) is refused, and its POST writes nothing.
        using var get = await browser.Client.GetAsync("/api/v1/links");
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        using var post = await browser.Client.PostAsync("/api/v1/links", new StringContent("{\"url\":\"https://example.org/csrf\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(d => d.Set<Link>().CountAsync(l => l.UserId == user.Id)));

        // A token on a page is nobody: the page sends to the login.
        using var client = app.ApiClient(await app.TokenAsync(user.Id));
        using var page = await client.GetAsync("/links");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_read_token_reads_and_is_refused_changes_with_403(Db db)
    {
        await using var app = new FlusioApp(db);
        var (writer, user) = await app.ApiUserAsync(ApiTokenScope.Write);
        var linkId = await writer.SaveLinkAsync("https://example.org/scope");
        using var reader = app.ApiClient(await app.TokenAsync(user.Id, ApiTokenScope.Read));

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/links/{linkId}")).StatusCode);
        foreach (var (method, path) in new[] { ("POST", "/api/v1/links"), ("PATCH", $"/api/v1/links/{linkId}"), ("DELETE", $"/api/v1/links/{linkId}"), ("POST", $"/api/v1/links/{linkId}/dismiss") })
        {
            using var response = await reader.SendJsonAsync(new HttpMethod(method), path, "{\"url\":\"https://example.org/other\",\"title\":\"Changed\"}");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("write scope", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(1, await app.WithDbAsync(d => d.Set<Link>().CountAsync(l => l.UserId == user.Id)));
        Assert.Equal("https://example.org/scope", await app.WithDbAsync(d => d.Set<Link>().Where(l => l.Id == linkId).Select(l => l.Title).SingleAsync()));
    }

    [Fact]
    public async Task Last_use_is_written_at_most_once_a_minute()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new FlusioApp(Db.Sqlite, clock: clock);
        var (client, _) = await app.ApiUserAsync();
        Task<DateTimeOffset?> LastUse() => app.WithDbAsync(d => d.Set<ApiToken>().Select(t => t.LastUsedAt).SingleAsync());

        Assert.Null(await LastUse());
        await client.GetAsync("/api/v1/links");
        var first = await LastUse();
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), first?.ToUnixTimeMilliseconds());
        clock.Advance(TimeSpan.FromSeconds(59));
        await client.GetAsync("/api/v1/links");
        Assert.Equal(first, await LastUse());
        clock.Advance(TimeSpan.FromSeconds(1));
        await client.GetAsync("/api/v1/links");
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), (await LastUse())?.ToUnixTimeMilliseconds());
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, bool presented)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal(presented, challenge.Parameter?.Contains("invalid_token", StringComparison.Ordinal) ?? false);
        var problem = await response.JsonAsync();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }
}
