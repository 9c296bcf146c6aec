using System.Net;
using System.Net.Http.Json;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Api;

/// <summary>/api/v1/collections, /follows and /news: the pages' use cases as JSON, with 400 for bad input and 404 for another user's ids.</summary>
public sealed class CollectionsFollowsNewsApiTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Collections_are_created_changed_filled_emptied_and_deleted(Db db)
    {
        await using var app = new FlusioApp(db, new Dictionary<string, string?> { ["WORKER_IN_PROCESS"] = "false" });
        var (client, _) = await app.ApiUserAsync();
        var linkId = await client.SaveLinkAsync("https://example.org/in-a-collection");

        using var created = await client.PostAsJsonAsync("/api/v1/collections", new { name = "Reading list", description = "Some *Markdown*" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        using (var patched = await client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/collections/{id}", "{\"isPublic\":true}"))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            var body = await patched.JsonAsync();
            Assert.True(body.GetProperty("isPublic").GetBoolean());
            Assert.Equal("Reading list", body.GetProperty("name").GetString());
            Assert.Equal("Some *Markdown*", body.GetProperty("description").GetString());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"/api/v1/collections/{id}/links/{linkId}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"/api/v1/collections/{id}/links/{linkId}", null)).StatusCode);
        var links = await (await client.GetAsync($"/api/v1/collections/{id}/links")).JsonAsync();
        Assert.Equal(linkId, Assert.Single(links.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var listed = Assert.Single((await (await client.GetAsync("/api/v1/collections")).JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(1, listed.GetProperty("linkCount").GetInt32());
        Assert.Equal([id], (await (await client.GetAsync($"/api/v1/links/{linkId}")).JsonAsync()).GetProperty("collectionIds").EnumerateArray().Select(e => e.GetGuid()));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/collections/{id}/links/{linkId}")).StatusCode);
        Assert.Empty((await (await client.GetAsync($"/api/v1/collections/{id}/links")).JsonAsync()).GetProperty("items").EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/collections/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/collections/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/links/{linkId}")).StatusCode);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Bad_collections_are_400_and_another_users_ids_404(Db db)
    {
        await using var app = new FlusioApp(db, new Dictionary<string, string?> { ["WORKER_IN_PROCESS"] = "false" });
        var (owner, ownerUser) = await app.ApiUserAsync();
        var (other, _) = await app.ApiUserAsync();
        var linkId = await owner.SaveLinkAsync("https://example.org/owned");
        var otherLink = await other.SaveLinkAsync("https://example.org/others");
        using var created = await owner.PostAsJsonAsync("/api/v1/collections", new { name = "Mine" });
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        foreach (var (method, path, body, field) in new (string, string, string, string?)[]
        {
            ("POST", "/api/v1/collections", "{\"name\":\"  \"}", "name"),
            ("POST", "/api/v1/collections", "{\"name\":\"" + new string('x', 101) + "\"}", "name"),
            ("POST", "/api/v1/collections", "{\"name\":\"ok\",\"isPublic\":\"sure\"}", null),
            ("PATCH", $"/api/v1/collections/{id}", "{\"name\":\"\"}", "name"),
            ("PATCH", $"/api/v1/collections/{id}", "{\"description\":\"" + new string('d', 10_001) + "\"}", "description"),
            ("POST", "/api/v1/follows", "{\"url\":\"ftp://example.org/feed\"}", "url"),
            ("POST", "/api/v1/follows", "{\"url\":[1]}", null),
            ("GET", "/api/v1/news?limit=101", "", "limit"),
        })
        {
            using var response = await owner.SendJsonAsync(new HttpMethod(method), path, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (field is not null)
            {
                Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), text);
            }
        }

        foreach (var (method, path) in new[]
        {
            ("GET", $"/api/v1/collections/{id}"), ("GET", $"/api/v1/collections/{id}/links"), ("PATCH", $"/api/v1/collections/{id}"), ("DELETE", $"/api/v1/collections/{id}"),
            ("PUT", $"/api/v1/collections/{id}/links/{otherLink}"), ("DELETE", $"/api/v1/collections/{id}/links/{linkId}"),
        })
        {
            using var response = await other.SendJsonAsync(new HttpMethod(method), path, "{\"name\":\"Taken\"}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode}");
        }

        // The owner cannot put someone else's link in their collection either.
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PutAsync($"/api/v1/collections/{id}/links/{otherLink}", null)).StatusCode);
        var kept = await app.WithDbAsync(d => d.Set<Collection>().SingleAsync(c => c.Id == id));
        Assert.Equal("Mine", kept.Name);
        Assert.Equal(ownerUser.Id, kept.UserId);
        Assert.Equal(0, await app.WithDbAsync(d => d.Set<CollectionLink>().CountAsync(e => e.CollectionId == id)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_followed_feed_fills_News_and_is_unfollowed(Db db)
    {
        await using var app = new FlusioApp(db, new Dictionary<string, string?> { ["WORKER_IN_PROCESS"] = "false" });
        var (client, _) = await app.ApiUserAsync();
        var (other, _) = await app.ApiUserAsync();

        using var followed = await client.PostAsJsonAsync("/api/v1/follows", new { url = "https://feeds.example.org/news.xml" });
        Assert.Equal(HttpStatusCode.Created, followed.StatusCode);
        var feedId = (await followed.JsonAsync()).GetProperty("feedId").GetGuid();
        var listed = Assert.Single((await (await client.GetAsync("/api/v1/follows")).JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal("normal", listed.GetProperty("timeFilter").GetString());

        var now = DateTimeOffset.UtcNow;
        await app.WithDbAsync(async d =>
        {
            for (var i = 0; i < 3; i++)
            {
                var url = $"https://feeds.example.org/entry/{i}";
                d.Add(new Link { Id = Guid.CreateVersion7(), FeedId = feedId, EntryKey = $"e{i}", Url = url, UrlHash = UrlHash.Of(url), Title = $"Entry {i}", PublishedAt = now.AddHours(-i), CreatedAt = now });
            }

            return await d.SaveChangesAsync();
        });

        using (var fill = await client.PostAsync("/api/v1/news/fill", null))
        {
            Assert.Equal(HttpStatusCode.OK, fill.StatusCode);
            Assert.Equal(3, (await fill.JsonAsync()).GetProperty("added").GetInt32());
        }

        var page = await (await client.GetAsync("/api/v1/news?limit=2")).JsonAsync();
        Assert.Equal(["Entry 0", "Entry 1"], page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("title").GetString()));
        var rest = await (await client.GetAsync("/api/v1/news?limit=2&cursor=" + page.GetProperty("next").GetString())).JsonAsync();
        Assert.Equal(["Entry 2"], rest.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("title").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rest.GetProperty("next").ValueKind);

        // Someone else's News is their own; nobody else can unfollow for the follower.
        Assert.Empty((await (await other.GetAsync("/api/v1/news")).JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/follows/{feedId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/follows/{feedId}")).StatusCode);
        Assert.Empty((await (await client.GetAsync("/api/v1/follows")).JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.False(await app.WithDbAsync(d => d.Set<FeedFollow>().AnyAsync()));
    }
}
