using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Flusio.Tests.Media;
using Npgsql;
using SkiaSharp;

namespace Flusio.Tests.Operations;

/// <summary>
/// Past one machine, as docs/deployment.md says: two `serve` processes (WORKER_IN_PROCESS=false)
/// and two `worker` processes of the real executable on one PostgreSQL, behind the guide's
/// nginx site with both web processes in its upstream, media in an S3 bucket (s3rver). A user
/// logs in through nginx, follows a feed, saves a link with an illustration; every page and the
/// image answer from whichever process serves them; one web process is killed and nginx goes on
/// with the other, the same session cookie still signed in; the feed is fetched exactly once.
/// </summary>
public sealed partial class MultiNodeTests : IDisposable
{
    private const string Username = "nodes";
    private readonly List<string> folders = [];

    [MultiNodeFact]
    public async Task Two_web_and_two_worker_processes_behind_nginx_serve_one_instance_and_outlive_a_lost_web_process()
    {
        using var s3 = S3Server.Start();
        await using var publisher = await TestFeedServer.StartAsync();
        var published = DateTimeOffset.UtcNow.AddHours(-1);
        publisher.Feed("/feed.xml", TestFeeds.Rss("Node feed", [new TestFeeds.Item("urn:node:1", "Entry seen by every node", "https://site.example/entry-1", published)]));
        var image = TestImages.Encoded(900, 600, SKEncodedImageFormat.Png);
        publisher.Bytes("/cover.png", image, "image/png");
        publisher.Bytes("/article.html", System.Text.Encoding.UTF8.GetBytes(
            "<!DOCTYPE html><html lang=\"en\"><head><title>An article</title><meta property=\"og:image\" content=\"/cover.png\"></head><body><p>Words.</p></body></html>"), "text/html; charset=utf-8");

        var common = new Dictionary<string, string?>(s3.Settings())
        {
            ["DATABASE_URL"] = PostgresServer.CreateDatabase(migrated: true),
            ["BASE_URL"] = $"https://{NginxSite.ServerName}",
            ["WORKER_IN_PROCESS"] = "false",
            ["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true",
            ["AUTH_RATE_LIMIT_PER_MINUTE"] = "1000",
            // Each web process logs the requests it serves: which one answered is read there.
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        };
        Assert.Equal(0, (await Verbs.RunAsync(Node(common), "users", "create", "--username", Username, "--email", "nodes@example.test", "--password", TestAccounts.Password)).ExitCode);

        // On a new database one web process starts first: it makes the data-protection key (each
        // process makes one at start when the database has none), which the others then read.
        var (portA, portB) = (Ports.Free(), Ports.Free());
        using var webA = FlusioProcess.Start(Node(common), "serve", "--urls", $"http://127.0.0.1:{portA}");
        await webA.WaitForHttpAsync($"http://127.0.0.1:{portA}/readyz", TimeSpan.FromSeconds(60));
        using (var direct = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync($"http://127.0.0.1:{portA}/login")).StatusCode);
        }

        Assert.Equal(1, await ScalarAsync(common, "SELECT COUNT(*) FROM data_protection_keys"));
        using var webB = FlusioProcess.Start(Node(common), "serve", "--urls", $"http://127.0.0.1:{portB}");
        using var worker1 = FlusioProcess.Start(Node(common), "worker");
        using var worker2 = FlusioProcess.Start(Node(common), "worker");
        await webB.WaitForHttpAsync($"http://127.0.0.1:{portB}/readyz", TimeSpan.FromSeconds(60));
        using var nginx = NginxSite.Start(portA, portB);
        using var browser = new TestBrowser(nginx.Client());

        // Log in, follow the feed, save a link: each request lands on either process.
        Assert.True((await browser.LoginAsync(Username)).IsRedirectTo("/news"));
        var followed = await browser.SubmitAsync("/feeds/new", "/feeds/follow", new Dictionary<string, string> { ["feedUrl"] = publisher.Url("/feed.xml") });
        var feedId = Regex.Match(followed.Location?.OriginalString ?? "", "^/feeds/([0-9a-f-]{36})$").Groups[1].Value;
        Assert.True(feedId.Length > 0, $"{followed.Status} {followed.Location}");
        var saved = await browser.SubmitAsync("/links/new", "/links/new", new Dictionary<string, string> { ["url"] = publisher.Url("/article.html") });
        var linkId = Regex.Match(saved.Location?.OriginalString ?? "", "^/links/([0-9a-f-]{36})/collections$").Groups[1].Value;
        Assert.True(linkId.Length > 0, $"{saved.Status} {saved.Location}");

        // The workers refresh the feed and read the page; its illustration goes to the bucket.
        var illustration = await WaitForIllustrationAsync(browser, linkId, [webA, webB, worker1, worker2]);
        await WaitForAsync(common, "SELECT COUNT(*) FROM feeds WHERE fetched_at IS NOT NULL", 1, [worker1, worker2]);
        await WaitForAsync(common, "SELECT COUNT(*) FROM jobs WHERE name IN ('feeds-refresh', 'link-metadata')", 0, [worker1, worker2]);
        Assert.Equal([illustration["/media/".Length..]], s3.StoredKeys());

        // Every page and the image, two rounds: nginx takes the processes in turn, and a round
        // being an odd number of requests, each request of the second lands on the other process.
        string[] pages = ["/news", "/links", $"/links/{linkId}", $"/feeds/{feedId}", $"/links/{linkId}/metadata", "/feeds"];
        await AnswerEveryTimeAsync(browser, pages, illustration, times: 2);
        var feedPage = await browser.GetAsync($"/feeds/{feedId}");
        Assert.Contains("Entry seen by every node", feedPage.Html, StringComparison.Ordinal);
        var servedByA = Served(webA);
        var servedByB = Served(webB);
        Assert.True(servedByA > 0 && servedByB > 0, $"requests served: {servedByA} by one process, {servedByB} by the other");

