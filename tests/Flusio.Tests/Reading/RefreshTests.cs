using Flusio.Tests.Infrastructure;
using Flusio.Web.Feeds;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Flusio.Web.Reading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Reading;

/// <summary>Following and refreshing feeds over real HTTP, on both databases, under a fake clock.</summary>
public sealed class RefreshTests
{
    private static readonly DateTimeOffset Now = ServiceHost.Start;

    private static ServiceHost Host(Db db) => new(db, new Dictionary<string, string?> { ["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true" });

    private static TestFeeds.Item Item(int n, TimeSpan age, string? link = null) =>
        new($"entry-{n}", $"Entry {n}", link ?? $"https://site.example/{n}", Now - age);

    private static Task<Guid> FollowAsync(ServiceHost host, Guid userId, string url) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<Following>().FollowAsync(userId, new Uri(url), CancellationToken.None));

    private static Task<RefreshOutcome> RefreshAsync(ServiceHost host, Guid feedId) =>
        host.Services.GetRequiredService<FeedRefresher>().RefreshOneAsync(feedId, CancellationToken.None);

    private static Task<List<Link>> EntriesAsync(ServiceHost host, Guid feedId) =>
        host.WithDbAsync(d => d.Set<Link>().Where(l => l.FeedId == feedId).OrderBy(l => l.Url).ToListAsync());

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Following_queues_a_refresh_that_stores_the_entries_then_a_304_writes_nothing_but_the_check(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/feed.xml", TestFeeds.Rss("Example", [Item(1, TimeSpan.FromHours(1)), Item(2, TimeSpan.FromHours(2))]));
        await using var host = Host(db);
        var user = await host.CreateUserAsync();

        var feedId = await FollowAsync(host, user.Id, server.Url("/feed.xml"));
        var job = Assert.Single(await host.WithDbAsync(d => d.Set<Job>().Where(j => j.Name == FeedJobs.Refresh).ToListAsync()));
        Assert.Contains(feedId.ToString(), job.Arguments, StringComparison.Ordinal);

        Assert.Equal(1, await host.Services.GetRequiredService<JobRunner>().RunDueAsync("test"));
        var entries = await EntriesAsync(host, feedId);
        Assert.Equal(["https://site.example/1", "https://site.example/2"], entries.Select(e => e.Url));
        Assert.Equal("Entry 1", entries[0].Title);
        var feed = await host.WithDbAsync(d => d.Set<Feed>().SingleAsync(f => f.Id == feedId));
        Assert.Equal("Example", feed.Title);
        Assert.NotNull(feed.ETag);
        Assert.Null(feed.ErrorKind);
        Assert.InRange(feed.NextCheckAt - Now, RefreshSchedule.Minimum, RefreshSchedule.Maximum * 1.1);

        host.Clock.Advance(TimeSpan.FromHours(1));
        var second = await RefreshAsync(host, feedId);
        Assert.Equal(RefreshResult.NotModified, second.Result);
        Assert.Equal(2, server.Requests("/feed.xml"));
        var after = await host.WithDbAsync(d => d.Set<Feed>().SingleAsync(f => f.Id == feedId));
        Assert.Equal(Now + TimeSpan.FromHours(1), after.CheckedAt);
        Assert.Equal(2, (await EntriesAsync(host, feedId)).Count);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_304_paces_the_feed_by_what_its_last_full_fetch_said_and_clears_an_earlier_failure(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        var slow = TestFeeds.Rss("Slow", [Item(1, TimeSpan.FromHours(1)), Item(2, TimeSpan.FromHours(2))], ttl: "180");
        server.Feed("/slow.xml", slow);
        server.Feed("/hourly.xml", TestFeeds.Rss("Hourly", [Item(1, TimeSpan.FromHours(1)), Item(2, TimeSpan.FromHours(2)), Item(3, TimeSpan.FromHours(3))]));
        await using var host = Host(db);
        var user = await host.CreateUserAsync();
        var slowId = await FollowAsync(host, user.Id, server.Url("/slow.xml"));
        var hourlyId = await FollowAsync(host, user.Id, server.Url("/hourly.xml"));
        Task<Feed> FeedAsync(Guid id) => host.WithDbAsync(d => d.Set<Feed>().SingleAsync(f => f.Id == id));

        Assert.Equal(RefreshResult.Fetched, (await RefreshAsync(host, slowId)).Result);
        Assert.Equal(RefreshResult.Fetched, (await RefreshAsync(host, hourlyId)).Result);
        // ttl 180 minutes; an entry an hour: half the gap.
        Assert.InRange((await FeedAsync(slowId)).NextCheckAt - Now, TimeSpan.FromHours(3), TimeSpan.FromHours(3.3));
        Assert.InRange((await FeedAsync(hourlyId)).NextCheckAt - Now, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(33));

        server.Status("/slow.xml", 500);
        host.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(RefreshResult.Failed, (await RefreshAsync(host, slowId)).Result);
        Assert.Equal(1, (await FeedAsync(slowId)).FailureCount);

        server.Feed("/slow.xml", slow);
        host.Clock.Advance(TimeSpan.FromHours(6));
        var at = Now + TimeSpan.FromHours(10);
        Assert.Equal(RefreshResult.NotModified, (await RefreshAsync(host, slowId)).Result);
        Assert.Equal(RefreshResult.NotModified, (await RefreshAsync(host, hourlyId)).Result);

        var slowFeed = await FeedAsync(slowId);
        Assert.Null(slowFeed.ErrorKind);
        Assert.Null(slowFeed.ErrorSince);
        Assert.Equal(0, slowFeed.FailureCount);
        Assert.Equal(at, slowFeed.CheckedAt);
        // The 304 brings no ttl: the one of the last full fetch still holds (the entries' pace would say 2.75 hours).
        Assert.InRange(slowFeed.NextCheckAt - at, TimeSpan.FromHours(3), TimeSpan.FromHours(3.3));
        // Silent for 11 hours against an hourly habit: a quarter of the silence.
        var hourly = await FeedAsync(hourlyId);
        Assert.Equal(at, hourly.CheckedAt);
        Assert.InRange(hourly.NextCheckAt - at, TimeSpan.FromHours(2.75), TimeSpan.FromHours(2.75 * 1.1));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_failing_feed_says_what_failed_since_when_backs_off_and_recovers(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Status("/feed.xml", 500);
        await using var host = Host(db);
        var user = await host.CreateUserAsync();
        var feedId = await FollowAsync(host, user.Id, server.Url("/feed.xml"));

        Assert.Equal(RefreshResult.Failed, (await RefreshAsync(host, feedId)).Result);
        host.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(RefreshResult.Failed, (await RefreshAsync(host, feedId)).Result);
        var listed = Assert.Single(await host.WithScopeAsync(sp => sp.GetRequiredService<Following>().ListAsync(user.Id, errorsOnly: true, CancellationToken.None)));
        Assert.Equal(nameof(Flusio.Feeds.Fetching.FetchErrorKind.HttpStatus), listed.ErrorKind);
        Assert.Equal(500, listed.ErrorStatus);
        Assert.Equal(Now, listed.ErrorSince);
        // The second failure in a row waits twice as long as the first.
        Assert.InRange(listed.NextCheckAt - (Now + TimeSpan.FromMinutes(20)), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(33));

        server.Feed("/feed.xml", TestFeeds.Rss("Back", [Item(1, TimeSpan.FromHours(1))]));
        Assert.Equal(RefreshResult.Fetched, (await RefreshAsync(host, feedId)).Result);
        Assert.Empty(await host.WithScopeAsync(sp => sp.GetRequiredService<Following>().ListAsync(user.Id, errorsOnly: true, CancellationToken.None)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_gone_feed_is_no_longer_fetched_and_a_permanent_redirect_moves_the_feed(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Status("/gone.xml", 410);
        server.Redirect("/old.xml", server.Url("/new.xml"), permanent: true);
        server.Feed("/new.xml", TestFeeds.Rss("Moved", [Item(1, TimeSpan.FromHours(1))]));
        await using var host = Host(db);
        var user = await host.CreateUserAsync();

        var gone = await FollowAsync(host, user.Id, server.Url("/gone.xml"));
        Assert.Equal(RefreshResult.Failed, (await RefreshAsync(host, gone)).Result);
        Assert.Equal(RefreshResult.Skipped, (await RefreshAsync(host, gone)).Result);
        Assert.Equal(1, server.Requests("/gone.xml"));
        var goneFeed = await host.WithDbAsync(d => d.Set<Feed>().SingleAsync(f => f.Id == gone));
        Assert.True(goneFeed.Gone);
        Assert.Equal(FeedErrors.Gone, goneFeed.ErrorKind);

        var moved = await FollowAsync(host, user.Id, server.Url("/old.xml"));
        Assert.Equal(RefreshResult.Fetched, (await RefreshAsync(host, moved)).Result);
        Assert.Equal(server.Url("/new.xml"), (await host.WithDbAsync(d => d.Set<Feed>().SingleAsync(f => f.Id == moved))).Url);
        Assert.Equal(RefreshResult.NotModified, (await RefreshAsync(host, moved)).Result);
        Assert.Equal(1, server.Requests("/old.xml"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task An_entry_whose_url_changed_updates_its_link_and_a_repeated_url_adds_nothing(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/feed.xml", TestFeeds.Rss("Example", [Item(1, TimeSpan.FromHours(1))]));
        await using var host = Host(db);
        var user = await host.CreateUserAsync();
        var feedId = await FollowAsync(host, user.Id, server.Url("/feed.xml"));
        await RefreshAsync(host, feedId);
        var original = Assert.Single(await EntriesAsync(host, feedId));

        server.Feed("/feed.xml", TestFeeds.Rss("Example", [
            Item(1, TimeSpan.FromHours(1), "https://site.example/1-renamed"),
            // Another id, a URL already known: the same link, not a second one.
            new TestFeeds.Item("other-id", "Copy", "https://SITE.example/1-renamed#top", Now),
        ]));
        var outcome = await RefreshAsync(host, feedId);
        Assert.Equal(0, outcome.NewEntries);
        var entry = Assert.Single(await EntriesAsync(host, feedId));
        Assert.Equal(original.Id, entry.Id);
        Assert.Equal("https://site.example/1-renamed", entry.Url);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Two_users_following_one_feed_make_one_feed_and_one_fetch_per_pass(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/feed.xml", TestFeeds.Rss("Shared", [Item(1, TimeSpan.FromHours(1))]));
        await using var host = Host(db);
        var alice = await host.CreateUserAsync();
        var bob = await host.CreateUserAsync();

        var first = await FollowAsync(host, alice.Id, server.Url("/feed.xml"));
        var second = await FollowAsync(host, bob.Id, server.Url("/feed.xml"));
        Assert.Equal(first, second);
        Assert.Equal(1, await host.WithDbAsync(d => d.Set<Feed>().CountAsync()));

        // One refresh queued by the first follow; the scheduler does not claim the feed again.
        Assert.Equal(1, await host.WithDbAsync(d => d.Set<Job>().CountAsync(j => j.Name == FeedJobs.Refresh)));
        await host.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<JobQueue>().EnsureRecurringAsync(FeedJobs.Schedule, TimeSpan.FromMinutes(1));
            return 0;
        });
        await RunAllDueAsync(host);
        Assert.Equal(1, server.Requests("/feed.xml"));
        await RunAllDueAsync(host);
        Assert.Equal(1, server.Requests("/feed.xml"));
        Assert.Single(await EntriesAsync(host, first));

        // Once due again, one scheduled pass fetches it once for both.
        host.Clock.Advance(RefreshSchedule.Maximum * 1.2);
        await RunAllDueAsync(host);
        Assert.Equal(2, server.Requests("/feed.xml"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_scheduler_takes_due_followed_feeds_oldest_first_and_caps_each_host(Db db)
    {
        await using var host = Host(db);
        var user = await host.CreateUserAsync();
        var feeds = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            feeds.Add(await FollowAsync(host, user.Id, $"https://{(i < 4 ? "big" : "small" + i)}.example/feed{i}.xml"));
        }

        var unfollowed = await FollowAsync(host, user.Id, "https://big.example/unfollowed.xml");
        await host.WithScopeAsync(sp => sp.GetRequiredService<Following>().UnfollowAsync(user.Id, unfollowed, CancellationToken.None));
        await host.WithDbAsync(async d =>
        {
            for (var i = 0; i < feeds.Count; i++)
            {
                var at = Now - TimeSpan.FromMinutes(10 * (feeds.Count - i));
                await d.Set<Feed>().Where(f => f.Id == feeds[i]).ExecuteUpdateAsync(s => s.SetProperty(f => f.NextCheckAt, at));
            }

            return await d.Set<Feed>().Where(f => f.Id == feeds[5]).ExecuteUpdateAsync(s => s.SetProperty(f => f.NextCheckAt, Now + TimeSpan.FromMinutes(1)));
        });

        var due = await host.WithDbAsync(d => FeedJobs.DueAsync(d, Now, limit: 10, perHost: 2, CancellationToken.None));
        // Two of big.example's four (the oldest), small4; not small5 (not due) nor the unfollowed one.
        Assert.Equal([feeds[0], feeds[1], feeds[4]], due);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Retention_keeps_recent_entries_and_a_minimum_and_trimmed_entries_do_not_come_back(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/feed.xml", TestFeeds.Rss("Old and new", [.. new[] { 1, 2, 400, 500, 600 }.Select(days => Item(days, TimeSpan.FromDays(days)))]));
        await using var host = new ServiceHost(db, new Dictionary<string, string?>
        {
            ["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true",
            ["RETENTION_DAYS"] = "365",
            ["RETENTION_MIN_ENTRIES"] = "3",
        });
        var user = await host.CreateUserAsync();
        var feedId = await FollowAsync(host, user.Id, server.Url("/feed.xml"));
        await RefreshAsync(host, feedId);
        var oldest = (await EntriesAsync(host, feedId)).Single(e => e.Url == "https://site.example/600");
        await host.WithScopeAsync(sp => sp.GetRequiredService<LinkLists>().ApplyAsync(user.Id, [oldest.Id], LinkAction.ReadLater, CancellationToken.None));

        var removed = await host.WithScopeAsync(sp => sp.GetRequiredService<FeedRetention>().TrimAsync(CancellationToken.None));
        Assert.Equal(2, removed);
        Assert.Equal(["https://site.example/1", "https://site.example/2", "https://site.example/400"], (await EntriesAsync(host, feedId)).Select(e => e.Url));
        Assert.Equal(2, await host.WithDbAsync(d => d.Set<FeedTombstone>().CountAsync(t => t.FeedId == feedId)));

        // The feed still lists them (a changed body, so not a 304): they are not added again.
        server.Feed("/feed.xml", TestFeeds.Rss("Old and new, renamed", [.. new[] { 1, 2, 400, 500, 600 }.Select(days => Item(days, TimeSpan.FromDays(days)))]));
        Assert.Equal(0, (await RefreshAsync(host, feedId)).NewEntries);
        Assert.Equal(3, (await EntriesAsync(host, feedId)).Count);
        // The user's copy is the user's: it stays in Read later.
        var kept = Assert.Single(await host.WithDbAsync(d => d.Set<Link>().Where(l => l.UserId == user.Id).ToListAsync()));
        Assert.Equal("https://site.example/600", kept.Url);
        Assert.Null(kept.SourceLinkId);
    }

    private static async Task RunAllDueAsync(ServiceHost host)
    {
        var runner = host.Services.GetRequiredService<JobRunner>();
        while (await runner.RunDueAsync("test") > 0)
        {
        }
    }
}
