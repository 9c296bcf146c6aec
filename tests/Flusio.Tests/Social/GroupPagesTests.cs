using System.Net;
using Flusio.Tests.Collections;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Social;

/// <summary>Groups through their pages: create, rename, delete, what they hold, and another user's groups.</summary>
public sealed class GroupPagesTests
{
    private static Task<List<Group>> GroupsAsync(FlusioApp app, Guid userId) =>
        app.WithDbAsync(db => db.Set<Group>().AsNoTracking().Where(g => g.UserId == userId).OrderBy(g => g.Name).ToListAsync());

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_user_creates_renames_and_deletes_a_group_and_its_collections_and_follows_stay(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, user) = await app.LoggedInAsync();
        Assert.Contains("No groups yet", (await browser.GetAsync("/groups")).Text, StringComparison.Ordinal);

        var created = await browser.PostAsync("/groups", "/groups", ("name", "  Science  "));
        Assert.True(created.IsRedirectTo("/groups"), $"{created.Status}");
        var group = Assert.Single(await GroupsAsync(app, user.Id));
        Assert.Equal("Science", group.Name);

        // Wrong names: a message, the name as typed, nothing written.
        var empty = await browser.PostAsync("/groups", "/groups", ("name", "  "));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.Status);
        Assert.Contains("Give the group a name.", empty.Text, StringComparison.Ordinal);
        var taken = await browser.PostAsync("/groups", "/groups", ("name", "Science"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.Status);
        Assert.Contains("You already have a group of this name.", taken.Text, StringComparison.Ordinal);
        var tooLong = await browser.PostAsync("/groups", "/groups", ("name", new string('g', 101)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.Status);
        Assert.Single(await GroupsAsync(app, user.Id));

        // A collection in the group, chosen on its form; the collections page lists it under the group.
        var form = await browser.GetAsync("/collections/new");
        Assert.Contains($"<option value=\"{group.Id}\">Science</option>", form.Html, StringComparison.Ordinal);
        var inGroup = await browser.PostAsync("/collections/new", "/collections/new", ("name", "Physics"), ("groupId", group.Id.ToString()));
        Assert.NotNull(inGroup.Location);
        var loose = await browser.CreateCollectionAsync("Loose ends");
        var collections = (await app.UserCollectionsAsync()).ToDictionary(c => c.Name!);
        Assert.Equal(group.Id, collections["Physics"].GroupId);
        Assert.Null(collections["Loose ends"].GroupId);
        var list = await browser.GetAsync("/collections");
        Assert.Contains("<h2>Science</h2>", list.Html, StringComparison.Ordinal);
        Assert.Contains("<h2>Not in a group</h2>", list.Html, StringComparison.Ordinal);
        Assert.True(list.Html.IndexOf("Physics", StringComparison.Ordinal) < list.Html.IndexOf("Loose ends", StringComparison.Ordinal));

        // A feed follow in the group too: the feeds page lists it under the group.
        var feedId = await app.WithDbAsync(async d =>
        {
            var now = DateTimeOffset.UtcNow;
            var feed = new Feed { Id = Guid.CreateVersion7(now), Url = "https://feeds.example/a.xml", UrlHash = UrlHash.Of("https://feeds.example/a.xml"), Host = "feeds.example", Title = "A feed", CreatedAt = now, NextCheckAt = now.AddDays(1) };
            d.Add(feed);
            d.Add(new FeedFollow { UserId = user.Id, FeedId = feed.Id, GroupId = group.Id, CreatedAt = now });
            await d.SaveChangesAsync();
            return feed.Id;
        });
        Assert.Contains("<h2>Science</h2>", (await browser.GetAsync("/feeds")).Html, StringComparison.Ordinal);
        Assert.Contains("1 collection", (await browser.GetAsync("/groups")).Text, StringComparison.Ordinal);

        var renamed = await browser.PostAsync($"/groups/{group.Id}/edit", $"/groups/{group.Id}/edit", ("name", "Sciences"));
        Assert.True(renamed.IsRedirectTo("/groups"));
        Assert.Equal("Sciences", Assert.Single(await GroupsAsync(app, user.Id)).Name);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await browser.PostAsync($"/groups/{group.Id}/edit", $"/groups/{group.Id}/edit", ("name", ""))).Status);

        var deleted = await browser.PostAsync($"/groups/{group.Id}/edit", $"/groups/{group.Id}/delete");
        Assert.True(deleted.IsRedirectTo("/groups"));
        Assert.Empty(await GroupsAsync(app, user.Id));
        var kept = Assert.Single(await app.UserCollectionsAsync(), c => c.Name == "Physics");
        Assert.Null(kept.GroupId);
        var follow = await app.WithDbAsync(d => d.Set<FeedFollow>().AsNoTracking().SingleAsync(f => f.FeedId == feedId));
        Assert.Null(follow.GroupId);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/collections")).Status);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Another_users_groups_are_not_found_and_cannot_hold_ones_collections(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, aliceUser) = await app.LoggedInAsync();
        var (bob, _) = await app.LoggedInAsync();
        await alice.PostAsync("/groups", "/groups", ("name", "Alices group"));
        var group = Assert.Single(await GroupsAsync(app, aliceUser.Id));

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/groups/{group.Id}/edit")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync("/groups", $"/groups/{group.Id}/edit", ("name", "Taken"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync("/groups", $"/groups/{group.Id}/delete")).Status);
        Assert.DoesNotContain("Alices group", (await bob.GetAsync("/groups")).Html, StringComparison.Ordinal);

        // Bob's collection cannot go in Alices group group: the form says so, nothing is written.
        var refused = await bob.PostAsync("/collections/new", "/collections/new", ("name", "Bobs"), ("groupId", group.Id.ToString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("Choose a group from the list.", refused.Text, StringComparison.Ordinal);
        Assert.Empty(await app.UserCollectionsAsync());
        Assert.Equal("Alices group", Assert.Single(await GroupsAsync(app, aliceUser.Id)).Name);
    }
}
