using System.Net;
using Flusio.Tests.Collections;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Collections;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Flusio.Web.Reading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Social;

/// <summary>Following another user's collection: its links reach the news under the follow's time filter, while the follower may see it, never hidden ones.</summary>
public sealed class CollectionFollowsTests
{
    private static readonly DateTimeOffset Now = ServiceHost.Start;

    /// <summary>A collection of <paramref name="owner"/> holding links added at the given ages (published long before: the filter reads the addition).</summary>
    private static Task<Guid> CollectionAsync(ServiceHost host, Guid owner, bool isPublic, params (string Url, TimeSpan Age, bool Hidden)[] links) =>
        host.WithDbAsync(async db =>
        {
            var collection = UserCollections.New(owner, "Picks", Now - TimeSpan.FromDays(90));
            collection.IsPublic = isPublic;
            db.Add(collection);
            foreach (var (url, age, hidden) in links)
            {
                var link = new Link { Id = Guid.NewGuid(), UserId = owner, Url = url, UrlHash = UrlHash.Of(url), Title = url, PublishedAt = Now - TimeSpan.FromDays(365), CreatedAt = Now - age, IsHidden = hidden };
                db.Add(link);
                db.Add(new CollectionLink { CollectionId = collection.Id, LinkId = link.Id, AddedAt = Now - age });
            }

            await db.SaveChangesAsync();
            return collection.Id;
        });

