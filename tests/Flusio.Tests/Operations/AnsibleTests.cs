using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Operations;

/// <summary>
/// The playbook of deploy/ansible: its syntax, a check run of the whole play against this very
/// machine (connection local: nothing is changed), ansible-lint offline, and that it installs
/// the repository's own unit, site, filter and backup files rather than copies of them.
/// </summary>
public sealed class AnsibleTests
{
    private static readonly string Playbook = Repository.PathOf("deploy/ansible/site.yml");

    [AnsibleFact]
    public async Task The_playbook_passes_its_syntax_check()
    {
        using var run = new CheckRun();
        var (code, output, errors) = await ExternalTool.RunAsync(AnsibleFactAttribute.Playbook, "-i", run.Inventory, Playbook, "--syntax-check");
        Assert.True(code == 0, output + errors);
    }

    [AnsibleFact(RunsAsRoot = true)]
    public async Task A_check_run_against_this_machine_succeeds_and_prints_no_secret()
    {
        using var run = new CheckRun();
        var (code, output, errors) = await ExternalTool.RunAsync(
            AnsibleFactAttribute.Playbook, "-i", run.Inventory, Playbook, "--check", "--diff",
            "-e", $"flusio_app_archive={run.Archive}",
            "-e", "flusio_server_name=news.example.net",
            "-e", "flusio_db_password=db-secret-4e1f",
            "-e", "flusio_borg_passphrase=borg-secret-9a2c",
            // This machine has its .NET already; Microsoft's repository is not reachable from a test.
            "-e", "flusio_install_dotnet=false");
        Assert.True(code == 0, output + errors);
        Assert.Matches(@"localhost\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0", output);
        // The site file of the repository, with its name and certificate paths changed.
        Assert.Contains("server_name news.example.net;", output, StringComparison.Ordinal);
        Assert.Contains("ssl_certificate /etc/letsencrypt/live/news.example.net/fullchain.pem;", output, StringComparison.Ordinal);
        Assert.DoesNotContain("db-secret-4e1f", output + errors, StringComparison.Ordinal);
        Assert.DoesNotContain("borg-secret-9a2c", output + errors, StringComparison.Ordinal);
    }

    [AnsibleFact]
    public async Task Ansible_lint_passes_offline()
    {
        var lint = new[] { "/usr/bin/ansible-lint" }.FirstOrDefault(File.Exists);
        Assert.True(lint is not null, "ansible-lint not found: apt-get install ansible-lint");
        var (code, output, errors) = await ExternalTool.RunAsync(lint!, "--offline", "--nocolor", "-p", Playbook);
        Assert.True(code == 0, output + errors);
    }

    [Fact]
    public void The_playbook_installs_the_repositorys_files_instead_of_copies()
    {
        var playbookText = string.Join("\n", Directory.EnumerateFiles(Repository.PathOf("deploy/ansible"), "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        foreach (var line in new[] { "ProtectSystem=strict", "proxy_set_header X-Forwarded-Proto", "failregex", "keep_daily" })
        {
            Assert.DoesNotContain(line, playbookText, StringComparison.Ordinal);
        }

        foreach (var file in new[] { "/systemd/{{ item }}", "flusio-web.service", "flusio-worker@.service", "/nginx/flusio.conf", "/fail2ban/flusio.conf", "/fail2ban/flusio.local", "/borgmatic/" })
        {
            Assert.Contains(file, playbookText, StringComparison.Ordinal);
        }
    }

    /// <summary>An inventory of this machine (connection local, no become) and a stand-in for the published app's archive.</summary>
    private sealed class CheckRun : IDisposable
    {
        private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("flusio-ansible-");

        public CheckRun()
        {
            Inventory = Path.Combine(folder.FullName, "inventory.ini");
            File.WriteAllText(Inventory, "[flusio]\nlocalhost ansible_connection=local ansible_become=false ansible_python_interpreter=/usr/bin/python3\n");
            var app = Directory.CreateDirectory(Path.Combine(folder.FullName, "app"));
            File.WriteAllText(Path.Combine(app.FullName, "Flusio.Web.dll"), "stand-in");
            Archive = Path.Combine(folder.FullName, "flusio-app.tar.gz");
            System.Formats.Tar.TarFile.CreateFromDirectory(app.FullName, Archive + ".tar", includeBaseDirectory: false);
            using (var tar = File.OpenRead(Archive + ".tar"))
            using (var gz = new System.IO.Compression.GZipStream(File.Create(Archive), System.IO.Compression.CompressionLevel.Fastest))
            {
                tar.CopyTo(gz);
            }
        }

        public string Inventory { get; }

        public string Archive { get; }

        public void Dispose() => folder.Delete(recursive: true);
    }
}

/// <summary>
/// A test that needs ansible-playbook: skipped with the reason when it is missing, unless
/// FLUSIO_REQUIRE_ANSIBLE=1 (CI), where it runs and fails plainly. A check run reads the
/// machine as root would (users, packages): <see cref="RunsAsRoot"/> skips it for others.
/// </summary>
public sealed class AnsibleFactAttribute : FactAttribute
{
    public static bool Required => Environment.GetEnvironmentVariable("FLUSIO_REQUIRE_ANSIBLE") == "1";

    public static string Playbook => "/usr/bin/ansible-playbook";

    public AnsibleFactAttribute()
    {
        if (!File.Exists(Playbook) && !Required)
        {
            Skip = "ansible-playbook not found: apt-get install ansible ansible-lint";
        }
    }

    public bool RunsAsRoot
    {
        get => runsAsRoot;
        init
        {
            runsAsRoot = value;
            if (value && Skip is null && !Required && Environment.UserName != "root")
            {
                Skip = "the check run reads the machine as root: run the tests as root, or with FLUSIO_REQUIRE_ANSIBLE=1";
            }
        }
    }

    private readonly bool runsAsRoot;
}
