using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Data;
using Npgsql;

namespace Flusio.Tests.Reading;

/// <summary>
/// `flusio worker` processes against one PostgreSQL, as an instance past one machine runs them:
/// two of them share a refresh without fetching a feed twice; the jobs of one killed in the
/// middle of a refresh are taken again after its lease, with nothing lost and nothing doubled;
/// a worker and `serve` outlive a restart of the database server.
/// </summary>
public sealed partial class WorkerFaultTests : IDisposable
{
    private const int EntriesPerFeed = 3;

    private readonly string dataPath = Directory.CreateTempSubdirectory("flusio-workers-").FullName;

    [Theory]
    [PostgresData]
    public async Task Two_workers_refresh_2000_feeds_fetching_each_exactly_once_per_pass(Db db)
    {
        Assert.Equal(Db.Postgres, db);
        const int feeds = 2_000;
        await using var server = await TestFeedServer.StartAsync(hosts: 16);
        var env = await FollowFarmAsync(server, feeds, "scaler");

        using var first = FlusioProcess.Start(env, "worker");
        using var second = FlusioProcess.Start(env, "worker");

        // Pass 1: the import queued every feed's first refresh; everything is new.
        await WaitForAsync(env, $"SELECT COUNT(*) FROM feeds WHERE fetched_at IS NOT NULL", feeds, [first, second]);
        await WaitForAsync(env, "SELECT COUNT(*) FROM jobs WHERE name = 'feeds-refresh'", 0, [first, second]);
        AssertEachFetched(server, feeds, times: 1);
        Assert.Equal(feeds * EntriesPerFeed, await ScalarAsync(env, "SELECT COUNT(*) FROM links WHERE feed_id IS NOT NULL"));

        // Pass 2: every feed due again, the scheduler's turn; the publisher answers 304 to all.
        var mark = DateTimeOffset.UtcNow;
        await ScalarAsync(env, "UPDATE feeds SET next_check_at = now() - interval '1 second'");
        await ScalarAsync(env, $"UPDATE jobs SET run_at = now() WHERE name = 'feeds-schedule'; NOTIFY {Flusio.Web.Jobs.JobQueue.NotifyChannel}");
        await WaitForAsync(env, $"SELECT COUNT(*) FROM feeds WHERE checked_at > '{mark.UtcDateTime:O}'", feeds, [first, second]);
        await WaitForAsync(env, "SELECT COUNT(*) FROM jobs WHERE name = 'feeds-refresh'", 0, [first, second]);
        AssertEachFetched(server, feeds, times: 2);

        // Nothing doubled, and both processes took a share of the refresh jobs.
        Assert.Equal(feeds * EntriesPerFeed, await ScalarAsync(env, "SELECT COUNT(*) FROM links WHERE feed_id IS NOT NULL"));
        Assert.Equal(feeds * EntriesPerFeed, await ScalarAsync(env, "SELECT COUNT(DISTINCT (feed_id, url)) FROM links WHERE feed_id IS NOT NULL"));
        Assert.Equal(0, await ScalarAsync(env, "SELECT COUNT(*) FROM feeds WHERE error_kind IS NOT NULL"));
        Assert.True(RefreshJobsDone(first) > 0, first.Stdout);
        Assert.True(RefreshJobsDone(second) > 0, second.Stdout);
    }

    [Theory]
    [PostgresData]
    public async Task A_worker_killed_in_the_middle_of_a_refresh_leaves_its_jobs_to_another_after_the_lease(Db db)
    {
        Assert.Equal(Db.Postgres, db);
        const int feeds = 60;
        await using var server = await TestFeedServer.StartAsync(hosts: 2);
        // Odd feeds hang until the worker dies; even ones answer at once.
        var hanging = true;
        server.DelayOf = path => hanging && FeedNumber(path) % 2 == 1 ? TimeSpan.FromMinutes(2) : TimeSpan.Zero;
        var env = await FollowFarmAsync(server, feeds, "survivor");
        env["JOB_LEASE_SECONDS"] = "3";

        using var doomed = FlusioProcess.Start(env, "worker");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!server.AllRequests.Keys.Any(path => FeedNumber(path) % 2 == 1))
        {
            Assert.False(doomed.HasExited, doomed.Stderr);
            Assert.True(DateTime.UtcNow < deadline, "the worker never fetched");
            await Task.Delay(50);
        }

