using Flusio.Tests.Infrastructure;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Flusio.Web.Reading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Reading;

/// <summary>The news journal, the reading actions and the listing queries, on both databases.</summary>
public sealed class NewsTests
{
    private static readonly DateTimeOffset Now = ServiceHost.Start;

    private static ServiceHost Host(Db db) => new(db, new Dictionary<string, string?> { ["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true" });

    /// <summary>A followed feed with entries published at the given ages, refreshed.</summary>
    private static async Task<Guid> FollowedFeedAsync(ServiceHost host, TestFeedServer server, Guid userId, string path, params (string Url, TimeSpan Age)[] entries)
    {
        server.Feed(path, TestFeeds.Rss(path, entries.Select((e, i) => new TestFeeds.Item($"{path}-{i}", $"Entry {e.Url}", e.Url, Now - e.Age))));
        var feedId = await host.WithScopeAsync(sp => sp.GetRequiredService<Following>().FollowAsync(userId, new Uri(server.Url(path)), CancellationToken.None));
        await host.Services.GetRequiredService<FeedRefresher>().RefreshOneAsync(feedId, CancellationToken.None);
        return feedId;
    }

    private static Task<int> FillAsync(ServiceHost host, Guid userId) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<NewsJournal>().FillAsync(userId, CancellationToken.None));