    private static Task<FollowResult> FollowAsync(ServiceHost host, Guid userId, Guid collectionId, TimeFilter filter = TimeFilter.Normal) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<CollectionFollowing>().FollowAsync(userId, collectionId, filter, null, CancellationToken.None));

    private static Task<int> FillAsync(ServiceHost host, Guid userId) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<NewsJournal>().FillAsync(userId, CancellationToken.None));

    /// <summary>The URLs of the user's news, in order of URL: links of one fill may share their instants, so their order is not asserted.</summary>
    private static async Task<string[]> NewsAsync(ServiceHost host, Guid userId) =>
        [.. (await host.WithScopeAsync(sp => sp.GetRequiredService<LinkListing>().ListAsync(userId, CollectionKind.News, null, 50, CancellationToken.None)))
            .Items.Select(i => i.Url).Order(StringComparer.Ordinal)];

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_news_takes_a_followed_collections_links_by_when_they_were_added_under_each_time_filter(Db db)
    {
        await using var host = new ServiceHost(db);
        var owner = await host.CreateUserAsync();
        var reader = await host.CreateUserAsync();
        var collection = await CollectionAsync(host, owner.Id, isPublic: true,
            ("https://c.example/hour", TimeSpan.FromHours(1), false),
            ("https://c.example/3days", TimeSpan.FromDays(3), false),
            ("https://c.example/month", TimeSpan.FromDays(30), false),
            ("https://c.example/hidden", TimeSpan.FromHours(2), true));
        Assert.Equal(FollowResult.Done, await FollowAsync(host, reader.Id, collection));

        async Task<string[]> NewsWith(TimeFilter filter, DateTimeOffset followedAt)
        {
            await host.WithDbAsync(async d =>
            {
                var newsIds = d.Set<Collection>().Where(c => c.UserId == reader.Id).Select(c => c.Id);
                await d.Set<CollectionLink>().Where(e => newsIds.Contains(e.CollectionId)).ExecuteDeleteAsync();
                await d.Set<Link>().Where(l => l.UserId == reader.Id).ExecuteDeleteAsync();
                return await d.Set<CollectionFollow>().Where(f => f.UserId == reader.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.TimeFilter, filter).SetProperty(f => f.CreatedAt, followedAt));
            });
            await FillAsync(host, reader.Id);
            return await NewsAsync(host, reader.Id);
        }

        // The hidden link never comes, whatever the filter.
        Assert.Equal(["https://c.example/hour"], await NewsWith(TimeFilter.Strict, Now));
        Assert.Equal(["https://c.example/3days", "https://c.example/hour"], await NewsWith(TimeFilter.Normal, Now));
        Assert.Equal(["https://c.example/3days", "https://c.example/hour"], await NewsWith(TimeFilter.All, Now - TimeSpan.FromDays(10)));
        Assert.Equal(["https://c.example/3days", "https://c.example/hour", "https://c.example/month"], await NewsWith(TimeFilter.All, Now - TimeSpan.FromDays(60)));

        // The copies are the reader's, leading back to the owner's links.
        var copies = await host.WithDbAsync(d => d.Set<Link>().AsNoTracking().Where(l => l.UserId == reader.Id).ToListAsync());
        Assert.All(copies, c => Assert.NotNull(c.SourceLinkId));

        // A second fill brings nothing again: the reader has those URLs now.
        Assert.Equal(0, await FillAsync(host, reader.Id));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_collection_gone_private_stops_giving_unless_it_is_shared_with_the_follower(Db db)
    {
        await using var host = new ServiceHost(db);
        var owner = await host.CreateUserAsync();
        var reader = await host.CreateUserAsync();
        var collection = await CollectionAsync(host, owner.Id, isPublic: true, ("https://c.example/new", TimeSpan.FromHours(1), false));
        Assert.Equal(FollowResult.Done, await FollowAsync(host, reader.Id, collection));
        await host.WithDbAsync(d => d.Set<Collection>().Where(c => c.Id == collection).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsPublic, false)));

        Assert.Equal(0, await FillAsync(host, reader.Id));
        Assert.Empty(await NewsAsync(host, reader.Id));

        await host.WithDbAsync(async d =>
        {
            d.Add(new CollectionShare { CollectionId = collection, UserId = reader.Id, CanWrite = false, CreatedAt = Now });
            return await d.SaveChangesAsync();
        });
        Assert.Equal(1, await FillAsync(host, reader.Id));
        Assert.Equal(["https://c.example/new"], await NewsAsync(host, reader.Id));

        // Nobody follows a private collection they may not see, nor their own.
        var stranger = await host.CreateUserAsync();
        Assert.Equal(FollowResult.NotFound, await FollowAsync(host, stranger.Id, collection));
        Assert.Equal(FollowResult.OwnCollection, await FollowAsync(host, owner.Id, collection));
        Assert.Equal(1, await host.WithDbAsync(d => d.Set<CollectionFollow>().CountAsync()));
    }

    [Fact]
    public async Task The_fill_runs_as_many_queries_for_ten_followed_collections_as_for_one()
    {
        using var counter = new QueryCounter();
        await using var host = new ServiceHost(Db.Sqlite);
        var owner = await host.CreateUserAsync();
        // As many links either way (SQLite writes each new row with a command of its own): one
        // collection of 20, or ten of 2.
        var big = await CollectionAsync(host, owner.Id, isPublic: true,
            [.. Enumerable.Range(0, 20).Select(n => ($"https://c.example/big/{n}", TimeSpan.FromHours(1), false))]);
        var small = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            small.Add(await CollectionAsync(host, owner.Id, isPublic: true,
                ($"https://c.example/{i}/a", TimeSpan.FromHours(1), false), ($"https://c.example/{i}/b", TimeSpan.FromHours(2), false)));
        }

        async Task<int> QueriesFor(IReadOnlyList<Guid> followed)
        {
            var reader = await host.CreateUserAsync();
            foreach (var id in followed)
            {
                await FollowAsync(host, reader.Id, id);
            }

            // The reader's News list is made on first use: not a cost of the follows.
            await host.WithScopeAsync(sp => sp.GetRequiredService<LinkLists>().CollectionIdAsync(reader.Id, CollectionKind.News, CancellationToken.None));
            counter.Watch(host.DataPath);
            Assert.Equal(20, await FillAsync(host, reader.Id));
            return counter.Count;
        }

        await QueriesFor([big]); // warm: first-use costs belong to no number of follows
        var one = await QueriesFor([big]);
        var ten = await QueriesFor(small);
        Assert.True(one > 0, "the counter saw no query at all");
        Assert.Equal(one, ten);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_user_follows_and_unfollows_another_users_public_collection_from_its_page(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, _) = await app.LoggedInAsync();
        var (bob, bobUser) = await app.LoggedInAsync();
        var shown = await alice.CreateCollectionAsync("Shown", isPublic: true);
        var secret = await alice.CreateCollectionAsync("Secret");

        var page = await bob.GetAsync($"/collections/{shown}");
        Assert.Contains($"action=\"/collections/{shown}/follow\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"/collections/{shown}/follow\"", (await alice.GetAsync($"/collections/{shown}")).Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"/collections/{shown}/follow\"", (await app.Browser().GetAsync($"/collections/{shown}")).Html, StringComparison.Ordinal);

        var followed = await bob.PostAsync($"/collections/{shown}", $"/collections/{shown}/follow", ("timeFilter", "Strict"));
        Assert.True(followed.IsRedirectTo($"/collections/{shown}"));
        var follow = await app.WithDbAsync(d => d.Set<CollectionFollow>().AsNoTracking().SingleAsync());
        Assert.Equal((bobUser.Id, shown, TimeFilter.Strict), (follow.UserId, follow.CollectionId, follow.TimeFilter));
        Assert.Contains("You follow this collection", (await bob.GetAsync($"/collections/{shown}")).Text, StringComparison.Ordinal);
        var feeds = await bob.GetAsync("/feeds");
        Assert.Contains($"href=\"/collections/{shown}\"", feeds.Html, StringComparison.Ordinal);

        // Following again changes the filter; a private collection is not found; one's own is refused.
        await bob.PostAsync($"/collections/{shown}", $"/collections/{shown}/follow", ("timeFilter", "All"));
        Assert.Equal(TimeFilter.All, (await app.WithDbAsync(d => d.Set<CollectionFollow>().AsNoTracking().SingleAsync())).TimeFilter);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/collections/{shown}", $"/collections/{secret}/follow")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/collections/{shown}", $"/collections/{secret}/unfollow")).Status);
        await alice.PostAsync($"/collections/{shown}", $"/collections/{shown}/follow");
        Assert.Equal(1, await app.WithDbAsync(d => d.Set<CollectionFollow>().CountAsync()));

        var unfollowed = await bob.PostAsync($"/collections/{shown}", $"/collections/{shown}/unfollow");
        Assert.True(unfollowed.IsRedirectTo($"/collections/{shown}"));
        Assert.Equal(0, await app.WithDbAsync(d => d.Set<CollectionFollow>().CountAsync()));
    }
}
