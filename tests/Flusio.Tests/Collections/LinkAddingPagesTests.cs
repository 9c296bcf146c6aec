using System.Net;
using System.Text.Json;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Collections;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Collections;

/// <summary>Adding a link through its form (prefilled by the bookmarklet or the share target), its metadata as it arrives, its repair.</summary>
public sealed class LinkAddingPagesTests
{
    private static readonly Dictionary<string, string?> OpenNetwork = new() { ["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true" };

    private static Task<Link> LinkAsync(FlusioApp app, Guid id) =>
        app.WithDbAsync(db => db.Set<Link>().AsNoTracking().SingleAsync(l => l.Id == id));

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Adding_a_link_answers_at_once_and_its_metadata_arrives_from_the_job(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/article", "<html><head><title>Plain</title><meta property=\"og:title\" content=\"The article\"><meta property=\"og:description\" content=\"About it\"><link rel=\"alternate\" type=\"application/rss+xml\" title=\"Its feed\" href=\"/feed.xml\"></head><body><p>Hello</p></body></html>", "text/html");
        // The page answers after 3 s: saving must not wait for it.
        server.DelayOf = path => path == "/article" ? TimeSpan.FromSeconds(3) : TimeSpan.Zero;
        await using var app = new FlusioApp(db, OpenNetwork);
        var (alice, _) = await app.LoggedInAsync();
        var collection = await alice.CreateCollectionAsync("Reads");

        var saved = await alice.PostAsync("/links/new", "/links/new", ("url", server.Url("/article")), ("collectionIds", collection.ToString()), ("hidden", "true"), ("note", "Read *this*"));
        var id = Guid.Parse(saved.Location!.OriginalString.Split('/')[2]);
        var link = await LinkAsync(app, id);
        Assert.Equal((LinkMetadataState.Pending, server.Url("/article"), true), (link.MetadataState, link.Title, link.IsHidden));
        Assert.Equal("Read *this*", await app.WithDbAsync(d => d.Set<Note>().Where(n => n.LinkId == id).Select(n => n.Content).SingleAsync()));
        Assert.Equal([id], await app.LinksInAsync(collection));

        // The result page says the page is being read, and carries the script that fills it in.
        var result = await alice.GetAsync(saved.Location.OriginalString);
        Assert.Contains("data-state=\"Pending\"", result.Html, StringComparison.Ordinal);
        Assert.Contains("/js/link-metadata.js", result.Html, StringComparison.Ordinal);
        var pending = JsonDocument.Parse((await alice.GetAsync($"/links/{id}/metadata")).Html).RootElement;
        Assert.Equal("Pending", pending.GetProperty("state").GetString());

        await app.WaitForJobsAsync();
        var fetched = JsonDocument.Parse((await alice.GetAsync($"/links/{id}/metadata")).Html).RootElement;
        Assert.Equal(("Fetched", "The article", "About it"), (fetched.GetProperty("state").GetString(), fetched.GetProperty("title").GetString(), fetched.GetProperty("description").GetString()));
        Assert.Equal(JsonValueKind.Null, fetched.GetProperty("error").ValueKind);

        // Without script, a reload shows it all: the feed with its follow button, the repair link.
        var page = await alice.GetAsync($"/links/{id}");
        Assert.Contains("The article", page.Text, StringComparison.Ordinal);
        Assert.Contains("About it", page.Text, StringComparison.Ordinal);
        Assert.Contains("action=\"/feeds/follow\"", page.Html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{server.Url("/feed.xml")}\"", page.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/links/{id}/repair\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("data-state=\"Fetched\"", page.Html, StringComparison.Ordinal);

        // Adding it again adds it to the collections chosen this time; no second job.
        var other = await alice.CreateCollectionAsync("Other");
        Assert.Equal(id, await alice.SaveLinkAsync(server.Url("/article"), other));
        Assert.Equal([id], await app.LinksInAsync(other));
        Assert.False(await app.WithDbAsync(d => d.Set<Job>().AnyAsync(j => j.Name == LinkMetadata.JobName)));
        Assert.Equal(1, server.Requests("/article"));
    }

    [Fact]
    public async Task The_form_is_filled_from_the_bookmarklet_and_the_share_target()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        var (alice, _) = await app.LoggedInAsync();
        var fromUrl = await alice.GetAsync("/links/new?url=" + Uri.EscapeDataString("https://site.example/a?b=1") + "&title=A%20page");
        Assert.Contains("value=\"https://site.example/a?b=1\"", fromUrl.Html, StringComparison.Ordinal);
        var shared = await alice.GetAsync("/links/new?title=Look&text=" + Uri.EscapeDataString("Look at this: https://site.example/shared?x=2. Great!"));
        Assert.Contains("value=\"https://site.example/shared?x=2\"", shared.Html, StringComparison.Ordinal);
        Assert.Equal("https://site.example/t", MyLinksController.PrefillUrl(null, "(https://site.example/t)", null));
        Assert.Null(MyLinksController.PrefillUrl(null, "No address", "here either"));

        // The bookmarklet opens this form with the page's address and title.
        Assert.Matches("href=\"javascript:[^\"]*/links/new\\?url=[^\"]*&amp;title=", fromUrl.Html);

        // The manifest, linked from every page, shares to the same form.
        Assert.Contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\">", fromUrl.Html, StringComparison.Ordinal);
        var manifest = await app.Browser().GetAsync("/manifest.webmanifest");
        Assert.Equal(HttpStatusCode.OK, manifest.Status);
        var share = JsonDocument.Parse(manifest.Html).RootElement.GetProperty("share_target");
        Assert.Equal(("/links/new", "GET"), (share.GetProperty("action").GetString(), share.GetProperty("method").GetString()));
        Assert.Equal(("title", "text", "url"), (share.GetProperty("params").GetProperty("title").GetString(), share.GetProperty("params").GetProperty("text").GetString(), share.GetProperty("params").GetProperty("url").GetString()));
    }

    [Fact]
    public async Task A_private_address_or_a_long_note_is_refused_with_a_message_and_writes_nothing()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        var (alice, _) = await app.LoggedInAsync();
        var refused = await alice.PostAsync("/links/new", "/links/new", ("url", "http://127.0.0.1:8080/admin"), ("newCollection", "Made anyway"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("private network", refused.Text, StringComparison.Ordinal);
        var note = await alice.PostAsync("/links/new", "/links/new", ("url", "https://site.example/ok"), ("note", new string('n', 10_001)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, note.Status);
        Assert.Contains("A note has at most 10000 characters.", note.Text, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(d => d.Set<Link>().AnyAsync(l => l.UserId != null)));
        Assert.False(await app.WithDbAsync(d => d.Set<Job>().AnyAsync(j => j.Name == LinkMetadata.JobName)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Repair_edits_the_title_and_reading_time_takes_the_cleaned_address_and_reads_the_page_again(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/story", "<html><head><title>From the page</title></head><body><p>Words</p></body></html>", "text/html");
        await using var app = new FlusioApp(db, OpenNetwork);
        var (alice, _) = await app.LoggedInAsync();
        var tracked = server.Url("/story") + "?id=7&utm_source=newsletter&fbclid=abc";
        var id = await alice.SaveLinkAsync(tracked);
        await app.WaitForJobsAsync();
        Assert.Equal("From the page", (await LinkAsync(app, id)).Title);

        var form = await alice.GetAsync($"/links/{id}/repair");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains(server.Url("/story") + "?id=7", form.Text, StringComparison.Ordinal);

        var wrong = await alice.PostAsync($"/links/{id}/repair", $"/links/{id}/repair", ("title", "Mine"), ("readingMinutes", "-3"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.Status);
        Assert.Equal("From the page", (await LinkAsync(app, id)).Title);

        var repaired = await alice.PostAsync($"/links/{id}/repair", $"/links/{id}/repair", ("title", "My title"), ("readingMinutes", "9"), ("useCleanUrl", "true"));
        Assert.True(repaired.IsRedirectTo($"/links/{id}"), repaired.Location?.OriginalString);
        await app.WaitForJobsAsync();
        var link = await LinkAsync(app, id);
        Assert.Equal((server.Url("/story") + "?id=7", "My title", 9, LinkMetadataState.Fetched), (link.Url, link.Title, link.ReadingMinutes, link.MetadataState));
        Assert.Equal(2, server.Requests("/story"));
        Assert.DoesNotContain("utm_source", (await alice.GetAsync($"/links/{id}/repair")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_users_link_is_not_found_for_its_metadata_and_its_repair()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        var (alice, _) = await app.LoggedInAsync();
        var (bob, _) = await app.LoggedInAsync();
        var id = await alice.SaveLinkAsync("https://site.example/alice?utm_source=x");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/links/{id}/metadata")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/links/{id}/metadata")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/links/{id}/repair")).Status);
        var posted = await bob.PostAsync("/links/new", $"/links/{id}/repair", ("title", "Taken"), ("useCleanUrl", "true"), ("refetch", "true"));
        Assert.Equal(HttpStatusCode.NotFound, posted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/links/{Guid.NewGuid()}/metadata")).Status);
        var link = await LinkAsync(app, id);
        Assert.Equal(("https://site.example/alice?utm_source=x", false), (link.Url, link.TitleEdited));
        var anonymous = await app.Browser().GetAsync($"/links/{id}/metadata");
        var location = anonymous.Location!;
        Assert.StartsWith("/login", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString, StringComparison.Ordinal);
    }
}
