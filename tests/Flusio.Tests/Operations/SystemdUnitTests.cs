using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Operations;

/// <summary>
/// The deployment guide's systemd units (deploy/systemd): valid for systemd, hardened as the
/// guide says, and starting verbs the app has.
/// </summary>
public sealed class SystemdUnitTests
{
    public static TheoryData<string, string> Units => new()
    {
        { "flusio-web.service", "serve" },
        { "flusio-worker@.service", "worker" },
    };

    [Theory]
    [MemberData(nameof(Units))]
    public async Task A_unit_is_hardened_and_starts_a_verb_of_the_app(string file, string verb)
    {
        var path = Path.Combine(Repository.Top, "deploy", "systemd", file);
        var directives = File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('['))
            .Select(l => l.Split('=', 2))
            .ToLookup(p => p[0], p => p[1]);

        Assert.Equal("flusio", Assert.Single(directives["User"]));
        Assert.Equal("strict", Assert.Single(directives["ProtectSystem"]));
        Assert.Equal("/var/lib/flusio", Assert.Single(directives["ReadWritePaths"]));
        Assert.Equal("/var/lib/flusio", Assert.Single(directives["WorkingDirectory"]));
        Assert.Equal("on-failure", Assert.Single(directives["Restart"]));
        Assert.Equal("true", Assert.Single(directives["NoNewPrivileges"]));
        Assert.Contains("DOTNET_gcServer=0", directives["Environment"]);

        // ExecStart runs the published dll with a verb the app knows.
        var exec = Assert.Single(directives["ExecStart"]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/usr/bin/dotnet", exec[0]);
        Assert.Equal("/opt/flusio/app/Flusio.Web.dll", exec[1]);
        Assert.Equal(verb, exec[2]);
        var (code, stdout, stderr) = await FlusioProcess.RunAsync(new Dictionary<string, string?>(), verb, "--help");
        Assert.True(code == 0, stderr);
        Assert.Contains(verb, stdout, StringComparison.Ordinal);

        // The guide installs this very file.
        Assert.Contains($"deploy/systemd/{file}", await File.ReadAllTextAsync(Path.Combine(Repository.Top, "docs", "deployment.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Systemd_reads_every_unit_without_a_complaint()
    {
        if (!File.Exists("/usr/bin/systemd-analyze"))
        {
            // The directives are checked above; systemd's own reading needs systemd-analyze.
            Assert.Fail("systemd-analyze not found: apt-get install systemd");
        }

        foreach (var file in new[] { "flusio-web.service", "flusio-worker@.service" })
        {
            var (code, output, errors) = await ExternalTool.RunAsync("/usr/bin/systemd-analyze", "verify", Path.Combine(Repository.Top, "deploy", "systemd", file));
            var complaints = (errors + output).Split('\n').Where(l => l.Contains(file, StringComparison.Ordinal)).ToList();
            Assert.True(code == 0 && complaints.Count == 0, $"{file}: exit {code}\n{string.Join('\n', complaints)}");
        }
    }
}
