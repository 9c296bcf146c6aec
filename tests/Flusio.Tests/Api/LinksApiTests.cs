using System.Net;
using System.Net.Http.Json;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Api;

/// <summary>/api/v1/links: the same use cases as the pages, as JSON; bad input is a 400 problem that writes nothing; another user's ids are 404.</summary>
public sealed class LinksApiTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_link_is_saved_read_changed_acted_on_and_deleted(Db db)
    {
        await using var app = new FlusioApp(db, new Dictionary<string, string?> { ["WORKER_IN_PROCESS"] = "false" });
        var (client, user) = await app.ApiUserAsync();

        using var created = await client.PostAsJsonAsync("/api/v1/links", new { url = "https://example.org/article", hidden = true, note = "Worth a *second* look" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var link = await created.JsonAsync();
        var id = link.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/links/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("https://example.org/article", link.GetProperty("title").GetString());
        Assert.Equal("pending", link.GetProperty("metadataState").GetString());
        Assert.True(link.GetProperty("hidden").GetBoolean());
        // The same job as the form's: its page is read in the background.
        Assert.Equal(1, await app.WithDbAsync(d => d.Set<Job>().CountAsync(j => j.Name == "link-metadata")));

        using (var got = await client.GetAsync($"/api/v1/links/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, got.StatusCode);
            Assert.Equal(id, (await got.JsonAsync()).GetProperty("id").GetGuid());
        }

        using (var patched = await client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/links/{id}", "{\"title\":\"An article\",\"readingMinutes\":7,\"hidden\":false}"))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            var body = await patched.JsonAsync();
            Assert.Equal("An article", body.GetProperty("title").GetString());
            Assert.Equal(7, body.GetProperty("readingMinutes").GetInt32());
            Assert.False(body.GetProperty("hidden").GetBoolean());
        }

        using (var found = await client.GetAsync("/api/v1/links/search?q=article"))
        {
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
            Assert.Equal(id, Assert.Single((await found.JsonAsync()).GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/links/{id}/read-later", null)).StatusCode);
        Assert.True(await InListAsync(app, user.Id, id, CollectionKind.ReadLater));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/links/{id}/read", null)).StatusCode);
        Assert.True(await InListAsync(app, user.Id, id, CollectionKind.Read));
        Assert.False(await InListAsync(app, user.Id, id, CollectionKind.ReadLater));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/links/{id}/dismiss", null)).StatusCode);
        Assert.True(await InListAsync(app, user.Id, id, CollectionKind.Dismissed));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/links/{id}")).StatusCode);
        using var gone = await client.GetAsync($"/api/v1/links/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Bad_input_and_wrong_types_are_400_problems_that_write_nothing(Db db)
    {
        await using var app = new FlusioApp(db, new Dictionary<string, string?> { ["WORKER_IN_PROCESS"] = "false" });
        var (client, user) = await app.ApiUserAsync();
        var id = await client.SaveLinkAsync("https://example.org/kept");

        foreach (var (method, path, body, field) in new (string, string, string, string?)[]
        {
            ("POST", "/api/v1/links", "{\"url\":\"ftp://example.org/file\"}", "url"),
            ("POST", "/api/v1/links", "{}", "url"),
            ("POST", "/api/v1/links", "{\"url\":\"http://127.0.0.1/admin\"}", "url"),
            ("POST", "/api/v1/links", "{\"url\":\"https://example.org/n\",\"note\":\"" + new string('n', 10_001) + "\"}", "note"),
            ("POST", "/api/v1/links", "{\"url\":42}", null),
            ("POST", "/api/v1/links", "{\"url\":\"https://example.org/t\",\"hidden\":\"yes\"}", null),
            ("POST", "/api/v1/links", "{\"url\":\"https://example.org/t\",\"collectionIds\":[\"not-a-guid\"]}", null),
            ("POST", "/api/v1/links", "{\"url\":", null),
            ("POST", "/api/v1/links", "[1,2]", null),
            ("PATCH", $"/api/v1/links/{id}", "{\"title\":\"" + new string('t', 501) + "\"}", "title"),
            ("PATCH", $"/api/v1/links/{id}", "{\"title\":\"   \"}", "title"),
            ("PATCH", $"/api/v1/links/{id}", "{\"readingMinutes\":-1}", "readingMinutes"),
            ("PATCH", $"/api/v1/links/{id}", "{\"readingMinutes\":\"seven\"}", null),
            ("GET", "/api/v1/links?limit=0", "", "limit"),
            ("GET", "/api/v1/links?limit=many", "", null),
            ("GET", "/api/v1/links?cursor=bm90IGEgY3Vyc29y", "", "cursor"),
            ("GET", "/api/v1/links?cursor=%%%", "", "cursor"),
            ("GET", "/api/v1/links/search?q=", "", "q"),
            ("GET", "/api/v1/links/search?q=-only", "", "q"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method != "GET")
            {
                request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path} {body[..Math.Min(body.Length, 60)]}: {response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.JsonAsync();
            Assert.Equal(400, problem.GetProperty("status").GetInt32());
            Assert.True(problem.TryGetProperty("errors", out var errors), text);
            if (field is not null)
            {
                Assert.True(errors.TryGetProperty(field, out _), $"{method} {path}: {text}");
            }
        }

        var link = await app.WithDbAsync(d => d.Set<Link>().SingleAsync(l => l.UserId == user.Id));
        Assert.Equal("https://example.org/kept", link.Title);
        Assert.Null(link.ReadingMinutes);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Another_users_link_ids_are_404_and_change_nothing(Db db)
    {
        await using var app = new FlusioApp(db, new Dictionary<string, string?> { ["WORKER_IN_PROCESS"] = "false" });
        var (owner, ownerUser) = await app.ApiUserAsync();
        var (other, _) = await app.ApiUserAsync();
        var id = await owner.SaveLinkAsync("https://example.org/mine");

        foreach (var (method, path) in new[] { ("GET", $"/api/v1/links/{id}"), ("PATCH", $"/api/v1/links/{id}"), ("DELETE", $"/api/v1/links/{id}"), ("POST", $"/api/v1/links/{id}/read"), ("POST", $"/api/v1/links/{id}/read-later"), ("POST", $"/api/v1/links/{id}/dismiss") })
        {
            using var response = await other.SendJsonAsync(new HttpMethod(method), path, "{\"title\":\"Taken\"}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal("https://example.org/mine", await app.WithDbAsync(d => d.Set<Link>().Where(l => l.Id == id).Select(l => l.Title).SingleAsync()));
        Assert.False(await InListAsync(app, ownerUser.Id, id, CollectionKind.Read));
        Assert.Empty((await (await other.GetAsync("/api/v1/links")).JsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Pages_neither_repeat_nor_skip_links_saved_between_them(Db db)
    {
        await using var app = new FlusioApp(db, new Dictionary<string, string?> { ["WORKER_IN_PROCESS"] = "false" });
        var (client, _) = await app.ApiUserAsync();
        var first = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            first.Add(await client.SaveLinkAsync($"https://example.org/first/{i}"));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            using var response = await client.GetAsync("/api/v1/links?limit=3" + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next").GetString();
            // Links saved while paging come before the first page: they move nothing after it.
            for (var i = 0; i < 2; i++)
            {
                await client.SaveLinkAsync($"https://example.org/between/{pages}/{i}");
            }

            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(first), seen);
    }

    [Fact]
    public async Task Reads_carry_an_ETag_and_answer_304_while_unchanged()
    {
        await using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["WORKER_IN_PROCESS"] = "false" });
        var (client, _) = await app.ApiUserAsync();
        var id = await client.SaveLinkAsync("https://example.org/etag");

        using var first = await client.GetAsync($"/api/v1/links/{id}");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/links/{id}");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        await client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/links/{id}", "{\"title\":\"Changed\"}");
        using var changed = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/links/{id}");
        changed.Headers.IfNoneMatch.Add(etag);
        using var fresh = await client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);

        using var list = await client.GetAsync("/api/v1/links");
        using var listAgain = new HttpRequestMessage(HttpMethod.Get, "/api/v1/links");
        listAgain.Headers.IfNoneMatch.Add(list.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(listAgain)).StatusCode);
    }

    private static Task<bool> InListAsync(FlusioApp app, Guid userId, Guid linkId, CollectionKind kind) =>
        app.WithDbAsync(d => d.Set<CollectionLink>().AnyAsync(e => e.LinkId == linkId && d.Set<Collection>().Any(c => c.Id == e.CollectionId && c.UserId == userId && c.Kind == kind)));
}
