using System.Net;
using Flusio.Tests.Collections;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Social;

/// <summary>Sharing a collection by username, to read or to write: what the owner, the recipients and everyone else may do.</summary>
public sealed class ShareTests
{
    private static Task<List<CollectionShare>> SharesAsync(FlusioApp app) =>
        app.WithDbAsync(db => db.Set<CollectionShare>().AsNoTracking().ToListAsync());

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_owner_shares_changes_and_stops_sharing_and_wrong_names_write_nothing(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, aliceUser) = await app.LoggedInAsync();
        var (_, bobUser) = await app.LoggedInAsync();
        var secret = await alice.CreateCollectionAsync("Secret");
        var sharesPage = $"/collections/{secret}/shares";
        Assert.Contains("Nobody yet.", (await alice.GetAsync(sharesPage)).Text, StringComparison.Ordinal);

        var unknown = await alice.PostAsync(sharesPage, sharesPage, ("userName", "nobody-by-this-name"), ("canWrite", "true"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.Status);
        Assert.Contains("No user has this username.", unknown.Text, StringComparison.Ordinal);
        Assert.Contains("value=\"nobody-by-this-name\"", unknown.Html, StringComparison.Ordinal);
        var self = await alice.PostAsync(sharesPage, sharesPage, ("userName", aliceUser.UserName!));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.Status);
        Assert.Contains("share it with someone else", self.Text, StringComparison.Ordinal);
        Assert.Empty(await SharesAsync(app));

        // By name in any case, to read.
        var shared = await alice.PostAsync(sharesPage, sharesPage, ("userName", " " + bobUser.UserName!.ToUpperInvariant() + " "));
        Assert.True(shared.IsRedirectTo(sharesPage), $"{shared.Status}");
        var share = Assert.Single(await SharesAsync(app));
        Assert.Equal((secret, bobUser.Id, false), (share.CollectionId, share.UserId, share.CanWrite));
        var listed = await alice.GetAsync(sharesPage);
        Assert.Contains(bobUser.UserName!, listed.Text, StringComparison.Ordinal);
        Assert.Contains("Read only", listed.Text, StringComparison.Ordinal);

        var changed = await alice.PostAsync(sharesPage, $"{sharesPage}/{bobUser.Id}", ("canWrite", "true"));
        Assert.True(changed.IsRedirectTo(sharesPage));
        Assert.True(Assert.Single(await SharesAsync(app)).CanWrite);
        // Sharing again sets the access, still one share.
        await alice.PostAsync(sharesPage, sharesPage, ("userName", bobUser.UserName!));
        Assert.False(Assert.Single(await SharesAsync(app)).CanWrite);

