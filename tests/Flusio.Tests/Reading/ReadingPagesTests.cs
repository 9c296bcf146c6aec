using System.Net;
using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Reading;

/// <summary>The reading pages through HTTP, as a browser without script uses them: every action a plain form.</summary>
public sealed partial class ReadingPagesTests
{
    private static readonly Dictionary<string, string?> FetchLocal = new() { ["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true" };

    private static TestFeeds.Item Item(int n, string? description = null) =>
        new($"e{n}", $"Entry number {n}", $"https://site.example/{n}", DateTimeOffset.UtcNow - TimeSpan.FromHours(n), description);

    private static async Task<Guid> FollowThroughPageAsync(TestBrowser browser, string address)
    {
        var followed = await browser.SubmitAsync("/feeds/new", "/feeds/new", new Dictionary<string, string> { ["url"] = address });
        Assert.Equal(HttpStatusCode.Redirect, followed.Status);
        var path = followed.Location!.OriginalString;
        Assert.Matches("^/feeds/[0-9a-f-]{36}$", path);
        return Guid.Parse(path["/feeds/".Length..]);
    }

    private static async Task<TestBrowser.Page> PostAsync(TestBrowser browser, string formPage, string action, params (string Name, string Value)[] fields)
    {
        var token = (await browser.GetAsync(formPage)).AntiforgeryToken!;
        var all = fields.Append(("__RequestVerificationToken", token)).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2));
        using var response = await browser.Client.PostAsync(action, new FormUrlEncodedContent(all));
        return await TestBrowser.Page.ReadAsync(response);
    }

    private static List<Guid> LinkIds(TestBrowser.Page page) =>
        [.. DataLink().Matches(page.Html).Select(m => Guid.Parse(m.Groups[1].Value))];

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_reader_follows_a_site_fills_the_news_and_reads_keeps_and_dismisses(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Page("/", "Example site", "/feed.xml");
        server.Feed("/feed.xml", TestFeeds.Rss("Example feed", [Item(1, "<p>First <b>body</b></p>"), Item(2), Item(3), Item(4)]));
        await using var app = new FlusioApp(db, FetchLocal);
        var (browser, _) = await app.LoggedInAsync();

        var feedId = await FollowThroughPageAsync(browser, server.Url("/"));
        await app.WaitForJobsAsync();
        var feedPage = await browser.GetAsync($"/feeds/{feedId}");
        Assert.Contains("Example feed", feedPage.Text, StringComparison.Ordinal);
        Assert.Contains("Entry number 4", feedPage.Text, StringComparison.Ordinal);
        Assert.Contains("Example feed", (await browser.GetAsync("/feeds")).Text, StringComparison.Ordinal);

        var filled = await PostAsync(browser, "/news", "/news");
        Assert.True(filled.IsRedirectTo("/news"));
        var news = await browser.GetAsync("/news");
        Assert.Contains("4 new links in your news.", news.Text, StringComparison.Ordinal);
        var ids = LinkIds(news);
        Assert.Equal(4, ids.Count);

        Assert.True((await PostAsync(browser, "/news", $"/links/{ids[0]}/later", ("returnUrl", "/news"))).IsRedirectTo("/news"));
        Assert.True((await PostAsync(browser, "/news", $"/links/{ids[1]}/read", ("returnUrl", "/news"))).IsRedirectTo("/news"));
        Assert.True((await PostAsync(browser, "/news", $"/links/{ids[2]}/dismiss", ("returnUrl", "/news"))).IsRedirectTo("/news"));
        Assert.Equal([ids[3]], LinkIds(await browser.GetAsync("/news")));
        Assert.Equal([ids[0]], LinkIds(await browser.GetAsync("/read-later")));
        Assert.Equal([ids[1]], LinkIds(await browser.GetAsync("/read")));

        // The reader view of the kept link shows its entry's cleaned content, and leads to the original.
        var reader = await browser.GetAsync($"/links/{ids[0]}");
        Assert.Equal(HttpStatusCode.OK, reader.Status);
        Assert.Contains("<b>body</b>", reader.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://site.example/1\"", reader.Html, StringComparison.Ordinal);

        // Bulk: the rest of the news, read at once; filling again brings none of them back.
        var bulk = await PostAsync(browser, "/news", "/links/bulk", ("ids", ids[3].ToString()), ("action", "read"), ("returnUrl", "/news"));
        Assert.True(bulk.IsRedirectTo("/news"));
        await PostAsync(browser, "/news", "/news");
        var empty = await browser.GetAsync("/news");
        Assert.Empty(LinkIds(empty));
        Assert.Contains("Nothing new for now.", empty.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reader_view_of_a_hostile_entry_carries_no_script_handler_or_javascript_link()
    {
        await using var server = await TestFeedServer.StartAsync();
        const string hostile = """
            <p onclick="steal()">Hi<script>alert(1)</script></p>
            <img src="x" onerror="alert(2)"><a href="javascript:alert(3)">click</a>
            <a href=" JaVaScRiPt:alert(4)">two</a><svg><script>alert(5)</script></svg>
            <math><mtext><table><mglyph><style><img src=x onerror=alert(6)></style></mglyph></table></mtext></math>
            <iframe src="https://evil.example/"></iframe><form action="https://evil.example/"><input name="p"></form>
            <noscript><p title="</noscript><img src=x onerror=alert(7)>"></noscript>
            """;
        server.Feed("/feed.xml", TestFeeds.Rss("Hostile", [Item(1, hostile)]));
        await using var app = new FlusioApp(Db.Sqlite, FetchLocal);
        var (browser, _) = await app.LoggedInAsync();
        var feedId = await FollowThroughPageAsync(browser, server.Url("/feed.xml"));
        await app.WaitForJobsAsync();

        var entry = Assert.Single(LinkIds(await browser.GetAsync($"/feeds/{feedId}")));
        var reader = await browser.GetAsync($"/links/{entry}");
        Assert.Equal(HttpStatusCode.OK, reader.Status);
        var content = ReaderContent().Match(reader.Html).Groups[1].Value;
        Assert.Contains("Hi", content, StringComparison.Ordinal);
        foreach (var forbidden in new[] { "<script", "onclick", "onerror", "javascript:", "<iframe", "<form", "<input", "alert(" })
        {
            Assert.DoesNotContain(forbidden, content, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Another_users_links_and_follows_are_not_found_and_stay_unchanged()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/feed.xml", TestFeeds.Rss("Mine", [Item(1), Item(2)]));
        await using var app = new FlusioApp(Db.Sqlite, FetchLocal);
        var (alice, _) = await app.LoggedInAsync();
        var (bob, _) = await app.LoggedInAsync();
        var feedId = await FollowThroughPageAsync(alice, server.Url("/feed.xml"));
        await app.WaitForJobsAsync();
        await PostAsync(alice, "/news", "/news");
        var own = LinkIds(await alice.GetAsync("/news"));
        Assert.Equal(2, own.Count);

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/links/{own[0]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(bob, "/news", $"/links/{own[0]}/dismiss")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(bob, "/news", "/links/bulk", ("ids", own[0].ToString()), ("ids", own[1].ToString()), ("action", "read"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(bob, "/news", $"/feeds/{feedId}/unfollow")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(bob, "/news", $"/feeds/{feedId}/settings", ("timeFilter", "All"))).Status);
        Assert.Equal(own, LinkIds(await alice.GetAsync("/news")));
        Assert.Equal(1, await app.WithScopeAsync(sp => sp.GetRequiredService<FlusioDbContext>().Set<FeedFollow>().CountAsync()));
        // A feed's own entries are the instance's: anyone may read them.
        var entries = LinkIds(await bob.GetAsync($"/feeds/{feedId}"));
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/links/{entries[0]}")).Status);
    }

    [Fact]
    public async Task A_bad_address_or_a_private_one_gets_a_clear_message_and_writes_nothing()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/feed.xml", TestFeeds.Rss("Private", [Item(1)]));
        await using var app = new FlusioApp(Db.Sqlite);
        var (browser, _) = await app.LoggedInAsync();

        var invalid = await browser.SubmitAsync("/feeds/new", "/feeds/new", new Dictionary<string, string> { ["url"] = "ht!tp://not an address" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Status);
        Assert.Contains("Enter a web address", invalid.Text, StringComparison.Ordinal);

        var refused = await browser.SubmitAsync("/feeds/new", "/feeds/new", new Dictionary<string, string> { ["url"] = server.Url("/feed.xml") });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("private network", refused.Text, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests("/feed.xml"));

        var html = await browser.SubmitAsync("/feeds/new", "/feeds/new", new Dictionary<string, string> { ["url"] = "https://127.0.0.1:1/" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, html.Status);
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<FlusioDbContext>().Set<Feed>().CountAsync()));
    }

    [Fact]
    public async Task A_list_page_runs_as_many_queries_for_thirty_links_as_for_two()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/feed.xml", TestFeeds.Rss("Many", [.. Enumerable.Range(1, 32).Select(n => Item(n))]));
        using var counter = new QueryCounter();
        await using var app = new FlusioApp(Db.Sqlite, FetchLocal);
        var (browser, user) = await app.LoggedInAsync();
        var feedId = await FollowThroughPageAsync(browser, server.Url("/feed.xml"));
        await app.WaitForJobsAsync();
        var entries = await app.WithScopeAsync(sp => sp.GetRequiredService<FlusioDbContext>().Set<Link>().Where(l => l.FeedId == feedId).OrderBy(l => l.PublishedAt).Select(l => l.Id).ToListAsync());

        counter.Watch(app.DataPath);
        async Task<int> QueriesFor(string path, int expectedLinks)
        {
            await browser.GetAsync(path); // warm: first-use costs (keys, claims) belong to no list length
            counter.Reset();
            var page = await browser.GetAsync(path);
            Assert.Equal(expectedLinks, LinkIds(page).Count);
            return counter.Count;
        }

        await app.WithScopeAsync(sp => sp.GetRequiredService<LinkLists>().ApplyAsync(user.Id, entries.Take(2).ToList(), LinkAction.ReadLater, CancellationToken.None));
        var two = await QueriesFor("/read-later", 2);
        await app.WithScopeAsync(sp => sp.GetRequiredService<LinkLists>().ApplyAsync(user.Id, entries.Skip(2).ToList(), LinkAction.ReadLater, CancellationToken.None));
        var thirty = await QueriesFor("/read-later", 30);
        Assert.True(two > 0, "the counter saw no query at all");
        Assert.Equal(two, thirty);

        // The feed's last page (its two oldest entries) against a full one.
        var third = await app.WithScopeAsync(sp => sp.GetRequiredService<FlusioDbContext>().Set<Link>().SingleAsync(l => l.Id == entries[2]));
        var lastPage = new Flusio.Web.Reading.Cursor(third.PublishedAt, third.Id).ToString();
        var feedTwo = await QueriesFor($"/feeds/{feedId}?after=" + Uri.EscapeDataString(lastPage), 2);
        var feedThirty = await QueriesFor($"/feeds/{feedId}", 30);
        Assert.Equal(feedTwo, feedThirty);
    }

    [GeneratedRegex("data-link=\"([0-9a-f-]{36})\"")]
    private static partial Regex DataLink();

    [GeneratedRegex("<div class=\"reader__content\">(.*?)</div>\\s*(?:<section|<nav)", RegexOptions.Singleline)]
    private static partial Regex ReaderContent();
}
