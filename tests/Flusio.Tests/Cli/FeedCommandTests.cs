using System.Text.Json;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Cli;

/// <summary>`feeds parse`: files and URLs through the engine, one JSON line per input.</summary>
public sealed class FeedCommandTests : CommandTestBase
{
    [Fact]
    public async Task Feeds_parse_prints_one_json_line_per_input_in_order_and_fails_if_any_failed()
    {
        var feed = Path.Combine(DataPath, "feed.xml");
        await File.WriteAllTextAsync(feed, "<rss version=\"2.0\"><channel><title>T &amp; U</title><item><title>One</title><guid>1</guid></item></channel></rss>");
        var page = Path.Combine(DataPath, "page.html");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html><body>Hello</body></html>");

        // The real executable once: its standard output as bytes, in order.
        var ok = await FlusioProcess.RunAsync(Env(Db.Sqlite), "feeds", "parse", feed, feed);
        Assert.Equal(0, ok.ExitCode);
        var lines = ok.Stdout.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        using (var json = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal(feed, json.RootElement.GetProperty("file").GetString());
            Assert.Equal("rss2", json.RootElement.GetProperty("format").GetString());
            Assert.Equal("T & U", json.RootElement.GetProperty("feed").GetProperty("title").GetString());
            Assert.Equal("1", json.RootElement.GetProperty("entries")[0].GetProperty("id").GetString());
        }

        var mixed = await Verbs.RunAsync(Env(Db.Sqlite), "feeds", "parse", page, feed);
        Assert.Equal(1, mixed.ExitCode);
        lines = mixed.Stdout.Trim().Split('\n');
        using (var first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal(page, first.RootElement.GetProperty("file").GetString());
            Assert.Contains("HTML", first.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("rss2", second.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public async Task Feeds_parse_prints_entries_cleaned_as_stored_and_the_parsers_own_output_with_raw()
    {
        var feed = Path.Combine(DataPath, "hostile.xml");
        await File.WriteAllTextAsync(feed, """
            <rss version="2.0"><channel><title>H</title><item><guid>1</guid><link>https://site.example/1</link>
            <description><![CDATA[<p onclick="steal()">Hi<script>bad()</script> <a href="/rel">rel</a></p>]]></description></item></channel></rss>
            """);

        var cleaned = await Verbs.RunAsync(Env(Db.Sqlite), "feeds", "parse", feed);
        Assert.Equal(0, cleaned.ExitCode);
        using (var json = JsonDocument.Parse(cleaned.Stdout))
        {
            var summary = json.RootElement.GetProperty("entries")[0].GetProperty("summary").GetString()!;
            Assert.Contains("Hi", summary, StringComparison.Ordinal);
            Assert.Contains("https://site.example/rel", summary, StringComparison.Ordinal);
            Assert.DoesNotContain("script", summary, StringComparison.Ordinal);
            Assert.DoesNotContain("onclick", summary, StringComparison.Ordinal);
        }

        var raw = await Verbs.RunAsync(Env(Db.Sqlite), "feeds", "parse", "--raw", feed);
        using var rawJson = JsonDocument.Parse(raw.Stdout);
        Assert.Contains("<script>bad()</script>", rawJson.RootElement.GetProperty("entries")[0].GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_parse_refuses_a_file_over_the_cap_by_its_size_and_goes_on_with_the_next()
    {
        var big = Path.Combine(DataPath, "big.xml");
        await using (var file = File.Create(big))
        {
            file.SetLength(200L * 1024 * 1024); // sparse: nothing written, nothing to read
        }

        var feed = Path.Combine(DataPath, "feed.xml");
        await File.WriteAllTextAsync(feed, "<rss version=\"2.0\"><channel><title>Small</title></channel></rss>");
        var run = await Verbs.RunAsync(Env(Db.Sqlite), "feeds", "parse", big, feed);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Stdout.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        using (var first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal(big, first.RootElement.GetProperty("file").GetString());
            Assert.Contains("too large", first.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("rss2", second.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public async Task Feeds_parse_fetches_urls_and_refuses_private_addresses_unless_allowed()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Feed("/feed.xml", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Local</title><entry><id>e1</id><title>Hi</title><link href=\"/posts/1\"/></entry></feed>", "application/atom+xml; charset=utf-8");
        var url = server.Url("/feed.xml");

        var refused = await Verbs.RunAsync(Env(Db.Sqlite), "feeds", "parse", url);
        Assert.Equal(1, refused.ExitCode);
        using (var json = JsonDocument.Parse(refused.Stdout))
        {
            Assert.Contains("private", json.RootElement.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        var env = Env(Db.Sqlite);
        env["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true";
        var allowed = await Verbs.RunAsync(env, "feeds", "parse", url);
        Assert.True(allowed.ExitCode == 0, allowed.Stdout + allowed.Stderr);
        using var parsed = JsonDocument.Parse(allowed.Stdout);
        Assert.Equal("atom1", parsed.RootElement.GetProperty("format").GetString());
        Assert.Equal(server.Url("/posts/1"), parsed.RootElement.GetProperty("entries")[0].GetProperty("link").GetString());
    }
}
