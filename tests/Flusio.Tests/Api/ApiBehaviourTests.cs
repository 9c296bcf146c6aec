using System.Net;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Api;

/// <summary>The API's manners: a rate limit per token, CORS for the API only, problem details for what no route answers.</summary>
public sealed class ApiBehaviourTests
{
    [Fact]
    public async Task Each_token_has_its_own_budget_and_past_it_gets_429_with_Retry_After()
    {
        await using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["API_RATE_LIMIT"] = "3" });
        var (client, user) = await app.ApiUserAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/links")).StatusCode);
        }

        using var refused = await client.GetAsync("/api/v1/links");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, refused.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await refused.JsonAsync()).GetProperty("status").GetInt32());

        // Another token of the same user, from the same address, has its own budget.
        using var other = app.ApiClient(await app.TokenAsync(user.Id));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/links")).StatusCode);
    }

    [Fact]
    public async Task The_API_answers_CORS_preflights_and_pages_do_not()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        using var client = app.ApiClient(null);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/links");
        preflight.Headers.Add("Origin", "https://app.example.net");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        using var answer = await client.SendAsync(preflight);
        Assert.True(answer.IsSuccessStatusCode, answer.StatusCode.ToString());
        Assert.Equal("*", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", string.Join(",", answer.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Contains("authorization", string.Join(",", answer.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Credentials"));

        using var call = new HttpRequestMessage(HttpMethod.Get, "/api/v1/links");
        call.Headers.Add("Origin", "https://app.example.net");
        using var refused = await client.SendAsync(call);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("*", Assert.Single(refused.Headers.GetValues("Access-Control-Allow-Origin")));

        foreach (var page in new[] { "/links", "/login", "/settings/tokens" })
        {
            using var pagePreflight = new HttpRequestMessage(HttpMethod.Options, page);
            pagePreflight.Headers.Add("Origin", "https://app.example.net");
            pagePreflight.Headers.Add("Access-Control-Request-Method", "POST");
            using var pageAnswer = await client.SendAsync(pagePreflight);
            Assert.False(pageAnswer.Headers.Contains("Access-Control-Allow-Origin"), page);
        }
    }

    [Fact]
    public async Task What_no_route_answers_under_the_API_is_a_problem_not_a_page()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        var (client, _) = await app.ApiUserAsync();
        using var missing = await client.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await missing.JsonAsync()).GetProperty("status").GetInt32());
    }
}
