using System.Net;
using Flusio.Tests.Collections;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Publishing;

/// <summary>
/// The Atom feeds and OPML of public collections, profiles and notes: read back by our own
/// feed engine, checked against Atom's rules, revalidated by ETag, and never carrying
/// anything private.
/// </summary>
public sealed class PublicFeedsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_public_collections_feed_round_trips_through_our_parser_with_its_latest_30_visible_links(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, user) = await app.LoggedInAsync();
        var id = await alice.CreateCollectionAsync("Small web <&> \"quotes\"", isPublic: true, description: "Pages **worth** it");
        // 36 links; the newest is hidden: the feed carries the 30 newest of the 35 others.
        var links = await app.SeedLinksAsync(user.Id, id, 36, Start, hidden: i => i == 35);
        var expected = links.Take(35).Reverse().Take(30).ToList();
        using var reader = app.Browser();

        var self = $"http://localhost/collections/{id}/feed.atom.xml";
        var fetched = await reader.FetchAsync($"/collections/{id}/feed.atom.xml");
        var feed = PublishingHelpers.ParseAtom(fetched, self);
        Assert.Equal("Small web <&> \"quotes\"", feed.Title);
        Assert.Equal($"http://localhost/collections/{id}", feed.Link);
        Assert.Equal("Pages worth it", feed.Description);
        Assert.Equal(30, feed.Entries.Count);
        Assert.Equal(expected.Select(l => $"urn:uuid:{l.Id}"), feed.Entries.Select(e => e.Id));
        Assert.Equal(expected.Select(l => l.Title), feed.Entries.Select(e => e.Title));
        Assert.Equal(expected.Select(l => $"http://localhost/collections/{id}/links/{l.Id}"), feed.Entries.Select(e => e.Link));
        Assert.Equal(expected.Select(l => (DateTimeOffset?)l.CreatedAt), feed.Entries.Select(e => e.Published));
        Assert.Equal(expected.Select(l => (DateTimeOffset?)l.CreatedAt), feed.Entries.Select(e => e.Updated));
        Assert.Equal(expected.Select(l => l.Description), feed.Entries.Select(e => e.Summary));
        Assert.All(feed.Entries, e => Assert.Equal(user.UserName, e.Author));
        Assert.DoesNotContain("rel=\"hub\"", fetched.Text, StringComparison.Ordinal);

        // Direct: the same entries, leading straight to the pages.
        var direct = PublishingHelpers.ParseAtom(await reader.FetchAsync($"/collections/{id}/feed.atom.xml?direct=true"), self + "?direct=true");
        Assert.Equal(expected.Select(l => l.Url), direct.Entries.Select(e => e.Link));
        Assert.Equal(feed.Entries.Select(e => e.Id), direct.Entries.Select(e => e.Id));

        // Each entry's link is a page anyone can open, with the link and its original address.
        var page = await reader.GetAsync($"/collections/{id}/links/{expected[0].Id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains($"href=\"{expected[0].Url}\"", page.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/links/{expected[0].Id}/feed.atom.xml\"", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/collections/{id}/links/{links[35].Id}")).Status);

        // The collection's page announces its feed.
        var html = (await reader.GetAsync($"/collections/{id}")).Html;
        Assert.Contains($"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Small web &lt;&amp;&gt; &quot;quotes&quot;\" href=\"/collections/{id}/feed.atom.xml\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain(links[35].Url, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_answer_304_to_their_etag_announce_the_hub_and_change_when_the_collection_does()
    {
        await using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["WEBSUB_HUB_URL"] = "https://hub.example/", ["BASE_URL"] = "https://flusio.example/sub/" });
        var (alice, user) = await app.LoggedInAsync();
        var id = await alice.CreateCollectionAsync("Etags", isPublic: true);
        await app.SeedLinksAsync(user.Id, id, 3, Start);
        using var reader = app.Browser();
        var path = $"/collections/{id}/feed.atom.xml";

        var first = await reader.FetchAsync(path);
        PublishingHelpers.ParseAtom(first, $"https://flusio.example/sub/collections/{id}/feed.atom.xml");
        Assert.Contains("<link rel=\"hub\" href=\"https://hub.example/\" />", first.Text, StringComparison.Ordinal);
        Assert.Contains($"href=\"https://flusio.example/sub/collections/{id}/links/", first.Text, StringComparison.Ordinal);
        var again = await reader.FetchAsync(path);
        Assert.Equal(first.ETag, again.ETag);
        Assert.Equal(first.Body, again.Body);

        var notModified = await reader.FetchAsync(path, first.ETag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.Status);
        Assert.Empty(notModified.Body);
        Assert.Equal(first.ETag, notModified.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await reader.FetchAsync(path, $"\"other\", {first.ETag}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await reader.FetchAsync(path, "\"other\"")).Status);

        // A new link changes the feed, so its ETag.
        await app.SeedLinksAsync(user.Id, id, 1, Start.AddDays(1), prefix: "new");
        var changed = await reader.FetchAsync(path, first.ETag);
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.NotEqual(first.ETag, changed.ETag);
        Assert.Equal(4, PublishingHelpers.ParseAtom(changed, $"https://flusio.example/sub/collections/{id}/feed.atom.xml").Entries.Count);

        // Profile feeds, notes feeds and OPML revalidate alike.
        foreach (var other in new[] { $"/p/{user.UserName}/feed.atom.xml", $"/p/{user.UserName}/opml.xml" })
        {
            var document = await reader.FetchAsync(other);
            Assert.Equal(HttpStatusCode.OK, document.Status);
            Assert.Equal(HttpStatusCode.NotModified, (await reader.FetchAsync(other, document.ETag)).Status);
        }
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Private_collections_hidden_links_and_system_lists_never_appear_in_profiles_feeds_opml_or_discovery(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, user) = await app.LoggedInAsync();
        var shown = await alice.CreateCollectionAsync("Shown", isPublic: true);
        var secret = await alice.CreateCollectionAsync("Secret collection");
        var visible = (await app.SeedLinksAsync(user.Id, shown, 1, Start, prefix: "visible"))[0];
        var hidden = (await app.SeedLinksAsync(user.Id, shown, 1, Start.AddHours(1), prefix: "concealed", hidden: _ => true))[0];
        var privateOnly = (await app.SeedLinksAsync(user.Id, secret, 1, Start.AddHours(2), prefix: "private"))[0];
        // A link kept for later, its system list even marked public by hand: still nobody else's to see.
        var later = await alice.SaveLinkAsync("https://site.example/later/0");
        await app.WithScopeAsync(sp => sp.GetRequiredService<LinkLists>().ApplyAsync(user.Id, [later], LinkAction.ReadLater, CancellationToken.None));
        await app.WithDbAsync(d => d.Set<Collection>().Where(c => c.UserId == user.Id && c.Kind != CollectionKind.Collection).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsPublic, true)));
        await app.WithDbAsync(async d =>
        {
            foreach (var link in new[] { visible.Id, hidden.Id, privateOnly.Id })
            {
                d.Add(new Note { Id = Guid.CreateVersion7(), LinkId = link, UserId = user.Id, Content = $"Note on {link}", CreatedAt = Start, UpdatedAt = Start });
            }

            return await d.SaveChangesAsync();
        });
        var topic = await app.CreateTopicAsync("Everything");
        foreach (var collection in new[] { shown, secret })
        {
            await alice.PostAsync($"/collections/{collection}/edit", $"/collections/{collection}/edit", ("name", collection == shown ? "Shown" : "Secret collection"), ("isPublic", collection == shown ? "true" : "false"), ("topicIds", topic.ToString()));
        }

        using var anonymous = app.Browser();
        var (bob, _) = await app.LoggedInAsync();
        var secrets = new[] { "concealed", "private", "/later/", "Secret collection", hidden.Id.ToString(), privateOnly.Id.ToString(), secret.ToString(), later.ToString() };
        foreach (var viewer in new[] { anonymous, bob, alice })
        {
            var documents = new[]
            {
                (await viewer.GetAsync($"/p/{user.UserName}")).Html,
                (await viewer.FetchAsync($"/p/{user.UserName}/feed.atom.xml")).Text,
                (await viewer.FetchAsync($"/p/{user.UserName}/opml.xml")).Text,
                (await viewer.FetchAsync($"/collections/{shown}/feed.atom.xml")).Text,
                (await viewer.FetchAsync($"/collections/{shown}/feed.atom.xml?direct=true")).Text,
                (await viewer.FetchAsync($"/links/{visible.Id}/feed.atom.xml")).Text,
                (await viewer.GetAsync($"/discovery/{topic}")).Html,
                (await viewer.GetAsync("/discovery")).Html,
            };
            foreach (var document in documents)
            {
                foreach (var word in secrets)
                {
                    Assert.DoesNotContain(word, document, StringComparison.Ordinal);
                }
            }

            Assert.Contains(visible.Url, documents[0], StringComparison.Ordinal);
            Assert.Contains(visible.Id.ToString(), documents[1], StringComparison.Ordinal);
            Assert.Contains("Shown", documents[2], StringComparison.Ordinal);
            Assert.Contains(visible.Id.ToString(), documents[3], StringComparison.Ordinal);
            Assert.Contains($"Note on {visible.Id}", documents[5], StringComparison.Ordinal);
            Assert.Contains("Shown", documents[6], StringComparison.Ordinal);
            Assert.Contains("1 link", (await viewer.GetAsync($"/p/{user.UserName}")).Text, StringComparison.Ordinal);

            // A private collection has no feed, not even for its owner; a hidden or private link's notes neither.
            foreach (var path in new[] { $"/collections/{secret}/feed.atom.xml", $"/links/{hidden.Id}/feed.atom.xml", $"/links/{privateOnly.Id}/feed.atom.xml", $"/links/{later}/feed.atom.xml", $"/collections/{Guid.NewGuid()}/feed.atom.xml", $"/links/{Guid.NewGuid()}/feed.atom.xml", $"/collections/{secret}/links/{privateOnly.Id}", $"/collections/{shown}/links/{hidden.Id}", $"/collections/{shown}/links/{privateOnly.Id}" })
            {
                Assert.True((await viewer.FetchAsync(path)).Status == HttpStatusCode.NotFound, path);
            }
        }

        // Its owner still sees the hidden link on the collection's own page; others do not.
        Assert.Contains(hidden.Url, (await alice.GetAsync($"/collections/{shown}")).Html, StringComparison.Ordinal);
        Assert.DoesNotContain(hidden.Url, (await bob.GetAsync($"/collections/{shown}")).Html, StringComparison.Ordinal);

        // Made private, the collection leaves the profile, the OPML, discovery and its feed at once.
        await alice.PostAsync($"/collections/{shown}/edit", $"/collections/{shown}/edit", ("name", "Shown"), ("topicIds", topic.ToString()));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.FetchAsync($"/collections/{shown}/feed.atom.xml")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.FetchAsync($"/links/{visible.Id}/feed.atom.xml")).Status);
        Assert.DoesNotContain("Shown", (await anonymous.FetchAsync($"/p/{user.UserName}/opml.xml")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(visible.Url, (await anonymous.FetchAsync($"/p/{user.UserName}/feed.atom.xml")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Shown", (await anonymous.GetAsync($"/discovery/{topic}")).Html, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_profiles_feed_and_opml_round_trip_and_list_only_public_collections(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, user) = await app.LoggedInAsync();
        var first = await alice.CreateCollectionAsync("First", isPublic: true, description: "The **first** one, with [a link](https://example.org/).");
        var second = await alice.CreateCollectionAsync("Second", isPublic: true);
        await alice.CreateCollectionAsync("Private one");
        var a = await app.SeedLinksAsync(user.Id, first, 20, Start, prefix: "a");
        var b = await app.SeedLinksAsync(user.Id, second, 20, Start.AddMinutes(30), prefix: "b");
        using var reader = app.Browser();

        var profileUrl = $"http://localhost/p/{user.UserName}";
        var feed = PublishingHelpers.ParseAtom(await reader.FetchAsync($"/p/{user.UserName}/feed.atom.xml"), profileUrl + "/feed.atom.xml");
        Assert.Equal(profileUrl, feed.Link);
        var expected = a.Concat(b).OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id).Take(30).ToList();
        Assert.Equal(expected.Select(l => $"urn:uuid:{l.Id}"), feed.Entries.Select(e => e.Id));
        Assert.Equal(expected.Select(l => l.Title), feed.Entries.Select(e => e.Title));
        Assert.Equal(expected.Select(l => (DateTimeOffset?)l.CreatedAt), feed.Entries.Select(e => e.Published));
        var inFirst = a.Select(l => l.Id).ToHashSet();
        Assert.Equal(expected.Select(l => $"http://localhost/collections/{(inFirst.Contains(l.Id) ? first : second)}/links/{l.Id}"), feed.Entries.Select(e => e.Link));

        var opml = await reader.FetchAsync($"/p/{user.UserName}/opml.xml");
        Assert.Equal(HttpStatusCode.OK, opml.Status);
        Assert.StartsWith("text/x-opml", opml.ContentType, StringComparison.Ordinal);
        var outlines = Opml.Read(new MemoryStream(opml.Body));
        Assert.Equal(
            [($"http://localhost/collections/{first}/feed.atom.xml", "First"), ($"http://localhost/collections/{second}/feed.atom.xml", "Second")],
            outlines.Select(o => (o.Url.AbsoluteUri, o.Title!)));
        var document = System.Xml.Linq.XDocument.Load(new MemoryStream(opml.Body));
        Assert.Equal("2.0", (string?)document.Root!.Attribute("version"));
        Assert.All(document.Descendants("outline"), o => Assert.Equal("rss", (string?)o.Attribute("type")));
        Assert.Equal([$"http://localhost/collections/{first}", $"http://localhost/collections/{second}"], document.Descendants("outline").Select(o => (string?)o.Attribute("htmlUrl")));
        // Each outline's feed is the collection's own feed.
        foreach (var outline in outlines)
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.FetchAsync(outline.Url.PathAndQuery)).Status);
        }

        // The profile page: collections with excerpts and counts, links newest first over pages, its feed announced.
        var page = await reader.GetAsync($"/p/{user.UserName!.ToUpperInvariant()}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("The first one, with a link.", page.Text, StringComparison.Ordinal);
        Assert.Contains("20 links", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Private one", page.Text, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Links of {user.UserName}\" href=\"/p/{user.UserName}/feed.atom.xml\">", page.Html, StringComparison.Ordinal);
        Assert.Contains(expected[0].Url, page.Html, StringComparison.Ordinal);
        Assert.Contains("rel=\"next\"", page.Html, StringComparison.Ordinal);
        var older = System.Text.RegularExpressions.Regex.Match(page.Html, "href=\"(\\?after=[^\"]+)\" rel=\"next\"");
        var second_page = await reader.GetAsync($"/p/{user.UserName}" + System.Net.WebUtility.HtmlDecode(older.Groups[1].Value));
        Assert.Contains(a[0].Url, second_page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(expected[0].Url, second_page.Html, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Profiles_are_not_found_for_unknown_and_disabled_accounts(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, user) = await app.LoggedInAsync();
        var shown = await alice.CreateCollectionAsync("Shown", isPublic: true);
        using var anonymous = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/p/{user.UserName}")).Status);
        foreach (var path in new[] { "/p/nobody-here", "/p/nobody-here/feed.atom.xml", "/p/nobody-here/opml.xml" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.FetchAsync(path)).Status);
        }

        await app.WithDbAsync(d => d.Set<Flusio.Web.Accounts.User>().Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.MaxValue)));
        foreach (var path in new[] { $"/p/{user.UserName}", $"/p/{user.UserName}/feed.atom.xml", $"/p/{user.UserName}/opml.xml", $"/collections/{shown}/feed.atom.xml" })
        {
            Assert.True((await anonymous.FetchAsync(path)).Status == HttpStatusCode.NotFound, path);
        }
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_notes_feed_of_a_public_link_round_trips_newest_first_with_rendered_notes(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, user) = await app.LoggedInAsync();
        var shown = await alice.CreateCollectionAsync("Shown", isPublic: true);
        var link = (await app.SeedLinksAsync(user.Id, shown, 1, Start))[0];
        var notes = await app.WithDbAsync(async d =>
        {
            var made = Enumerable.Range(0, 3).Select(i => new Note
            {
                Id = Guid.CreateVersion7(), LinkId = link.Id, UserId = user.Id, Content = $"Point **{i}** <script>alert({i})</script>",
                CreatedAt = Start.AddHours(i), UpdatedAt = Start.AddHours(i).AddMinutes(i),
            }).ToList();
            d.AddRange(made);
            await d.SaveChangesAsync();
            return made;
        });
        using var reader = app.Browser();

        var feed = PublishingHelpers.ParseAtom(await reader.FetchAsync($"/links/{link.Id}/feed.atom.xml"), $"http://localhost/links/{link.Id}/feed.atom.xml");
        Assert.Equal($"Notes on “{link.Title}”", feed.Title);
        Assert.Equal($"http://localhost/collections/{shown}/links/{link.Id}", feed.Link);
        var expected = Enumerable.Reverse(notes).ToList();
        Assert.Equal(expected.Select(n => $"urn:uuid:{n.Id}"), feed.Entries.Select(e => e.Id));
        Assert.Equal(expected.Select(n => (DateTimeOffset?)n.CreatedAt), feed.Entries.Select(e => e.Published));
        Assert.Equal(expected.Select(n => (DateTimeOffset?)n.UpdatedAt), feed.Entries.Select(e => e.Updated));
        Assert.Equal(expected.Select(n => $"http://localhost/collections/{shown}/links/{link.Id}#note-{n.Id}"), feed.Entries.Select(e => e.Link));
        Assert.All(feed.Entries, e => Assert.Equal(user.UserName, e.Author));
        Assert.Contains("<strong>2</strong>", feed.Entries[0].Content, StringComparison.Ordinal);
        Assert.All(feed.Entries, e => Assert.DoesNotContain("<script", e.Content ?? "", StringComparison.Ordinal));

        var page = await reader.GetAsync($"/collections/{shown}/links/{link.Id}");
        Assert.Contains($"id=\"note-{notes[0].Id}\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("<strong>0</strong>", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page.Html, StringComparison.Ordinal);
    }
}
