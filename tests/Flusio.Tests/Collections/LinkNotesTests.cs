using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Collections;

/// <summary>Notes on links through their pages: write, edit, delete, who reads them and who may not change them.</summary>
public sealed class LinkNotesTests
{
    private static Task<List<Note>> NotesAsync(FlusioApp app) =>
        app.WithDbAsync(db => db.Set<Note>().AsNoTracking().OrderBy(n => n.CreatedAt).ToListAsync());

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_owner_writes_edits_and_deletes_a_note_shown_on_the_reader_view(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, user) = await app.LoggedInAsync();
        var link = await app.AddLinkAsync(user.Id, "A page worth a note");
        var reader = await browser.GetAsync($"/links/{link}");
        Assert.Contains("No notes on this link yet.", reader.Text, StringComparison.Ordinal);
        Assert.Contains($"action=\"/links/{link}/notes\"", reader.Html, StringComparison.Ordinal);

        var added = await browser.PostAsync($"/links/{link}", $"/links/{link}/notes", ("content", "  Read **twice**, then [share](https://example.org)  "));
        Assert.True(added.IsRedirectTo($"/links/{link}#notes"), $"{added.Status} {added.Location}");
        var note = Assert.Single(await NotesAsync(app));
        Assert.Equal((link, user.Id, "Read **twice**, then [share](https://example.org)"), (note.LinkId, note.UserId, note.Content));
        reader = await browser.GetAsync($"/links/{link}");
        Assert.Contains("<strong>twice</strong>", reader.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org\"", reader.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/notes/{note.Id}/edit\"", reader.Html, StringComparison.Ordinal);

        var form = await browser.GetAsync($"/notes/{note.Id}/edit");
        Assert.Contains("Read **twice**", form.Text, StringComparison.Ordinal);
        var edited = await browser.PostAsync($"/notes/{note.Id}/edit", $"/notes/{note.Id}/edit", ("content", "Once is enough"));
        Assert.True(edited.IsRedirectTo($"/links/{link}#notes"));
        Assert.Equal("Once is enough", Assert.Single(await NotesAsync(app)).Content);
        Assert.Contains("Once is enough", (await browser.GetAsync($"/links/{link}")).Text, StringComparison.Ordinal);

        var deleted = await browser.PostAsync($"/notes/{note.Id}/edit", $"/notes/{note.Id}/delete");
        Assert.True(deleted.IsRedirectTo($"/links/{link}#notes"));
        Assert.Empty(await NotesAsync(app));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/notes/{note.Id}/edit")).Status);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Hostile_markdown_comes_out_clean(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, user) = await app.LoggedInAsync();
        var link = await app.AddLinkAsync(user.Id, "Target");
        var hostile = "<script>alert(1)</script>\n\n<img src=\"x\" onerror=\"alert(2)\">\n\n[click](javascript:alert(3)) <a href=\"javascript:alert(4)\">here</a> <iframe src=\"https://evil.example\"></iframe> **kept**";
        await browser.PostAsync($"/links/{link}", $"/links/{link}/notes", ("content", hostile));

