using System.Net;
using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Collections;

/// <summary>User collections through their pages: create, edit, delete, who may see and change what.</summary>
public sealed partial class CollectionPagesTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_user_creates_edits_and_deletes_a_collection(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, user) = await app.LoggedInAsync();
        Assert.Contains("No collections yet", (await browser.GetAsync("/collections")).Text, StringComparison.Ordinal);

        var id = await browser.CreateCollectionAsync("Reading list", description: "Things **worth** it");
        var page = await browser.GetAsync($"/collections/{id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<h1>Reading list</h1>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<strong>worth</strong>", page.Html, StringComparison.Ordinal);
        Assert.Contains("Private collection", page.Text, StringComparison.Ordinal);
        var list = await browser.GetAsync("/collections");
        Assert.Contains($"href=\"/collections/{id}\"", list.Html, StringComparison.Ordinal);
        Assert.Contains("0 links", list.Text, StringComparison.Ordinal);
        var stored = Assert.Single(await app.UserCollectionsAsync());
        Assert.Equal(user.Id, stored.UserId);
        Assert.False(stored.IsPublic);

        var edited = await browser.PostAsync($"/collections/{id}/edit", $"/collections/{id}/edit", ("name", "  Best of the web "), ("description", "New words"), ("isPublic", "true"));
        Assert.True(edited.IsRedirectTo($"/collections/{id}"));
        stored = Assert.Single(await app.UserCollectionsAsync());
        Assert.Equal(("Best of the web", "New words", true), (stored.Name, stored.Description, stored.IsPublic));
        Assert.Contains("Public collection", (await browser.GetAsync($"/collections/{id}")).Text, StringComparison.Ordinal);
        var form = await browser.GetAsync($"/collections/{id}/edit");
        Assert.Contains("value=\"Best of the web\"", form.Html, StringComparison.Ordinal);

        // Deleting asks for the box to be ticked; without it, nothing goes.
        var unconfirmed = await browser.PostAsync($"/collections/{id}/edit", $"/collections/{id}/delete");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.Status);
        Assert.Contains("Tick the box to confirm", unconfirmed.Text, StringComparison.Ordinal);
        Assert.Single(await app.UserCollectionsAsync());

        var deleted = await browser.PostAsync($"/collections/{id}/edit", $"/collections/{id}/delete", ("confirm", "true"));
        Assert.True(deleted.IsRedirectTo("/collections"));
        Assert.Empty(await app.UserCollectionsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/collections/{id}")).Status);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Wrong_names_are_refused_with_a_message_and_change_nothing(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, _) = await app.LoggedInAsync();

        var empty = await browser.PostAsync("/collections/new", "/collections/new", ("name", "   "), ("description", "kept"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.Status);
        Assert.Contains("Give the collection a name.", empty.Text, StringComparison.Ordinal);
        Assert.Contains(">kept</textarea>", empty.Html, StringComparison.Ordinal);
        var tooLong = await browser.PostAsync("/collections/new", "/collections/new", ("name", new string('n', 101)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.Status);
        Assert.Contains("at most 100 characters", tooLong.Text, StringComparison.Ordinal);
        var tooLongDescription = await browser.PostAsync("/collections/new", "/collections/new", ("name", "ok"), ("description", new string('d', 10_001)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLongDescription.Status);
        Assert.Empty(await app.UserCollectionsAsync());

        // A name of exactly 100 characters is fine; an edit to an empty one changes nothing.
        var id = await browser.CreateCollectionAsync(new string('n', 100));
        var emptied = await browser.PostAsync($"/collections/{id}/edit", $"/collections/{id}/edit", ("name", ""), ("isPublic", "true"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, emptied.Status);
        Assert.Contains("Give the collection a name.", emptied.Text, StringComparison.Ordinal);
        var stored = Assert.Single(await app.UserCollectionsAsync());
        Assert.Equal((new string('n', 100), false), (stored.Name, stored.IsPublic));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Another_users_collections_are_not_found_and_stay_unchanged(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, _) = await app.LoggedInAsync();
        var (bob, _) = await app.LoggedInAsync();
        var secret = await alice.CreateCollectionAsync("Secret");
        var shown = await alice.CreateCollectionAsync("Shown", isPublic: true);
        var link = await alice.SaveLinkAsync("https://site.example/a", secret, shown);
        var bobs = await bob.CreateCollectionAsync("Bob's");

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/collections/{secret}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/collections/{shown}")).Status);
        foreach (var id in new[] { secret, shown })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/collections/{id}/edit")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync("/collections", $"/collections/{id}/edit", ("name", "Taken"), ("isPublic", "true"))).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync("/collections", $"/collections/{id}/delete", ("confirm", "true"))).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync("/collections", $"/collections/{id}/delete")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync("/collections", $"/collections/{id}/links/{link}/remove")).Status);
        }

        // Alice's link into Bob's own collection, Bob's into Alice's: neither is Bob's to pair.
        var bobsLink = await bob.SaveLinkAsync("https://site.example/b");
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync("/collections", $"/collections/{bobs}/links", ("linkId", link.ToString()))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync("/collections", $"/collections/{shown}/links", ("linkId", bobsLink.ToString()))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/links/{link}/collections")).Status);

        var collections = (await app.UserCollectionsAsync()).ToDictionary(c => c.Id);
        Assert.Equal(("Secret", false), (collections[secret].Name, collections[secret].IsPublic));
        Assert.Equal(("Shown", true), (collections[shown].Name, collections[shown].IsPublic));
        Assert.Equal([link], await app.LinksInAsync(secret));
        Assert.Equal([link], await app.LinksInAsync(shown));
        Assert.Empty(await app.LinksInAsync(bobs));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Anonymous_visitors_read_public_collections_and_nothing_else(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, _) = await app.LoggedInAsync();
        var secret = await alice.CreateCollectionAsync("Secret");
        var shown = await alice.CreateCollectionAsync("Shown", isPublic: true, description: "Open to all");
        var link = await alice.SaveLinkAsync("https://site.example/open", secret, shown);
        using var anonymous = app.Browser();

        var page = await anonymous.GetAsync($"/collections/{shown}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Open to all", page.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://site.example/open\"", page.Html, StringComparison.Ordinal);
        // Read-only: no form acts on the owner's link or collection.
        Assert.DoesNotContain($"\"/links/{link}", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/collections/{shown}/edit", page.Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/collections/{secret}")).Status);
        foreach (var path in new[] { $"/collections/{shown}/edit", $"/collections/{secret}/edit", "/collections", "/collections/new", "/links", "/links/new", $"/links/{link}/collections" })
        {
            Assert.True((await anonymous.GetAsync(path)).IsRedirectTo("/login"), path);
        }

        // Making it private hides it from the visitor at once.
        await alice.PostAsync($"/collections/{shown}/edit", $"/collections/{shown}/edit", ("name", "Shown"));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/collections/{shown}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/collections/{shown}")).Status);
    }

    [Fact]
    public async Task A_hostile_description_is_rendered_without_script_handlers_or_javascript_links()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        var (alice, _) = await app.LoggedInAsync();
        const string hostile = """
            Hi **there** [fine](https://example.org/)

            <script>alert(1)</script><img src="x" onerror="alert(2)"><p onclick="alert(3)">para</p>

            [click](javascript:alert(4)) [two]( JaVaScRiPt:alert(5)) <a href="javascript:alert(6)">six</a>

            <iframe src="https://evil.example/"></iframe><form action="https://evil.example/"><input name="p"></form>
            <svg onload="alert(7)"></svg><style>body{display:none}</style>

            ![img](javascript:alert(8))
            """;
        var id = await alice.CreateCollectionAsync("Hostile", isPublic: true, description: hostile);
        using var anonymous = app.Browser();
        foreach (var viewer in new[] { alice, anonymous })
        {
            var page = await viewer.GetAsync($"/collections/{id}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var description = Description().Match(page.Html);
            Assert.True(description.Success, "the description is shown");
            var html = description.Groups[1].Value;
            Assert.Contains("<strong>there</strong>", html, StringComparison.Ordinal);
            Assert.Contains("https://example.org/", html, StringComparison.Ordinal);
            Assert.Contains("para", html, StringComparison.Ordinal);
            foreach (var forbidden in new[] { "<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<form", "<input", "<svg", "<style", "alert(" })
            {
                Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
            }
        }

        // The source is kept as typed, for the next edit.
        Assert.Equal(hostile, Assert.Single(await app.UserCollectionsAsync()).Description);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_collections_pages_list_every_link_exactly_once_even_when_added_at_the_same_instant(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, user) = await app.LoggedInAsync();
        var id = await alice.CreateCollectionAsync("Many");
        var other = await alice.CreateCollectionAsync("Other");
        var expected = await app.WithDbAsync(async context =>
        {
            // 65 links over 22 instants: three share each, so the id breaks ties across page ends.
            var start = DateTimeOffset.UnixEpoch.AddYears(56);
            var ids = new List<Guid>();
            for (var i = 0; i < 65; i++)
            {
                var at = start.AddMinutes(i / 3);
                var link = new Link { Id = Guid.CreateVersion7(at), UserId = user.Id, Url = $"https://site.example/{i}", UrlHash = UrlHash.Of($"https://site.example/{i}"), Title = $"Link {i}", PublishedAt = at, CreatedAt = at };
                context.Add(link);
                context.Add(new CollectionLink { CollectionId = id, LinkId = link.Id, AddedAt = at });
                ids.Add(link.Id);
            }

            context.Add(new CollectionLink { CollectionId = other, LinkId = ids[0], AddedAt = start });
            await context.SaveChangesAsync();
            return ids;
        });

        var listed = await alice.AllPagesAsync($"/collections/{id}");
        Assert.Equal(65, listed.Count);
        Assert.Equal(expected.ToHashSet(), listed.ToHashSet());
        // Latest added first: the instants never go up along the pages.
        var minute = expected.Select((link, i) => (link, i / 3)).ToDictionary(p => p.link, p => p.Item2);
        Assert.Equal(listed.Select(l => minute[l]).OrderDescending(), listed.Select(l => minute[l]));
        Assert.Equal([expected[0]], await alice.AllPagesAsync($"/collections/{other}"));
        Assert.Contains("65 links", (await alice.GetAsync("/collections")).Text, StringComparison.Ordinal);
    }

    [GeneratedRegex("<div class=\"collection-description\">(.*?)</div>\\s*<", RegexOptions.Singleline)]
    private static partial Regex Description();
}
