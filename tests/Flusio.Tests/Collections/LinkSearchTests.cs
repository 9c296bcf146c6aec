using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Collections;

/// <summary>Searching My links (/links?q=) on both databases: what matches, what never does, and queries that cannot run.</summary>
public sealed class LinkSearchTests
{
    private static async Task<List<Guid>> FoundAsync(TestBrowser browser, string q)
    {
        var page = await browser.GetAsync("/links?q=" + Uri.EscapeDataString(q));
        Assert.True(page.Status == HttpStatusCode.OK, $"{q}: {page.Status}");
        return CollectionPages.LinkIds(page);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Words_phrases_and_exclusions_find_the_users_links_best_first(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, user) = await app.LoggedInAsync();
        var safety = await app.AddLinkAsync(user.Id, "Rust memory safety explained", "How the borrow checker works");
        var java = await app.AddLinkAsync(user.Id, "Memory of the Java garbage collector", "Tuning heaps");
        var first = await app.AddLinkAsync(user.Id, "Weekly digest", "Safety first: rust in the kernel");
        var urlOnly = await app.AddLinkAsync(user.Id, "Untitled", url: "https://blog.example/zig-allocators");

        // The title outranks the description.
        Assert.Equal([safety, first], await FoundAsync(browser, "rust"));
        Assert.Equal([safety, first], await FoundAsync(browser, "RUST"));
        Assert.Equal([safety], await FoundAsync(browser, "memory safety"));
        Assert.Equal([safety], await FoundAsync(browser, "\"memory safety\""));
        Assert.Empty(await FoundAsync(browser, "\"safety memory\""));
        Assert.Equal([safety], await FoundAsync(browser, "memory -java"));
        Assert.Equal([safety], await FoundAsync(browser, "memory -\"garbage collector\""));
        Assert.Equal([java], await FoundAsync(browser, "memory -\"safety explained\""));
        Assert.Equal([urlOnly], await FoundAsync(browser, "allocators"));

        var none = await browser.GetAsync("/links?q=" + Uri.EscapeDataString("nothinglikethis"));
        Assert.Contains("No link matches “nothinglikethis”", none.Text, StringComparison.Ordinal);
        Assert.Contains("value=\"nothinglikethis\"", none.Html, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Accents_are_ignored_and_each_language_is_stemmed_on_postgresql(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, user) = await app.LoggedInAsync();
        var cafe = await app.AddLinkAsync(user.Id, "Le café du coin", language: "fr");
        var horses = await app.AddLinkAsync(user.Id, "Les chevaux sauvages de Camargue", language: "fr-FR");
        var running = await app.AddLinkAsync(user.Id, "Running a marathon", language: "en-GB");

        Assert.Equal([cafe], await FoundAsync(browser, "cafe"));
        Assert.Equal([cafe], await FoundAsync(browser, "CAFÉ"));
        Assert.Equal([horses], await FoundAsync(browser, "chevaux"));
        if (db == Db.Postgres)
        {
            // French stems "chevaux" and "cheval" alike, English "running" and "runs".
            Assert.Equal([horses], await FoundAsync(browser, "cheval"));
            Assert.Equal([running], await FoundAsync(browser, "runs"));
        }
    }

    [PostgresFact]
    public async Task A_term_is_looked_up_once_per_distinct_form_and_a_phrase_by_its_pairs_on_postgresql()
    {
        await using var app = new FlusioApp(Db.Postgres);

        // Sixteen configurations stem "w0420" alike: one lexeme to read from the index, not sixteen.
        // "gardening" has a few forms (english "garden", simple "gardening", ...), each once.
        var forms = await app.WithDbAsync(d => d.Database
            .SqlQuery<string>($"SELECT link_search_term('w0420')::text AS \"Value\" UNION ALL SELECT link_search_term('gardening')::text UNION ALL SELECT link_search_term('linux kernel')::text")
            .ToListAsync());

        Assert.Equal("'w0420'", forms[0]);
        var gardening = forms[1].Split(" | ");
        Assert.Equal(gardening.Distinct().Count(), gardening.Length);
        Assert.Contains("'garden'", gardening);
        Assert.Contains("'gardening'", gardening);
        // A phrase also asks for its pair of neighbouring words, which the index holds as one lexeme.
        Assert.Equal("'linux' <-> 'kernel' & 'linux kernel'", forms[2]);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Notes_and_edits_change_results_and_deleted_links_leave_them(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, user) = await app.LoggedInAsync();
        var link = await app.AddLinkAsync(user.Id, "Airships of the past");
        Assert.Empty(await FoundAsync(browser, "zeppelin"));

        await browser.PostAsync($"/links/{link}", $"/links/{link}/notes", ("content", "Compare with the **Zeppelin** NT"));
        Assert.Equal([link], await FoundAsync(browser, "zeppelin"));
        var noteId = await app.WithDbAsync(d => d.Set<Note>().Where(n => n.LinkId == link).Select(n => n.Id).SingleAsync());
        await browser.PostAsync($"/notes/{noteId}/edit", $"/notes/{noteId}/edit", ("content", "A dirigible, rather"));
        Assert.Empty(await FoundAsync(browser, "zeppelin"));
        Assert.Equal([link], await FoundAsync(browser, "dirigible"));
        await browser.PostAsync($"/notes/{noteId}/edit", $"/notes/{noteId}/delete");
        Assert.Empty(await FoundAsync(browser, "dirigible"));

        await app.WithDbAsync(d => d.Set<Link>().Where(l => l.Id == link).ExecuteUpdateAsync(s => s.SetProperty(l => l.Title, "Balloons of today")));
        Assert.Empty(await FoundAsync(browser, "airships"));
        Assert.Equal([link], await FoundAsync(browser, "balloons"));
        await app.WithDbAsync(d => d.Set<Link>().Where(l => l.Id == link).ExecuteDeleteAsync());
        Assert.Empty(await FoundAsync(browser, "balloons"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Only_the_owners_links_are_found_hidden_ones_included(Db db)
    {
        await using var app = new FlusioApp(db);
        var (alice, aliceUser) = await app.LoggedInAsync();
        var (bob, bobUser) = await app.LoggedInAsync();
        var alices = await app.AddLinkAsync(aliceUser.Id, "Quokka photography");
        var hidden = await app.AddLinkAsync(aliceUser.Id, "Quokka secrets", hidden: true);
        var bobs = await app.AddLinkAsync(bobUser.Id, "Quokka facts");
        await app.AddFeedEntryAsync("Quokka news from a feed");

        Assert.Equal([alices, hidden], (await FoundAsync(alice, "quokka")).Order());
        Assert.Equal([bobs], await FoundAsync(bob, "quokka"));
        using var anonymous = app.Browser();
        Assert.True((await anonymous.GetAsync("/links?q=quokka")).IsRedirectTo("/login"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Query_syntax_of_the_databases_is_text_and_bad_queries_say_why(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, user) = await app.LoggedInAsync();
        var near = await app.AddLinkAsync(user.Id, "NEAR and AND: operators (as words) & more | less! \"quoted\"");
        foreach (var q in new[] { "\"", "near*", "and:", "(operators", "& more", "| less", "!less", "NEAR(and operators)", "AND OR NOT", "\"quoted", "a\"b\"c", "'; DROP TABLE links; --", "col:umn", "^near", "{near}", "near -\"", "NOT near" })
        {
            // A query of syntax only is said to find nothing (422); none is an error of the database.
            var page = await browser.GetAsync("/links?q=" + Uri.EscapeDataString(q));
            Assert.True(page.Status is HttpStatusCode.OK || (page.Status is HttpStatusCode.UnprocessableEntity && page.Text.Contains("Type words", StringComparison.Ordinal)), $"{q}: {page.Status}");
        }

        Assert.Equal([near], await FoundAsync(browser, "NEAR(and operators)"));
        Assert.Equal([near], await FoundAsync(browser, "\"quoted"));
        Assert.Equal([near], await FoundAsync(browser, "less!"));

        foreach (var (q, message) in new[]
        {
            ("\"\" - -", "Type words to look for in your links."),
            ("-near -\"and more\"", "Say what to look for, not only what to leave out"),
            (new string('x', 201), "A search has at most 200 characters."),
            (string.Join(' ', Enumerable.Range(0, 21).Select(i => $"w{i}")), "A search has at most 20 words and phrases."),
        })
        {
            var page = await browser.GetAsync("/links?q=" + Uri.EscapeDataString(q));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
            Assert.Contains(message, page.Text, StringComparison.Ordinal);
            Assert.Empty(CollectionPages.LinkIds(page));
        }

        Assert.Equal(1, await app.WithDbAsync(d => d.Set<Link>().CountAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Results_come_a_page_at_a_time(Db db)
    {
        await using var app = new FlusioApp(db);
        var (browser, user) = await app.LoggedInAsync();
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var ids = new List<Guid>();
        for (var i = 0; i < 35; i++)
        {
            ids.Add(await app.AddLinkAsync(user.Id, $"Page test {i}", createdAt: start.AddMinutes(i)));
        }

        var first = await browser.GetAsync("/links?q=page+test");
        Assert.Equal(30, CollectionPages.LinkIds(first).Count);
        Assert.Contains("More results", first.Text, StringComparison.Ordinal);
        var second = await browser.GetAsync("/links?q=page+test&page=2");
        Assert.Equal(5, CollectionPages.LinkIds(second).Count);
        Assert.DoesNotContain("More results", second.Text, StringComparison.Ordinal);
        Assert.Contains("Previous results", second.Text, StringComparison.Ordinal);
        // Equal ranks: newest first, every link once.
        var all = CollectionPages.LinkIds(first).Concat(CollectionPages.LinkIds(second)).ToList();
        Assert.Equal(Enumerable.Reverse(ids), all);
    }
}
