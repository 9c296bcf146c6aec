using System.Text;
using Flusio.Tests.Infrastructure;
using Flusio.Tests.Media;
using Flusio.Web.Collections;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Flusio.Web.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Flusio.Tests.Collections;

/// <summary>
/// The link-metadata job against a real local HTTP server serving realistic pages: what it reads,
/// what it refuses and why, and which failures it tries again.
/// </summary>
public sealed class LinkMetadataTests
{
    private static readonly Dictionary<string, string?> OpenNetwork = new() { ["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true" };

    private static ServiceHost Host(Db db = Db.Sqlite, TimeSpan? pageTimeout = null) =>
        new(db, OpenNetwork, s => s.AddSingleton(new LinkMetadataOptions { PageTimeout = pageTimeout ?? TimeSpan.FromSeconds(20) }));

    private static async Task<Guid> SaveAsync(ServiceHost host, string url)
    {
        var user = await host.CreateUserAsync();
        var (id, error) = await host.WithScopeAsync(sp => sp.GetRequiredService<LinkSaver>().SaveAsync(user.Id, new LinkInput(url, [], null), default));
        Assert.Null(error);
        return id!.Value;
    }

    private static Task<LinkMetadataState?> ReadAsync(ServiceHost host, Guid id, bool ignoreCache = false) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<LinkMetadata>().ReadAsync(id, ignoreCache, default));

    private static Task<Link> LinkAsync(ServiceHost host, Guid id) =>
        host.WithDbAsync(db => db.Set<Link>().AsNoTracking().SingleAsync(l => l.Id == id));

    private static Task<List<Job>> JobsAsync(ServiceHost host) =>
        host.WithDbAsync(db => db.Set<Job>().AsNoTracking().Where(j => j.Name == LinkMetadata.JobName).OrderBy(j => j.Id).ToListAsync());

    private static string Html(string head, string body = "<p>Some words.</p>", string lang = "en") =>
        $"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">{head}</head><body>{body}</body></html>";

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task An_open_graph_page_gives_its_title_description_illustration_language_reading_time_and_feeds(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        var words = string.Join(' ', Enumerable.Repeat("word", 1000));
        server.Feed("/article", Html(
            """
            <title>HTML title</title>
            <meta property="og:title" content="The &amp; open graph title">
            <meta property="og:description" content="What the article &lt;b&gt;says&lt;/b&gt;.">
            <meta name="description" content="Not this one">
            <meta property="og:image" content="/images/cover.jpg">
            <link rel="alternate" type="application/rss+xml" title="Site feed" href="/feed.xml">
            <link rel="alternate" type="application/atom+xml" href="https://elsewhere.example/atom.xml">
            """, $"<nav>{string.Join(' ', Enumerable.Repeat("menu", 500))}</nav><article>{words}</article>", lang: "fr-FR"), "text/html; charset=utf-8");
        server.Bytes("/images/cover.jpg", TestImages.Encoded(1200, 630, SKEncodedImageFormat.Jpeg), "image/jpeg");
        using var host = Host(db);
        var id = await SaveAsync(host, server.Url("/article"));

        // Saved: the URL is the title, the page waits for its job.
        var saved = await LinkAsync(host, id);
        Assert.Equal((LinkMetadataState.Pending, saved.Url), (saved.MetadataState, saved.Title));
        var job = Assert.Single(await JobsAsync(host));
        Assert.Equal(new LinkMetadataArguments(id), new JobRun(job).Arguments<LinkMetadataArguments>());
        Assert.Equal(0, server.Requests("/article"));

        Assert.Equal(LinkMetadataState.Fetched, await ReadAsync(host, id));
        var link = await LinkAsync(host, id);
        Assert.Equal("The & open graph title", link.Title);
        Assert.Equal("What the article says.", link.Description);
        Assert.Equal("fr-FR", link.Language);
        Assert.Equal(5, link.ReadingMinutes);
        Assert.Null(link.MetadataError);
        Assert.Equal(ServiceHost.Start, link.MetadataFetchedAt);
        Assert.True(MediaPaths.IsMediaPath(link.IllustrationPath), link.IllustrationPath);
        Assert.True(File.Exists(Path.Combine(host.DataPath, "media", link.IllustrationPath!)));
        Assert.Equal([new PageFeed(server.Url("/feed.xml"), "Site feed"), new PageFeed("https://elsewhere.example/atom.xml", null)], LinkMetadata.FeedsOf(link));
    }