        var stopped = await alice.PostAsync(sharesPage, $"{sharesPage}/{bobUser.Id}/delete");
        Assert.True(stopped.IsRedirectTo(sharesPage));
        Assert.Empty(await SharesAsync(app));
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsync(sharesPage, $"{sharesPage}/{bobUser.Id}/delete")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsync(sharesPage, $"{sharesPage}/{bobUser.Id}", ("canWrite", "true"))).Status);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_recipient_reads_a_shared_private_collection_and_only_a_writer_changes_its_links(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, aliceUser) = await app.LoggedInAsync();
        var (reader, readerUser) = await app.LoggedInAsync();
        var (writer, writerUser) = await app.LoggedInAsync();
        var (stranger, _) = await app.LoggedInAsync();
        var secret = await alice.CreateCollectionAsync("Secret");
        var alicesLink = await alice.SaveLinkAsync("https://site.example/alice", secret);
        var sharesPage = $"/collections/{secret}/shares";
        await alice.PostAsync(sharesPage, sharesPage, ("userName", readerUser.UserName!));
        await alice.PostAsync(sharesPage, sharesPage, ("userName", writerUser.UserName!), ("canWrite", "true"));
        Assert.Equal(2, (await SharesAsync(app)).Count);

        foreach (var recipient in new[] { reader, writer })
        {
            var list = await recipient.GetAsync("/collections");
            Assert.Contains("Shared with me", list.Text, StringComparison.Ordinal);
            Assert.Contains($"href=\"/collections/{secret}\"", list.Html, StringComparison.Ordinal);
            var page = await recipient.GetAsync($"/collections/{secret}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("https://site.example/alice", page.Html, StringComparison.Ordinal);
            // The owner's routes refuse them: they know the collection, so 403, not 404.
            Assert.Equal(HttpStatusCode.Forbidden, (await recipient.GetAsync($"/collections/{secret}/edit")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await recipient.PostAsync("/collections", $"/collections/{secret}/edit", ("name", "Taken"))).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await recipient.PostAsync("/collections", $"/collections/{secret}/delete", ("confirm", "true"))).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await recipient.GetAsync(sharesPage)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await recipient.PostAsync("/collections", sharesPage, ("userName", "x"))).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await recipient.PostAsync("/collections", $"{sharesPage}/{readerUser.Id}", ("canWrite", "true"))).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await recipient.PostAsync("/collections", $"{sharesPage}/{readerUser.Id}/delete")).Status);
        }

        // The reader may not change its links.
        var readersLink = await reader.SaveLinkAsync("https://site.example/reader");
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/collections", $"/collections/{secret}/links", ("linkId", readersLink.ToString()))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/collections", $"/collections/{secret}/links/{alicesLink}/remove")).Status);
        Assert.DoesNotContain($"/collections/{secret}/links/{alicesLink}/remove", (await reader.GetAsync($"/collections/{secret}")).Html, StringComparison.Ordinal);

        // The writer adds their own link (offered on their link's collections page) and removes any.
        var writersLink = await writer.SaveLinkAsync("https://site.example/writer");
        Assert.Contains($"/collections/{secret}/links", (await writer.GetAsync($"/links/{writersLink}/collections")).Html, StringComparison.Ordinal);
        Assert.True((await writer.PostAsync("/collections", $"/collections/{secret}/links", ("linkId", writersLink.ToString()))).IsRedirectTo($"/collections/{secret}"));
        Assert.Equal(HttpStatusCode.NotFound, (await writer.PostAsync("/collections", $"/collections/{secret}/links", ("linkId", readersLink.ToString()))).Status);
        // It goes in as Alice's link of that URL: a collection holds its owner's links only.
        var inSecret = await app.WithDbAsync(d => d.Set<CollectionLink>().Where(e => e.CollectionId == secret).Join(d.Set<Link>(), e => e.LinkId, l => l.Id, (_, l) => l).AsNoTracking().ToListAsync());
        Assert.Equal(["https://site.example/alice", "https://site.example/writer"], inSecret.Select(l => l.Url).Order(StringComparer.Ordinal));
        Assert.All(inSecret, l => Assert.Equal(aliceUser.Id, l.UserId));
        var copy = Assert.Single(inSecret, l => l.Url == "https://site.example/writer");
        Assert.Equal(writersLink, copy.SourceLinkId);
        Assert.Contains($"/collections/{secret}/links/{alicesLink}/remove", (await writer.GetAsync($"/collections/{secret}")).Html, StringComparison.Ordinal);
        Assert.True((await writer.PostAsync("/collections", $"/collections/{secret}/links/{alicesLink}/remove")).IsRedirectTo($"/collections/{secret}"));
        Assert.Equal([copy.Id], await app.LinksInAsync(secret));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/links/{copy.Id}")).Status);

        // Anyone else: not found, as if there were no such collection.
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/collections/{secret}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(sharesPage)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync("/collections", sharesPage, ("userName", readerUser.UserName!))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/collections/{secret}/edit")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync("/collections", $"/collections/{secret}/links/{copy.Id}/remove")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync($"/collections/{secret}")).Status);
        Assert.DoesNotContain("Shared with me", (await stranger.GetAsync("/collections")).Text, StringComparison.Ordinal);

        // The collection still is what its owner made it.
        var stored = Assert.Single(await app.UserCollectionsAsync());
        Assert.Equal(("Secret", false), (stored.Name, stored.IsPublic));
        Assert.Equal(2, (await SharesAsync(app)).Count);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_writer_saves_a_new_link_straight_into_a_shared_collection_and_a_reader_cannot(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, aliceUser) = await app.LoggedInAsync();
        var (bob, bobUser) = await app.LoggedInAsync();
        var writable = await alice.CreateCollectionAsync("Writable");
        var readable = await alice.CreateCollectionAsync("Readable");
        await alice.PostAsync($"/collections/{writable}/shares", $"/collections/{writable}/shares", ("userName", bobUser.UserName!), ("canWrite", "true"));
        await alice.PostAsync($"/collections/{readable}/shares", $"/collections/{readable}/shares", ("userName", bobUser.UserName!));

        // The form offers the collection Bob may write to, with its owner, and not the other.
        var form = await bob.GetAsync("/links/new");
        Assert.Contains($"value=\"{writable}\"", form.Html, StringComparison.Ordinal);
        Assert.Contains($"By {aliceUser.UserName}", form.Text, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{readable}\"", form.Html, StringComparison.Ordinal);

        var saved = await bob.PostAsync("/links/new", "/links/new", ("url", "https://site.example/shared"), ("collectionIds", writable.ToString()), ("collectionIds", readable.ToString()));
        Assert.True(saved.Status == HttpStatusCode.Redirect, $"{saved.Status}");

        // Bob's link, and Alice's copy of it in her collection; nothing in the one he only reads.
        var links = await app.WithDbAsync(d => d.Set<Link>().AsNoTracking().Where(l => l.Url == "https://site.example/shared").ToListAsync());
        var bobs = Assert.Single(links, l => l.UserId == bobUser.Id);
        var copy = Assert.Single(links, l => l.UserId == aliceUser.Id);
        Assert.Equal(bobs.Id, copy.SourceLinkId);
        Assert.Equal([copy.Id], await app.LinksInAsync(writable));
        Assert.Empty(await app.LinksInAsync(readable));

        // The copy reads its page for Alice: its own metadata job ran.
        await app.WaitForJobsAsync();
        var read = await app.WithDbAsync(d => d.Set<Link>().AsNoTracking().SingleAsync(l => l.Id == copy.Id));
        Assert.True(read.MetadataState is LinkMetadataState.Fetched or LinkMetadataState.Failed, $"{read.MetadataState}");
    }
}