        await Task.Delay(500); // let it store some of the answered feeds
        doomed.KillHard();
        var held = await ScalarAsync(env, "SELECT COUNT(*) FROM jobs WHERE name = 'feeds-refresh' AND lease_owner IS NOT NULL");
        Assert.True(held > 0, "the killed worker held no job");

        hanging = false;
        using var survivor = FlusioProcess.Start(env, "worker");
        await WaitForAsync(env, "SELECT COUNT(*) FROM feeds WHERE fetched_at IS NOT NULL", feeds, [survivor]);
        await WaitForAsync(env, "SELECT COUNT(*) FROM jobs WHERE name = 'feeds-refresh'", 0, [survivor]);

        // Every feed stored once, whatever the killed worker had done of it.
        Assert.Equal(feeds * EntriesPerFeed, await ScalarAsync(env, "SELECT COUNT(*) FROM links WHERE feed_id IS NOT NULL"));
        Assert.Equal(feeds * EntriesPerFeed, await ScalarAsync(env, "SELECT COUNT(DISTINCT (feed_id, url)) FROM links WHERE feed_id IS NOT NULL"));
        Assert.Equal(0, await ScalarAsync(env, "SELECT COUNT(*) FROM jobs WHERE failed_at IS NOT NULL"));
        Assert.True(RefreshJobsDone(survivor) >= held, survivor.Stdout);
    }

    [Theory]
    [PostgresData]
    public async Task A_worker_and_serve_reconnect_when_postgresql_restarts_during_a_refresh(Db db)
    {
        Assert.Equal(Db.Postgres, db);
        const int feeds = 40;
        using var postgres = PostgresServer.StartOwn();
        await using var server = await TestFeedServer.StartAsync(hosts: 2);
        var slow = true;
        server.DelayOf = path => slow && FeedNumber(path) >= 0 ? TimeSpan.FromSeconds(2) : TimeSpan.Zero;
        var env = await FollowFarmAsync(server, feeds, "restarter", postgres.CreateDatabase());
        env["JOB_LEASE_SECONDS"] = "3";

        using var worker = FlusioProcess.Start(env, "worker");
        var ready = $"http://127.0.0.1:{Ports.Free()}";
        using var serve = FlusioProcess.Start(env, "serve", "--urls", ready);
        await serve.WaitForHttpAsync(ready + "/readyz", TimeSpan.FromSeconds(60));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!server.AllRequests.Keys.Any(path => FeedNumber(path) >= 0))
        {
            Assert.False(worker.HasExited, worker.Stderr);
            Assert.True(DateTime.UtcNow < deadline, "the worker never fetched");
            await Task.Delay(50);
        }

        // The refresh is waiting on the publisher when every database connection is cut.
        postgres.Restart();
        slow = false;

        // serve answers again, on new connections.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await http.GetAsync(ready + "/readyz")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            Assert.False(serve.HasExited, serve.Stderr);
            Assert.True(DateTime.UtcNow < deadline, "/readyz stayed unready after the restart: " + Tail(serve.Stdout + serve.Stderr));
            await Task.Delay(200);
        }

        // The worker goes on: its listener reconnects, and a job the restart broke (if the cut
        // caught one on the database) is recorded to run again, its backoff cut short here (the
        // wait is the queue's rule, tested on its own); every feed ends stored once.
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (await ScalarAsync(env, "SELECT COUNT(*) FROM feeds WHERE fetched_at IS NOT NULL") != feeds)
        {
            Assert.False(worker.HasExited, worker.Stderr);
            Assert.True(DateTime.UtcNow < deadline, "the worker did not go on after the restart: " + Tail(worker.Stdout + worker.Stderr));
            await ScalarAsync(env, "UPDATE jobs SET run_at = now() WHERE name = 'feeds-refresh' AND run_at > now() AND failed_at IS NULL");
            await Task.Delay(500);
        }

        await WaitForAsync(env, "SELECT COUNT(*) FROM jobs WHERE name = 'feeds-refresh'", 0, [worker]);
        Assert.Equal(feeds * EntriesPerFeed, await ScalarAsync(env, "SELECT COUNT(*) FROM links WHERE feed_id IS NOT NULL"));
        Assert.Equal(0, await ScalarAsync(env, "SELECT COUNT(*) FROM jobs WHERE failed_at IS NOT NULL"));
        Assert.False(serve.HasExited);
        Assert.False(worker.HasExited);
    }

    /// <summary>
    /// A PostgreSQL database (a copy of the run's migrated one, or <paramref name="databaseUrl"/>
    /// migrated here) with one user following <paramref name="feeds"/> feeds of the server,
    /// spread over its hosts, imported from OPML.
    /// </summary>
    private async Task<Dictionary<string, string?>> FollowFarmAsync(TestFeedServer server, int feeds, string username, string? databaseUrl = null)
    {
        var hosts = new HashSet<int>();
        var opml = new StringBuilder("<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>Farm</title></head><body>");
        var published = DateTimeOffset.UtcNow.AddHours(-1);
        for (var i = 0; i < feeds; i++)
        {
            var path = $"/f/{i}.xml";
            server.Feed(path, TestFeeds.Rss($"Farm feed {i}", Enumerable.Range(0, EntriesPerFeed).Select(k =>
                new TestFeeds.Item($"urn:farm:{i}:{k}", $"Entry {k} of {i}", $"https://site{i}.example/posts/{k}", published.AddMinutes(-k)))));
            opml.Append(CultureInfo.InvariantCulture, $"<outline type=\"rss\" text=\"Farm feed {i}\" xmlUrl=\"{server.Url(path, 1 + (i % server.Hosts))}\"/>");
            hosts.Add(1 + (i % server.Hosts));
        }

        opml.Append("</body></opml>");
        var file = Path.Combine(dataPath, "farm.opml");
        await File.WriteAllTextAsync(file, opml.ToString());

        var env = new Dictionary<string, string?>
        {
            ["DATA_PATH"] = dataPath,
            ["DATABASE_URL"] = databaseUrl ?? PostgresServer.CreateDatabase(migrated: true),
            ["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true",
        };
        if (databaseUrl is not null)
        {
            Assert.Equal(0, (await Verbs.RunAsync(env, "migrate")).ExitCode);
        }

        Assert.Equal(0, (await Verbs.RunAsync(env, "users", "create", "--username", username, "--email", $"{username}@example.test", "--password", TestAccounts.Password)).ExitCode);
        var imported = await Verbs.RunAsync(env, "opml", "import", "--user", username, file);
        Assert.Equal($"feeds={feeds} followed={feeds} already_followed=0", imported.Stdout.Trim());
        Assert.Equal(server.Hosts, hosts.Count);
        return env;
    }

    private static int FeedNumber(string path) =>
        path.StartsWith("/f/", StringComparison.Ordinal) ? int.Parse(path[3..path.IndexOf('.', StringComparison.Ordinal)], CultureInfo.InvariantCulture) : -1;

    private static void AssertEachFetched(TestFeedServer server, int feeds, int times)
    {
        var requests = server.AllRequests;
        var wrong = Enumerable.Range(0, feeds)
            .Select(i => (Path: $"/f/{i}.xml", Count: requests.GetValueOrDefault($"/f/{i}.xml")))
            .Where(x => x.Count != times)
            .ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} feeds not fetched {times} time(s), e.g. {string.Join(", ", wrong.Take(5))}");
    }

    private static int RefreshJobsDone(FlusioProcess worker) => JobDone().Count(worker.Stdout + worker.Stderr);

    [GeneratedRegex(@"Job \d+ \(feeds-refresh\) done")]
    private static partial Regex JobDone();

    private static async Task<long> ScalarAsync(Dictionary<string, string?> env, string sql)
    {
        // Unpooled: the test's own connections must not outlive a restart of the server.
        await using var connection = new NpgsqlConnection(DatabaseSetup.PostgresConnectionString(env["DATABASE_URL"]!) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is long n ? n : 0;
    }

    /// <summary>Polls until <paramref name="sql"/> gives <paramref name="expected"/>; fails at once if a worker died.</summary>
    private static async Task WaitForAsync(Dictionary<string, string?> env, string sql, long expected, FlusioProcess[] workers)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        long value;
        while ((value = await ScalarAsync(env, sql)) != expected)
        {
            foreach (var worker in workers)
            {
                Assert.False(worker.HasExited, $"a worker exited: {worker.Stdout}\n{worker.Stderr}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"{sql} gave {value}, not {expected}, after 180 s; the worker's last output:\n{Tail(workers[^1].Stdout + workers[^1].Stderr)}");
            await Task.Delay(200);
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    public void Dispose()
    {
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still open for a moment: the folder is left in /tmp, nothing else.
        }
    }
}
