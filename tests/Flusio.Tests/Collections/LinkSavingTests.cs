using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Collections;

/// <summary>Saving links by URL, My links, and putting links in and out of collections, through the pages.</summary>
public sealed class LinkSavingTests
{
    private static Task<List<Link>> OwnLinksAsync(FlusioApp app) =>
        app.WithDbAsync(db => db.Set<Link>().AsNoTracking().Where(l => l.UserId != null).ToListAsync());

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_link_saved_by_url_lands_in_the_chosen_and_new_collections_and_saving_it_again_finds_it(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, user) = await app.LoggedInAsync();
        var chosen = await alice.CreateCollectionAsync("Chosen");
        var later = await alice.CreateCollectionAsync("Later");
        var form = await alice.GetAsync("/links/new");
        Assert.Contains($"value=\"{chosen}\"", form.Html, StringComparison.Ordinal);

        var saved = await alice.PostAsync("/links/new", "/links/new", ("url", "https://Site.Example/Page?q=1"), ("collectionIds", chosen.ToString()), ("newCollection", " Fresh "));
        Assert.Matches("^/links/[0-9a-f-]{36}/collections$", saved.Location?.OriginalString ?? "");
        var link = Assert.Single(await OwnLinksAsync(app));
        Assert.Equal((user.Id, "https://site.example/Page?q=1"), (link.UserId, link.Url));
        Assert.Equal(link.Url, link.Title);
        var fresh = Assert.Single(await app.UserCollectionsAsync(), c => c.Name == "Fresh");
        Assert.False(fresh.IsPublic);
        Assert.Equal([link.Id], await app.LinksInAsync(chosen));
        Assert.Equal([link.Id], await app.LinksInAsync(fresh.Id));
        Assert.Empty(await app.LinksInAsync(later));
        Assert.Equal([link.Id], CollectionPages.LinkIds(await alice.GetAsync("/links")));
        Assert.Equal([link.Id], CollectionPages.LinkIds(await alice.GetAsync($"/collections/{chosen}")));

        // The same URL (host case, default port and fragment aside) is the same link.
        var again = await alice.SaveLinkAsync("https://site.example:443/Page?q=1#part", later);
        Assert.Equal(link.Id, again);
        Assert.Single(await OwnLinksAsync(app));
        Assert.Equal([link.Id], await app.LinksInAsync(later));
        Assert.Equal([link.Id], await app.LinksInAsync(chosen));
        Assert.Equal(3, (await app.UserCollectionsAsync()).Count);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_link_goes_in_and_out_of_a_collection_with_plain_forms(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, _) = await app.LoggedInAsync();
        var id = await alice.CreateCollectionAsync("Box");
        var link = await alice.SaveLinkAsync("https://site.example/in-and-out");
        var page = await alice.GetAsync($"/links/{link}/collections");
        Assert.Contains($"action=\"/collections/{id}/links\"", page.Html, StringComparison.Ordinal);
        Assert.Empty(await app.LinksInAsync(id));

        var added = await alice.PostAsync($"/links/{link}/collections", $"/collections/{id}/links", ("linkId", link.ToString()), ("returnUrl", $"/links/{link}/collections"));
        Assert.True(added.IsRedirectTo($"/links/{link}/collections"));
        Assert.Equal([link], await app.LinksInAsync(id));
        // Adding twice keeps one.
        await alice.PostAsync($"/links/{link}/collections", $"/collections/{id}/links", ("linkId", link.ToString()));
        Assert.Equal([link], await app.LinksInAsync(id));
        Assert.Contains($"action=\"/collections/{id}/links/{link}/remove\"", (await alice.GetAsync($"/links/{link}/collections")).Html, StringComparison.Ordinal);

        var removed = await alice.PostAsync($"/links/{link}/collections", $"/collections/{id}/links/{link}/remove", ("returnUrl", "https://evil.example/"));
        Assert.True(removed.IsRedirectTo($"/collections/{id}"), "a foreign return address is not followed");
        Assert.Empty(await app.LinksInAsync(id));
        // The link stays in the account.
        Assert.Equal([link], CollectionPages.LinkIds(await alice.GetAsync("/links")));

