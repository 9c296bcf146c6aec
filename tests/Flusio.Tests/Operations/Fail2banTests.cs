using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Operations;

/// <summary>
/// The deployment guide's fail2ban filter (deploy/fail2ban/flusio.conf), run by fail2ban's own
/// fail2ban-regex on what a real Flusio process logged while being attacked through a proxy:
/// every failed login gives the attacker's address, a username forging " from ADDRESS" gives
/// none but the real one, and successful logins give nothing.
/// </summary>
public sealed class Fail2banTests : IDisposable
{
    private readonly string dataPath = Directory.CreateTempSubdirectory("flusio-fail2ban-").FullName;

    [Fail2banTheory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task The_filter_finds_each_failed_login_and_the_address_it_came_from(string format)
    {
        TestDatabases.CopySqliteTemplate(dataPath);
        var env = new Dictionary<string, string?> { ["DATA_PATH"] = dataPath, ["LOG_FORMAT"] = format, ["AUTH_RATE_LIMIT_PER_MINUTE"] = "1000" };
        var created = await FlusioProcess.RunAsync(env, "users", "create", "--username", "alice", "--email", "alice@example.test", "--password", "correct horse battery");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var port = Ports.Free();
        using var serve = FlusioProcess.Start(env, "serve", "--urls", $"http://127.0.0.1:{port}");
        await serve.WaitForHttpAsync($"http://127.0.0.1:{port}/healthz", TimeSpan.FromSeconds(60));

        // Each attempt comes through a proxy on loopback (trusted by default) that forwards the client.
        async Task<TestBrowser.Page> LogInAsync(string client, string identifier, string password)
        {
            using var browser = new TestBrowser(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
            browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", client);
            return await browser.LoginAsync(identifier, password);
        }

        Assert.False((await LogInAsync("203.0.113.7", "alice", "wrong password")).IsRedirectTo("/news"));
        Assert.False((await LogInAsync("203.0.113.8", "nobody-here", "a guess")).IsRedirectTo("/news"));
        Assert.False((await LogInAsync("2001:db8::9", "x from 10.0.0.1", "a guess")).IsRedirectTo("/news"));
        var signedIn = await LogInAsync("198.51.100.20", "alice", "correct horse battery");
        Assert.True(signedIn.IsRedirectTo("/news"));
        var session = signedIn.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("flusio_auth=", StringComparison.Ordinal)).Split(';')[0]["flusio_auth=".Length..];

        serve.Terminate();
        await serve.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var log = Path.Combine(dataPath, "flusio.log");
        await File.WriteAllTextAsync(log, serve.Stdout);
        Assert.Contains("Failed login", serve.Stdout, StringComparison.Ordinal);
        // Every line of a request carries its id; no password or session cookie is ever written.
        var failed = serve.Stdout.Split('\n').Where(l => l.Contains("Failed login", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, failed.Count);
        Assert.All(failed, l => Assert.Matches(format == "json" ? "\"RequestId\":\"[^\"]+\"" : @"^\d\d:\d\d:\d\d warn: \[[^\]\s]+\] ", l));
        foreach (var secret in new[] { "correct horse battery", "wrong password", "a guess", session })
        {
            Assert.DoesNotContain(secret, serve.Stdout + serve.Stderr, StringComparison.Ordinal);
        }

        var (code, output, errors) = await ExternalTool.RunAsync(Fail2banTheoryAttribute.Binary, "-o", "ip", log, Repository.PathOf("deploy/fail2ban/flusio.conf"));
        Assert.True(code == 0, errors + output);
        var banned = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(banned.SequenceEqual(["203.0.113.7", "203.0.113.8", "2001:db8::9"]), string.Join(" | ", banned) + "\n" + string.Join("\n", failed));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still open for a moment: a temp folder left behind is harmless.
        }
    }
}

/// <summary>A test that needs fail2ban-regex: skipped with the reason when missing, unless FLUSIO_REQUIRE_FAIL2BAN=1 (CI).</summary>
public sealed class Fail2banTheoryAttribute : TheoryAttribute
{
    public Fail2banTheoryAttribute()
    {
        if (!File.Exists(Binary) && Environment.GetEnvironmentVariable("FLUSIO_REQUIRE_FAIL2BAN") != "1")
        {
            Skip = "fail2ban-regex not found: apt-get install fail2ban";
        }
    }

    public static string Binary => "/usr/bin/fail2ban-regex";
}
