using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Api;

/// <summary>/settings/tokens: a token is shown once when created, listed without its secret after, and revoked by its owner only.</summary>
public sealed class TokenSettingsTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_created_token_is_shown_once_then_listed_and_revoked(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, _) = await app.LoggedInAsync();

        var created = await browser.SubmitAsync("/settings/tokens", "/settings/tokens", new Dictionary<string, string> { ["Name"] = "Feed app", ["Scope"] = "write", ["ExpiresInDays"] = "30" });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.True(created.Response.Headers.CacheControl?.NoStore);
        var secret = System.Text.RegularExpressions.Regex.Match(created.Html, "flusio_[A-Za-z0-9_-]{43}").Value;
        Assert.NotEmpty(secret);
        Assert.NotNull(await app.WithScopeAsync(sp => sp.GetRequiredService<ApiTokens>().AuthenticateAsync(secret)));

        var listed = await browser.GetAsync("/settings/tokens");
        Assert.Contains("Feed app", listed.Text, StringComparison.Ordinal);
        Assert.Contains("Read and write", listed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.Html, StringComparison.Ordinal);
        // Only the hash is in the database.
        var stored = await app.WithDbAsync(d => d.Set<ApiToken>().SingleAsync());
        Assert.Equal(ApiTokens.Hash(secret), stored.TokenHash);
        Assert.Equal(stored.CreatedAt.AddDays(30), stored.ExpiresAt);

        // Someone else cannot revoke it.
        var (other, _) = await app.LoggedInAsync();
        var refused = await other.SubmitAsync("/settings/tokens", $"/settings/tokens/{stored.Id}/revoke", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);

        var revoked = await browser.SubmitAsync("/settings/tokens", $"/settings/tokens/{stored.Id}/revoke", new Dictionary<string, string>());
        Assert.True(revoked.IsRedirectTo("/settings/tokens"));
        Assert.Null(await app.WithScopeAsync(sp => sp.GetRequiredService<ApiTokens>().AuthenticateAsync(secret)));
        Assert.DoesNotContain("Feed app", (await browser.GetAsync("/settings/tokens")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_input_answers_422_with_a_message_and_creates_nothing()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        var (browser, _) = await app.LoggedInAsync();

        var scope = await browser.SubmitAsync("/settings/tokens", "/settings/tokens", new Dictionary<string, string> { ["Scope"] = "admin" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, scope.Status);
        Assert.Contains("Choose read or write.", scope.Text, StringComparison.Ordinal);

        var expiry = await browser.SubmitAsync("/settings/tokens", "/settings/tokens", new Dictionary<string, string> { ["Scope"] = "read", ["ExpiresInDays"] = "-4" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, expiry.Status);
        Assert.Contains("Choose an expiry from the list.", expiry.Text, StringComparison.Ordinal);

        var name = await browser.SubmitAsync("/settings/tokens", "/settings/tokens", new Dictionary<string, string> { ["Scope"] = "read", ["Name"] = new string('x', 101) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, name.Status);
        Assert.Contains("at most 100 characters", name.Text, StringComparison.Ordinal);

        Assert.Equal(0, await app.WithDbAsync(d => d.Set<ApiToken>().CountAsync()));
    }
}
