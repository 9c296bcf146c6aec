using System.Net;
using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Feeds;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Operations;

/// <summary>/metrics: Prometheus text for the allowed networks or the token holder, 403 for anyone else.</summary>
/// <remarks>
/// Alone, never beside other tests: every app of the test process registers a "Flusio.Jobs"
/// meter, and an app's exporter also observes the gauges of the other apps alive at that
/// moment (same names, same tags), so a scrape could show another app's queue depth.
/// </remarks>
[Collection(nameof(MetricsTests))]
public sealed partial class MetricsTests
{
    private static HttpClient From(FlusioApp app, string address)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Add(ClientAddressFilter.Header, address);
        return client;
    }

    [Fact]
    public async Task Loopback_reads_the_instance_measures()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/feed.xml", TestFeeds.Rss("Metered", [new TestFeeds.Item("one", "One", "https://example.org/1", DateTimeOffset.UtcNow.AddHours(-1))]));
        await using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true", ["WORKER_IN_PROCESS"] = "false" });
        var user = await app.CreateUserAsync();
        var feedId = await app.WithScopeAsync(sp => sp.GetRequiredService<Following>().FollowAsync(user.Id, new Uri(server.Url("/feed.xml")), CancellationToken.None));
        using var client = From(app, "127.0.0.1");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);

        // The follow queued its refresh: one pending job.
        var before = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.StartsWith("text/plain", before.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await before.Content.ReadAsStringAsync();
        Assert.Matches(@"flusio_jobs_queued(_[a-z]+)?\{[^}]*state=""pending""[^}]*\} [1-9]", text);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_process_memory_working_set_bytes", text, StringComparison.Ordinal);

        var fetchedBefore = Fetched(text);
        Assert.Equal(RefreshResult.Fetched, (await app.Service<FeedRefresher>().RefreshOneAsync(feedId, CancellationToken.None)).Result);
        var after = await client.GetStringAsync("/metrics");
        // Other apps of the test run share the process's meter: at least this one's refresh.
        Assert.True(Fetched(after) >= fetchedBefore + 1, after);
    }

    [Fact]
    public async Task Other_addresses_are_refused_unless_they_bear_the_token()
    {
        await using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["METRICS_TOKEN"] = "s3cret-metrics-token", ["METRICS_ALLOWED_NETWORKS"] = "10.1.0.0/16" });
        using var outside = From(app, "203.0.113.7");
        var refused = await outside.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("flusio_", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Loopback is no longer allowed once the networks are set.
        using var loopback = From(app, "127.0.0.1");
        Assert.Equal(HttpStatusCode.Forbidden, (await loopback.GetAsync("/metrics")).StatusCode);

        using var inside = From(app, "10.1.2.3");
        Assert.Equal(HttpStatusCode.OK, (await inside.GetAsync("/metrics")).StatusCode);

        outside.DefaultRequestHeaders.Authorization = new("Bearer", "wrong-token");
        Assert.Equal(HttpStatusCode.Forbidden, (await outside.GetAsync("/metrics")).StatusCode);
        outside.DefaultRequestHeaders.Authorization = new("Bearer", "s3cret-metrics-token");
        Assert.Equal(HttpStatusCode.OK, (await outside.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task A_forwarded_client_is_judged_by_its_own_address_not_the_proxys()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        using var proxied = From(app, "127.0.0.1");
        proxied.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.50");
        Assert.Equal(HttpStatusCode.Forbidden, (await proxied.GetAsync("/metrics")).StatusCode);
    }

    private static long Fetched(string text) =>
        FetchedLine().Matches(text).Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^flusio_feed_refreshes(?:_feed)?_total\{[^}]*outcome=""fetched""[^}]*\} (\d+)", RegexOptions.Multiline)]
    private static partial Regex FetchedLine();
}

[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsRunAlone;