    [Fact]
    public async Task A_twitter_card_page_is_read_when_it_has_no_open_graph()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/card", Html(
            """
            <title>Plain title</title>
            <meta name="twitter:card" content="summary_large_image">
            <meta name="twitter:title" content="Card title">
            <meta name="twitter:description" content="Card description">
            <meta name="twitter:image" content="https://127.0.0.1:1/unreachable.png">
            """), "text/html");
        using var host = Host();
        var id = await SaveAsync(host, server.Url("/card"));
        Assert.Equal(LinkMetadataState.Fetched, await ReadAsync(host, id));
        var link = await LinkAsync(host, id);
        Assert.Equal(("Card title", "Card description"), (link.Title, link.Description));
        // The page was read; the image could not be had, and the reason is kept.
        Assert.Null(link.IllustrationPath);
        Assert.StartsWith(LinkMetadata.IllustrationPrefix + "Connection:", link.MetadataError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_without_metadata_falls_back_to_its_title_else_keeps_its_url()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/plain", Html("<title>  Just a\n title </title>"), "text/html");
        server.Feed("/bare", "<p>No head at all</p>", "text/html");
        using var host = Host();
        var plain = await SaveAsync(host, server.Url("/plain"));
        var bare = await SaveAsync(host, server.Url("/bare"));
        await ReadAsync(host, plain);
        await ReadAsync(host, bare);
        var (one, two) = (await LinkAsync(host, plain), await LinkAsync(host, bare));
        Assert.Equal(("Just a title", null, null), (one.Title, one.Description, one.IllustrationPath));
        Assert.Equal((server.Url("/bare"), LinkMetadataState.Fetched), (two.Title, two.MetadataState));
    }

    [Fact]
    public async Task A_long_description_is_cut_to_a_thousand_characters_of_plain_text()
    {
        await using var server = await TestFeedServer.StartAsync();
        var words = string.Join(' ', Enumerable.Repeat("<b>bold</b> words", 400));
        server.Feed("/long", Html($"<title>Long</title><meta name=\"description\" content=\"{System.Net.WebUtility.HtmlEncode(words)}\">"), "text/html");
        using var host = Host();
        var id = await SaveAsync(host, server.Url("/long"));
        await ReadAsync(host, id);
        var description = (await LinkAsync(host, id)).Description!;
        Assert.InRange(description.Length, 900, Link.MaxDescriptionLength);
        Assert.DoesNotContain("<b>", description, StringComparison.Ordinal);
        Assert.StartsWith("bold words bold words", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_title_the_user_set_is_kept_when_the_page_is_read_again()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/page", Html("<title>From the page</title><meta name=\"description\" content=\"Fresh\">"), "text/html");
        using var host = Host();
        var id = await SaveAsync(host, server.Url("/page"));
        var user = (await LinkAsync(host, id)).UserId!.Value;
        var repaired = await host.WithScopeAsync(sp => sp.GetRequiredService<LinkRepair>().RepairAsync(user, id, new RepairInput("My own title", 12, UseCleanUrl: false, Refetch: true), default));
        Assert.Equal((true, (RepairError?)null), repaired);
        var job = (await JobsAsync(host)).Last();
        Assert.True(new JobRun(job).Arguments<LinkMetadataArguments>().IgnoreCache);

        await ReadAsync(host, id, ignoreCache: true);
        var link = await LinkAsync(host, id);
        Assert.Equal(("My own title", 12, "Fresh"), (link.Title, link.ReadingMinutes, link.Description));
        Assert.True(link.TitleEdited && link.ReadingMinutesEdited);
    }

    [Fact]
    public async Task A_title_set_while_the_page_is_being_read_is_kept()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/slowish", Html("<title>From the page</title><meta name=\"description\" content=\"Fresh\">"), "text/html");
        server.DelayOf = path => path == "/slowish" ? TimeSpan.FromSeconds(2) : TimeSpan.Zero;
        using var host = Host();
        var id = await SaveAsync(host, server.Url("/slowish"));
        var user = (await LinkAsync(host, id)).UserId!.Value;
        var reading = ReadAsync(host, id);
        while (server.Requests("/slowish") == 0)
        {
            await Task.Delay(20);
        }

        await host.WithScopeAsync(sp => sp.GetRequiredService<LinkRepair>().RepairAsync(user, id, new RepairInput("Set meanwhile", 3, UseCleanUrl: false, Refetch: false), default));
        Assert.Equal(LinkMetadataState.Fetched, await reading);
        var link = await LinkAsync(host, id);
        Assert.Equal(("Set meanwhile", 3, "Fresh"), (link.Title, link.ReadingMinutes, link.Description));
    }

    [Fact]
    public async Task A_redirect_chain_is_followed_and_the_final_page_resolves_its_relative_addresses()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Redirect("/short", "/hop", permanent: false);
        server.Redirect("/hop", server.Url("/articles/final"), permanent: true);
        server.Feed("/articles/final", Html("<title>Final</title><link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.atom\">"), "text/html");
        using var host = Host();
        var id = await SaveAsync(host, server.Url("/short"));
        Assert.Equal(LinkMetadataState.Fetched, await ReadAsync(host, id));
        var link = await LinkAsync(host, id);
        Assert.Equal("Final", link.Title);
        Assert.Equal(server.Url("/articles/feed.atom"), Assert.Single(LinkMetadata.FeedsOf(link)).Url);
        Assert.Equal(server.Url("/short"), link.Url);
    }

    public static TheoryData<string, string?, byte[], string> Charsets() => new()
    {
        // Declared by the page only (the server says nothing of it).
        { "meta windows-1252", null, Encoding.GetEncoding(1252).GetBytes("<html><head><meta charset=\"windows-1252\"><title>Café crème – “déjà vu” œuvre</title></head><body></body></html>"), "Café crème – “déjà vu” œuvre" },
        { "meta http-equiv", null, Encoding.Latin1.GetBytes("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><title>Garçon à l'été</title></head></html>"), "Garçon à l'été" },
        // Declared by the server only.
        { "header ISO-8859-1", "text/html; charset=ISO-8859-1", Encoding.Latin1.GetBytes("<html><head><title>Noël à Zürich</title></head></html>"), "Noël à Zürich" },
        { "header Shift_JIS", "text/html; charset=Shift_JIS", System.Text.CodePagesEncodingProvider.Instance.GetEncoding("shift_jis")!.GetBytes("<html><head><title>日本語のページ</title></head></html>"), "日本語のページ" },
        // A byte order mark wins over a wrong declaration.
        { "BOM", "text/html; charset=ISO-8859-1", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("<html><head><title>Ça marche</title></head></html>")], "Ça marche" },
    };

    [Theory]
    [MemberData(nameof(Charsets))]
    public async Task A_page_in_a_legacy_charset_is_decoded_right(string @case, string? contentType, byte[] body, string title)
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Bytes("/page", body, contentType ?? "text/html");
        using var host = Host();
        var id = await SaveAsync(host, server.Url("/page"));
        await ReadAsync(host, id);
        Assert.True(title == (await LinkAsync(host, id)).Title, @case);
    }

    [Fact]
    public async Task A_page_over_the_size_cap_is_refused_with_its_reason_and_not_tried_again()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/huge", Html("<title>Huge</title>", new string('a', 20 * 1024 * 1024)), "text/html");
        using var host = Host();
        var id = await SaveAsync(host, server.Url("/huge"));
        Assert.Equal(LinkMetadataState.Failed, await ReadAsync(host, id));
        var link = await LinkAsync(host, id);
        Assert.StartsWith("TooLarge:", link.MetadataError, StringComparison.Ordinal);
        Assert.Equal((1, server.Url("/huge")), (link.MetadataAttempts, link.Title));
        Assert.Single(await JobsAsync(host));
    }

    [Fact]
    public async Task A_slow_page_times_out_and_is_tried_again_a_minute_later()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/slow", Html("<title>Slow</title>"), "text/html");
        server.DelayOf = path => path == "/slow" ? TimeSpan.FromSeconds(30) : TimeSpan.Zero;
        using var host = Host(pageTimeout: TimeSpan.FromSeconds(1));
        var id = await SaveAsync(host, server.Url("/slow"));
        Assert.Equal(LinkMetadataState.Pending, await ReadAsync(host, id));
        var link = await LinkAsync(host, id);
        Assert.StartsWith("Timeout:", link.MetadataError, StringComparison.Ordinal);
        Assert.Equal(1, link.MetadataAttempts);
        var retry = (await JobsAsync(host)).Last();
        Assert.Equal(ServiceHost.Start.AddMinutes(1), retry.RunAt);
    }

    [Fact]
    public async Task A_pdf_is_recorded_as_not_a_page_and_an_image_illustrates_itself()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Bytes("/paper.pdf", "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n"u8.ToArray(), "application/pdf");
        server.Bytes("/photo.png", TestImages.Encoded(640, 480, SKEncodedImageFormat.Png), "image/png");
        using var host = Host();
        var pdf = await SaveAsync(host, server.Url("/paper.pdf"));
        var photo = await SaveAsync(host, server.Url("/photo.png"));
        Assert.Equal(LinkMetadataState.Failed, await ReadAsync(host, pdf));
        Assert.Equal(LinkMetadataState.Fetched, await ReadAsync(host, photo));
        var (document, image) = (await LinkAsync(host, pdf), await LinkAsync(host, photo));
        Assert.Equal(LinkMetadata.NotAPage + ": application/pdf", document.MetadataError);
        Assert.Equal(2, (await JobsAsync(host)).Count);
        Assert.True(MediaPaths.IsMediaPath(image.IllustrationPath));
        Assert.Equal((server.Url("/photo.png"), null), (image.Title, image.MetadataError));
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(410, false)]
    public async Task Only_408_429_and_5xx_are_tried_again(int status, bool retried)
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Status("/page", status);
        using var host = Host();
        var id = await SaveAsync(host, server.Url("/page"));
        Assert.Equal(retried ? LinkMetadataState.Pending : LinkMetadataState.Failed, await ReadAsync(host, id));
        var link = await LinkAsync(host, id);
        Assert.Equal($"HttpStatus: HTTP {status}", link.MetadataError);
        Assert.Equal(retried ? 2 : 1, (await JobsAsync(host)).Count);
    }

    [Fact]
    public async Task Retries_wait_twice_as_long_each_time_and_stop_after_five_tries()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Status("/down", 503);
        using var host = Host();
        var id = await SaveAsync(host, server.Url("/down"));
        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var state = await ReadAsync(host, id);
            Assert.Equal(attempt < 5 ? LinkMetadataState.Pending : LinkMetadataState.Failed, state);
            if (attempt < 5)
            {
                waits.Add((await JobsAsync(host)).Last().RunAt - host.Clock.GetUtcNow());
            }
        }

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8)], waits);
        Assert.Equal(5, (await LinkAsync(host, id)).MetadataAttempts);
        Assert.Equal(5, (await JobsAsync(host)).Count);
        Assert.Equal(5, server.Requests("/down"));

        // A success starts the count again.
        server.Feed("/down", Html("<title>Back</title>"), "text/html");
        Assert.Equal(LinkMetadataState.Fetched, await ReadAsync(host, id));
        Assert.Equal((0, null), ((await LinkAsync(host, id)).MetadataAttempts, (await LinkAsync(host, id)).MetadataError));
    }

    [Fact]
    public async Task A_name_resolving_to_a_private_address_is_refused_by_the_fetcher_and_not_tried_again()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/inside", Html("<title>Inside</title>"), "text/html");
        // Without the test switch: the fetcher's guard refuses the loopback server.
        using var host = new ServiceHost(Db.Sqlite);
        var user = await host.CreateUserAsync();
        var url = server.Url("/inside");
        var id = await host.WithDbAsync(async db =>
        {
            var link = new Link { Id = Guid.CreateVersion7(), UserId = user.Id, Url = url, UrlHash = UrlHash.Of(url), Title = url, MetadataState = LinkMetadataState.Pending, CreatedAt = ServiceHost.Start, PublishedAt = ServiceHost.Start };
            db.Add(link);
            await db.SaveChangesAsync();
            return link.Id;
        });
        Assert.Equal(LinkMetadataState.Failed, await ReadAsync(host, id));
        Assert.StartsWith("RefusedAddress:", (await LinkAsync(host, id)).MetadataError, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests("/inside"));
        Assert.Empty(await JobsAsync(host));
    }

    [Theory]
    [InlineData("http://127.0.0.1/admin")]
    [InlineData("http://10.1.2.3/")]
    [InlineData("http://192.168.0.1:8080/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://printer.local/")]
    [InlineData("http://intranet/")]
    [InlineData("http://2130706433/")]
    public async Task Saving_a_private_address_is_refused_and_writes_nothing(string url)
    {
        using var host = new ServiceHost(Db.Sqlite);
        var user = await host.CreateUserAsync();
        var (id, error) = await host.WithScopeAsync(sp => sp.GetRequiredService<LinkSaver>().SaveAsync(user.Id, new LinkInput(url, [], "Made anyway"), default));
        Assert.Equal((null, LinkError.UrlPrivate), (id, error));
        Assert.False(await host.WithDbAsync(db => db.Set<Link>().AnyAsync()));
        Assert.Empty(await JobsAsync(host));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    public void Backoff_starts_at_a_minute_and_doubles(int attempt, int minutes)
    {
        using var host = Host();
        using var scope = host.Services.CreateScope();
        Assert.Equal(TimeSpan.FromMinutes(minutes), scope.ServiceProvider.GetRequiredService<LinkMetadata>().Backoff(attempt));
    }
}
