using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Cli;

/// <summary>`feeds add|list|refresh`: following and refreshing from the shell, over real HTTP.</summary>
public sealed partial class FeedRefreshCommandTests : CommandTestBase
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_feed_added_from_the_shell_is_listed_and_refreshed_with_one_summary_line(Db db)
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Page("/", "A site", "/feed.xml");
        server.Feed("/feed.xml", TestFeeds.Rss("Shell feed", [
            new TestFeeds.Item("a", "A", "https://site.example/a", DateTimeOffset.UtcNow.AddHours(-1)),
            new TestFeeds.Item("b", "B", "https://site.example/b", DateTimeOffset.UtcNow.AddHours(-2)),
        ]));
        server.Feed("/broken.xml", TestFeeds.Rss("Soon broken", []));
        var env = Env(db, migrated: true);
        env["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true";
        Assert.Equal(0, (await Verbs.RunAsync(env, "users", "create", "--username", "reader", "--email", "reader@example.test", "--password", TestAccounts.Password)).ExitCode);

        // A site's address: its announced feed is the one followed.
        var added = await Verbs.RunAsync(env, "feeds", "add", "--user", "reader", server.Url("/"));
        Assert.True(added.ExitCode == 0, added.Stderr);
        var feedId = Guid.Parse(added.Stdout.Trim());
        Assert.Equal(0, (await Verbs.RunAsync(env, "feeds", "add", "--user", "reader", server.Url("/broken.xml"))).ExitCode);
        // Found when followed, failing by the time it is refreshed.
        server.Status("/broken.xml", 503);

        var listed = await Verbs.RunAsync(env, "feeds", "list");
        Assert.Contains($"{feedId}", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains(server.Url("/feed.xml"), listed.Stdout, StringComparison.Ordinal);

        // The real executable: the whole of its standard output is the one line.
        var first = await FlusioProcess.RunAsync(env, "feeds", "refresh", "--all");
        Assert.Equal(0, first.ExitCode);
        var line = Assert.Single(first.Stdout.Trim().Split('\n'));
        Assert.Matches(SummaryLine(), line);
        Assert.StartsWith("feeds=2 fetched=1 not_modified=0 failed=1 new_entries=2 seconds=", line, StringComparison.Ordinal);

        var second = await Verbs.RunAsync(env, "feeds", "refresh", "--feed", feedId.ToString());
        Assert.StartsWith("feeds=1 fetched=0 not_modified=1 failed=0 new_entries=0 seconds=", second.Stdout.Trim(), StringComparison.Ordinal);

        var errors = await Verbs.RunAsync(env, "feeds", "list", "--errors");
        Assert.Contains("HttpStatus 503", errors.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain($"{feedId}", errors.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_get_one_clear_line_and_change_nothing()
    {
        var env = Env(Db.Sqlite, migrated: true);
        var noUser = await Verbs.RunAsync(env, "feeds", "add", "--user", "nobody", "https://example.org/feed.xml");
        Assert.NotEqual(0, noUser.ExitCode);
        Assert.Contains("No user named 'nobody'.", noUser.Stderr, StringComparison.Ordinal);

        var noFeed = await Verbs.RunAsync(env, "feeds", "refresh", "--feed", Guid.NewGuid().ToString());
        Assert.NotEqual(0, noFeed.ExitCode);
        Assert.Contains("No feed", noFeed.Stderr, StringComparison.Ordinal);

        var both = await Verbs.RunAsync(env, "feeds", "refresh", "--all", "--due");
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("Choose one of --all, --due and --feed ID.", both.Stderr, StringComparison.Ordinal);

        var empty = await Verbs.RunAsync(env, "feeds", "refresh");
        Assert.Equal(0, empty.ExitCode);
        Assert.StartsWith("feeds=0 fetched=0 not_modified=0 failed=0 new_entries=0 seconds=", empty.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opml_is_imported_in_the_foreground_and_exported_from_the_shell()
    {
        var env = Env(Db.Sqlite, migrated: true);
        Assert.Equal(0, (await Verbs.RunAsync(env, "users", "create", "--username", "importer", "--email", "importer@example.test", "--password", TestAccounts.Password)).ExitCode);
        var file = Path.Combine(DataPath, "feeds.opml");
        await File.WriteAllTextAsync(file, """
            <opml version="2.0"><body><outline text="News"><outline text="A" xmlUrl="https://a.example/feed"/><outline text="B" xmlUrl="https://b.example/feed"/></outline></body></opml>
            """);

        var first = await Verbs.RunAsync(env, "opml", "import", "--user", "importer", file);
        Assert.Equal("feeds=2 followed=2 already_followed=0", first.Stdout.Trim());
        Assert.Equal("feeds=2 followed=0 already_followed=2", (await Verbs.RunAsync(env, "opml", "import", "--user", "importer", file)).Stdout.Trim());

        var exported = await Verbs.RunAsync(env, "opml", "export", "--user", "importer");
        Assert.Equal(0, exported.ExitCode);
        Assert.Contains("<outline text=\"News\">", exported.Stdout, StringComparison.Ordinal);
        Assert.Contains("xmlUrl=\"https://b.example/feed\"", exported.Stdout, StringComparison.Ordinal);

        await File.WriteAllTextAsync(file, "<opml><body><outline");
        var broken = await Verbs.RunAsync(env, "opml", "import", "--user", "importer", file);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("not valid OPML", broken.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^feeds=\d+ fetched=\d+ not_modified=\d+ failed=\d+ new_entries=\d+ seconds=\d+\.\d$")]
    private static partial Regex SummaryLine();
}