        // From the collection's own page: each link there has its "remove" form, which comes back to the page.
        await alice.PostAsync($"/links/{link}/collections", $"/collections/{id}/links", ("linkId", link.ToString()));
        var other = await alice.SaveLinkAsync("https://site.example/stays", id);
        var listed = await alice.GetAsync($"/collections/{id}");
        Assert.Contains($"action=\"/collections/{id}/links/{link}/remove\"", listed.Html, StringComparison.Ordinal);
        Assert.Contains($"action=\"/collections/{id}/links/{other}/remove\"", listed.Html, StringComparison.Ordinal);
        var fromPage = await alice.PostAsync($"/collections/{id}", $"/collections/{id}/links/{link}/remove", ("returnUrl", $"/collections/{id}"));
        Assert.True(fromPage.IsRedirectTo($"/collections/{id}"));
        Assert.Equal([other], await app.LinksInAsync(id));
        Assert.DoesNotContain($"/links/{link}/remove", (await alice.GetAsync($"/collections/{id}")).Html, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_same_url_saved_by_parallel_requests_is_one_link_in_each_collection(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, user) = await app.LoggedInAsync();
        var box = await alice.CreateCollectionAsync("Box");
        var ids = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => app.WithScopeAsync(async sp =>
        {
            var (id, error) = await sp.GetRequiredService<Flusio.Web.Collections.LinkSaver>()
                .SaveAsync(user.Id, new Flusio.Web.Collections.LinkInput($"https://site.example/same#{i}", [box], null), CancellationToken.None);
            Assert.Null(error);
            return id!.Value;
        })));

        var link = Assert.Single(await OwnLinksAsync(app));
        Assert.All(ids, id => Assert.Equal(link.Id, id));
        Assert.Equal([link.Id], await app.LinksInAsync(box));
        // The page of the link leads to its collections.
        Assert.Contains($"href=\"/links/{link.Id}/collections\"", (await alice.GetAsync($"/links/{link.Id}")).Html, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Wrong_addresses_are_refused_with_a_message_and_change_nothing(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, _) = await app.LoggedInAsync();
        var cases = new (string Url, string Message)[]
        {
            ("", "Enter the address of the page to save."),
            ("   ", "Enter the address of the page to save."),
            ("ftp://site.example/file", "starting with http:// or https://"),
            ("javascript:alert(1)", "starting with http:// or https://"),
            ("site.example/page", "starting with http:// or https://"),
            ("https://", "starting with http:// or https://"),
            ("https://site.example/" + new string('a', 2049 - "https://site.example/".Length), "at most 2048 characters"),
        };
        foreach (var (url, message) in cases)
        {
            var refused = await alice.PostAsync("/links/new", "/links/new", ("url", url), ("newCollection", "Made anyway"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
            Assert.Contains(message, refused.Text, StringComparison.Ordinal);
        }

        var longName = await alice.PostAsync("/links/new", "/links/new", ("url", "https://site.example/ok"), ("newCollection", new string('n', 101)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, longName.Status);
        Assert.Contains("at most 100 characters", longName.Text, StringComparison.Ordinal);
        Assert.Empty(await OwnLinksAsync(app));
        Assert.Empty(await app.UserCollectionsAsync());

        // Exactly 2048 characters is accepted.
        var longest = "https://site.example/" + new string('a', 2048 - "https://site.example/".Length);
        await alice.SaveLinkAsync(longest);
        Assert.Equal(longest, Assert.Single(await OwnLinksAsync(app)).Url);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task My_links_lists_only_the_users_own_every_one_exactly_once_across_pages(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, user) = await app.LoggedInAsync();
        var (bob, _) = await app.LoggedInAsync();
        var bobs = await bob.SaveLinkAsync("https://site.example/bob");
        var expected = await app.WithDbAsync(async context =>
        {
            var start = DateTimeOffset.UnixEpoch.AddYears(56);
            var ids = new List<Guid>();
            for (var i = 0; i < 70; i++)
            {
                var at = start.AddSeconds(i / 4);
                var link = new Link { Id = Guid.CreateVersion7(at), UserId = user.Id, Url = $"https://site.example/{i}", UrlHash = UrlHash.Of($"https://site.example/{i}"), Title = $"Link {i}", PublishedAt = at, CreatedAt = at };
                context.Add(link);
                ids.Add(link.Id);
            }

            await context.SaveChangesAsync();
            return ids;
        });

        var listed = await alice.AllPagesAsync("/links");
        Assert.Equal(70, listed.Count);
        Assert.Equal(expected.ToHashSet(), listed.ToHashSet());
        Assert.DoesNotContain(bobs, listed);
        Assert.Equal([bobs], await bob.AllPagesAsync("/links"));
    }
}