        // One web process dies; nginx passes every request to the other, the same cookie signed in.
        webA.KillHard();
        // Counted once its output is closed: a request's log line can follow its answer.
        servedByA = Served(webA);
        await AnswerEveryTimeAsync(browser, pages, illustration, times: 1);
        var news = await browser.GetAsync("/news");
        Assert.Equal(HttpStatusCode.OK, news.Status);
        Assert.Contains(Username, news.Html, StringComparison.Ordinal);
        var preferences = await browser.SubmitAsync("/settings/preferences", "/settings/preferences", new Dictionary<string, string> { ["Locale"] = "en", ["Theme"] = "dark" });
        Assert.True(preferences.IsRedirectTo("/settings/preferences"), $"{preferences.Status} {preferences.Location}");
        Assert.Equal(servedByA, Served(webA));
        Assert.True(Served(webB) > servedByB, "the surviving process served nothing after the other died");

        // One key for every process, in the database, none on their disks.
        var keys = await ScalarAsync(common, "SELECT COUNT(*) FROM data_protection_keys");
        Assert.True(keys == 1, $"{keys} data-protection keys");
        Assert.All(folders, folder => Assert.Empty(Directory.GetFiles(folder, "*.xml", SearchOption.AllDirectories)));

        // The feed, the page and its image were each fetched once, by one of the two workers.
        Assert.Equal((1, 1, 1), (publisher.Requests("/feed.xml"), publisher.Requests("/article.html"), publisher.Requests("/cover.png")));
        Assert.False(webB.HasExited || worker1.HasExited || worker2.HasExited, webB.Stderr + worker1.Stderr + worker2.Stderr);
    }

    private static async Task AnswerEveryTimeAsync(TestBrowser browser, string[] pages, string illustration, int times)
    {
        for (var round = 0; round < times; round++)
        {
            foreach (var path in pages)
            {
                var page = await browser.GetAsync(path);
                Assert.True(page.Status == HttpStatusCode.OK, $"{path}: {page.Status} {page.Location}");
            }

            using var served = await browser.Client.GetAsync(illustration);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("image/webp", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal("public, max-age=31536000, immutable", served.Headers.CacheControl?.ToString());
            var bytes = await served.Content.ReadAsByteArrayAsync();
            Assert.Equal(illustration["/media/".Length..], Flusio.Web.Media.MediaPaths.Of(bytes, "webp"));
        }
    }

    private static async Task<string> WaitForIllustrationAsync(TestBrowser browser, string linkId, FlusioProcess[] processes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (true)
        {
            var page = await browser.GetAsync($"/links/{linkId}/metadata");
            using var json = JsonDocument.Parse(page.Html);
            var state = json.RootElement.GetProperty("state").GetString();
            if (state != "Pending")
            {
                Assert.True(state == "Fetched", page.Html);
                return json.RootElement.GetProperty("illustrationUrl").GetString() ?? throw new InvalidOperationException("no illustration: " + page.Html);
            }

            Assert.All(processes, p => Assert.False(p.HasExited, p.Stderr));
            Assert.True(DateTime.UtcNow < deadline, "the link's page was never read: " + page.Html);
            await Task.Delay(200);
        }
    }

    /// <summary>Requests a web process logged as served (ASP.NET Core's "Request finished" lines).</summary>
    private static int Served(FlusioProcess web) => RequestFinished().Count(web.Stdout);

    [GeneratedRegex("Request finished HTTP/1.1 (GET|POST)")]
    private static partial Regex RequestFinished();

    /// <summary>The settings of one process: the instance's, and a data folder of its own (nothing shared on disk).</summary>
    private Dictionary<string, string?> Node(Dictionary<string, string?> common)
    {
        var folder = Directory.CreateTempSubdirectory("flusio-node-").FullName;
        folders.Add(folder);
        return new(common) { ["DATA_PATH"] = folder };
    }

    private static async Task WaitForAsync(Dictionary<string, string?> env, string sql, long expected, FlusioProcess[] processes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (await ScalarAsync(env, sql) != expected)
        {
            Assert.All(processes, p => Assert.False(p.HasExited, p.Stderr));
            Assert.True(DateTime.UtcNow < deadline, $"{sql} never gave {expected}");
            await Task.Delay(200);
        }
    }

    private static async Task<long> ScalarAsync(Dictionary<string, string?> env, string sql)
    {
        await using var connection = new NpgsqlConnection(Flusio.Web.Data.DatabaseSetup.PostgresConnectionString(env["DATABASE_URL"]!) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        foreach (var folder in folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open for a moment: the folder is left in /tmp, nothing else.
            }
        }
    }
}

/// <summary>
/// The multi-process test needs nginx, s3rver and PostgreSQL: skipped with the reason when one is
/// missing, unless CI requires them (FLUSIO_REQUIRE_NGINX, FLUSIO_REQUIRE_S3, FLUSIO_REQUIRE_POSTGRES), where it runs and fails plainly.
/// </summary>
public sealed class MultiNodeFactAttribute : FactAttribute
{
    public MultiNodeFactAttribute()
    {
        if (NginxFactAttribute.Binary is null)
        {
            Skip = "nginx not found (/usr/sbin/nginx): apt-get install nginx";
        }
        else if (S3Server.Script is null && !S3Server.Required)
        {
            Skip = S3FactAttribute.Missing;
        }
        else if (!PostgresServer.Required && PostgresServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