    private static Task<LinkPage> ListAsync(ServiceHost host, Guid userId, CollectionKind kind, Cursor? after = null, int size = 30) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<LinkListing>().ListAsync(userId, kind, after, size, CancellationToken.None));

    private static Task<int> ApplyAsync(ServiceHost host, Guid userId, LinkAction action, params Guid[] ids) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<LinkLists>().ApplyAsync(userId, ids, action, CancellationToken.None));

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_news_follows_each_time_filter(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        await using var host = Host(db);
        var user = await host.CreateUserAsync();
        (string, TimeSpan)[] ages = [("https://a.example/hour", TimeSpan.FromHours(1)), ("https://a.example/3days", TimeSpan.FromDays(3)), ("https://a.example/month", TimeSpan.FromDays(30))];
        var feed = await FollowedFeedAsync(host, server, user.Id, "/feed.xml", ages);

        async Task<string[]> NewsWith(TimeFilter filter, DateTimeOffset? followedAt = null)
        {
            await host.WithDbAsync(async d =>
            {
                await d.Set<CollectionLink>().ExecuteDeleteAsync();
                await d.Set<Link>().Where(l => l.UserId == user.Id).ExecuteDeleteAsync();
                var since = followedAt ?? Now;
                return await d.Set<FeedFollow>().Where(f => f.FeedId == feed).ExecuteUpdateAsync(s => s.SetProperty(f => f.TimeFilter, filter).SetProperty(f => f.CreatedAt, since));
            });
            await FillAsync(host, user.Id);
            return [.. (await ListAsync(host, user.Id, CollectionKind.News)).Items.Select(i => i.Url)];
        }

        Assert.Equal(["https://a.example/hour"], await NewsWith(TimeFilter.Strict));
        Assert.Equal(["https://a.example/hour", "https://a.example/3days"], await NewsWith(TimeFilter.Normal));
        // All: everything published since the follow, however old the follow.
        Assert.Equal(["https://a.example/hour", "https://a.example/3days"], await NewsWith(TimeFilter.All, Now - TimeSpan.FromDays(10)));
        Assert.Equal(["https://a.example/hour", "https://a.example/3days", "https://a.example/month"], await NewsWith(TimeFilter.All, Now - TimeSpan.FromDays(60)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Dismissed_read_and_kept_links_never_come_back_and_one_url_in_two_feeds_is_listed_once(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        await using var host = Host(db);
        var user = await host.CreateUserAsync();
        var other = await host.CreateUserAsync();
        await FollowedFeedAsync(host, server, user.Id, "/one.xml", ("https://a.example/1", TimeSpan.FromHours(1)), ("https://a.example/2", TimeSpan.FromHours(2)), ("https://a.example/3", TimeSpan.FromHours(3)));
        await FollowedFeedAsync(host, server, user.Id, "/two.xml", ("https://A.example/1#again", TimeSpan.FromMinutes(90)), ("https://a.example/4", TimeSpan.FromHours(4)));

        Assert.Equal(4, await FillAsync(host, user.Id));
        var news = (await ListAsync(host, user.Id, CollectionKind.News)).Items;
        Assert.Equal(["https://a.example/1", "https://a.example/2", "https://a.example/3", "https://a.example/4"], news.Select(i => i.Url));
        Assert.Equal(0, await FillAsync(host, user.Id));

        Assert.Equal(1, await ApplyAsync(host, user.Id, LinkAction.Dismiss, news[0].Id));
        Assert.Equal(1, await ApplyAsync(host, user.Id, LinkAction.MarkRead, news[1].Id));
        Assert.Equal(1, await ApplyAsync(host, user.Id, LinkAction.ReadLater, news[2].Id));
        // Another user's link is not this user's to act on.
        Assert.Equal(0, await ApplyAsync(host, other.Id, LinkAction.Dismiss, news[3].Id));

        Assert.Equal(["https://a.example/4"], (await ListAsync(host, user.Id, CollectionKind.News)).Items.Select(i => i.Url));
        Assert.Equal(["https://a.example/2"], (await ListAsync(host, user.Id, CollectionKind.Read)).Items.Select(i => i.Url));
        Assert.Equal(["https://a.example/3"], (await ListAsync(host, user.Id, CollectionKind.ReadLater)).Items.Select(i => i.Url));
        Assert.Equal(["https://a.example/1"], (await ListAsync(host, user.Id, CollectionKind.Dismissed)).Items.Select(i => i.Url));

        // Emptied and filled again: none of them comes back.
        await ApplyAsync(host, user.Id, LinkAction.MarkRead, news[3].Id);
        Assert.Equal(0, await FillAsync(host, user.Id));
        Assert.Empty((await ListAsync(host, user.Id, CollectionKind.News)).Items);
        Assert.Empty((await ListAsync(host, other.Id, CollectionKind.Read)).Items);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Acting_on_a_feed_entry_copies_it_once_into_the_users_account(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        await using var host = Host(db);
        var user = await host.CreateUserAsync();
        var feed = await FollowedFeedAsync(host, server, user.Id, "/feed.xml", ("https://a.example/1", TimeSpan.FromHours(1)));
        var entry = await host.WithDbAsync(d => d.Set<Link>().SingleAsync(l => l.FeedId == feed));

        await ApplyAsync(host, user.Id, LinkAction.ReadLater, entry.Id);
        await ApplyAsync(host, user.Id, LinkAction.MarkRead, entry.Id);
        var own = await host.WithDbAsync(d => d.Set<Link>().Where(l => l.UserId == user.Id).ToListAsync());
        var copy = Assert.Single(own);
        Assert.Equal(entry.Id, copy.SourceLinkId);
        Assert.Equal(feed, copy.SourceFeedId);
        Assert.Empty((await ListAsync(host, user.Id, CollectionKind.ReadLater)).Items);
        var read = Assert.Single((await ListAsync(host, user.Id, CollectionKind.Read)).Items);
        Assert.Equal(copy.Id, read.Id);
        Assert.Equal("/feed.xml", read.SourceTitle);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Lists_are_paginated_by_keyset_without_gaps_or_repeats(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        await using var host = Host(db);
        var user = await host.CreateUserAsync();
        // Seven entries, two of them published at the same instant.
        var feed = await FollowedFeedAsync(host, server, user.Id, "/feed.xml",
            [.. Enumerable.Range(1, 7).Select(i => ($"https://a.example/{i}", TimeSpan.FromHours(i == 4 ? 3 : i)))]);
        var ids = await host.WithDbAsync(d => d.Set<Link>().Where(l => l.FeedId == feed).Select(l => l.Id).ToListAsync());
        await ApplyAsync(host, user.Id, LinkAction.ReadLater, [.. ids]);

        var seen = new List<string>();
        Cursor? after = null;
        var pages = 0;
        do
        {
            var page = await ListAsync(host, user.Id, CollectionKind.ReadLater, after, size: 3);
            seen.AddRange(page.Items.Select(i => i.Url));
            after = Cursor.Parse(page.Next);
            pages++;
        }
        while (after is not null);

        Assert.Equal(3, pages);
        Assert.Equal(7, seen.Count);
        Assert.Equal(7, seen.Distinct().Count());

        var feedPages = new List<string>();
        after = null;
        do
        {
            var page = await host.WithScopeAsync(sp => sp.GetRequiredService<LinkListing>().ListFeedAsync(feed, after, 2, CancellationToken.None));
            feedPages.AddRange(page.Items.Select(i => i.Url));
            after = Cursor.Parse(page.Next);
        }
        while (after is not null);

        Assert.Equal(7, feedPages.Distinct().Count());
        Assert.Equal("https://a.example/1", feedPages[0]);
        Assert.Equal("https://a.example/7", feedPages[^1]);
    }
}