        var html = (await browser.GetAsync($"/links/{link}")).Html;
        var notes = html[html.IndexOf("id=\"notes\"", StringComparison.Ordinal)..];
        Assert.Contains("<strong>kept</strong>", notes, StringComparison.Ordinal);
        foreach (var bad in new[] { "<script", "onerror", "javascript:", "<iframe", "alert(" })
        {
            Assert.DoesNotContain(bad, notes, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Empty_and_too_long_notes_are_refused_with_a_message_and_change_nothing(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, user) = await app.LoggedInAsync();
        var link = await app.AddLinkAsync(user.Id, "Target");

        var empty = await browser.PostAsync($"/links/{link}", $"/links/{link}/notes", ("content", "   "));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.Status);
        Assert.Contains("Write something in the note.", empty.Text, StringComparison.Ordinal);
        var tooLong = await browser.PostAsync($"/links/{link}", $"/links/{link}/notes", ("content", new string('n', Note.MaxContentLength + 1)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.Status);
        Assert.Matches("A note has at most 10.?000 characters.", tooLong.Text);
        Assert.Empty(await NotesAsync(app));

        await browser.PostAsync($"/links/{link}", $"/links/{link}/notes", ("content", new string('n', Note.MaxContentLength)));
        var note = Assert.Single(await NotesAsync(app));
        var emptied = await browser.PostAsync($"/notes/{note.Id}/edit", $"/notes/{note.Id}/edit", ("content", ""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, emptied.Status);
        Assert.Contains("Write something in the note.", emptied.Text, StringComparison.Ordinal);
        Assert.Equal(Note.MaxContentLength, Assert.Single(await NotesAsync(app)).Content.Length);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Another_users_links_and_notes_are_not_found_and_stay_unchanged(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, aliceUser) = await app.LoggedInAsync();
        var (bob, _) = await app.LoggedInAsync();
        var link = await app.AddLinkAsync(aliceUser.Id, "Alice's");
        await alice.PostAsync($"/links/{link}", $"/links/{link}/notes", ("content", "Alice's words"));
        var note = Assert.Single(await NotesAsync(app));

        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync("/links", $"/links/{link}/notes", ("content", "Bob's words"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/notes/{note.Id}/edit")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync("/links", $"/notes/{note.Id}/edit", ("content", "Taken"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync("/links", $"/notes/{note.Id}/delete")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync("/links", $"/links/{Guid.NewGuid()}/notes", ("content", "Nowhere"))).Status);
        Assert.Equal("Alice's words", Assert.Single(await NotesAsync(app)).Content);

        using var anonymous = app.Browser();
        Assert.True((await anonymous.GetAsync($"/notes/{note.Id}/edit")).IsRedirectTo("/login"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_note_on_a_feed_entry_goes_on_the_users_copy(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, user) = await app.LoggedInAsync();
        var entry = await app.AddFeedEntryAsync("An entry of a feed");
        Assert.Contains($"action=\"/links/{entry}/notes\"", (await browser.GetAsync($"/links/{entry}")).Html, StringComparison.Ordinal);

        var added = await browser.PostAsync($"/links/{entry}", $"/links/{entry}/notes", ("content", "Worth keeping"));
        var copy = await app.WithDbAsync(d => d.Set<Link>().AsNoTracking().SingleAsync(l => l.UserId == user.Id));
        Assert.Equal((entry, "An entry of a feed"), (copy.SourceLinkId, copy.Title));
        Assert.True(added.IsRedirectTo($"/links/{copy.Id}#notes"));
        Assert.Equal(copy.Id, Assert.Single(await NotesAsync(app)).LinkId);
        // A second note finds the same copy.
        await browser.PostAsync($"/links/{entry}", $"/links/{entry}/notes", ("content", "And again"));
        Assert.Equal(1, await app.WithDbAsync(d => d.Set<Link>().CountAsync(l => l.UserId == user.Id)));
        Assert.Contains("Worth keeping", (await browser.GetAsync($"/links/{copy.Id}")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Visitors_read_notes_of_a_public_collections_links_never_of_hidden_ones(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, aliceUser) = await app.LoggedInAsync();
        var shown = await alice.CreateCollectionAsync("Shown", isPublic: true);
        var secret = await alice.CreateCollectionAsync("Secret");
        var open = await app.AddLinkAsync(aliceUser.Id, "Open link");
        var hidden = await app.AddLinkAsync(aliceUser.Id, "Hidden link", hidden: true);
        foreach (var (link, words) in new[] { (open, "Visible *thoughts*"), (hidden, "Hidden thoughts") })
        {
            await alice.PostAsync("/collections", $"/collections/{shown}/links", ("linkId", link.ToString()));
            await alice.PostAsync("/collections", $"/collections/{secret}/links", ("linkId", link.ToString()));
            await alice.PostAsync($"/links/{link}", $"/links/{link}/notes", ("content", words));
        }

        using var anonymous = app.Browser();
        var (bob, _) = await app.LoggedInAsync();
        foreach (var visitor in new[] { anonymous, bob })
        {
            var page = await visitor.GetAsync($"/collections/{shown}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("Visible <em>thoughts</em>", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("Hidden thoughts", page.Html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/collections/{secret}")).Status);
            Assert.DoesNotContain("/notes/", page.Html, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/links/{open}")).Status);
    }
}
