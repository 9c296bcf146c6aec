using System.Text.Json;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Cli;

/// <summary>`users`: accounts from the shell, and the one-line errors of every verb.</summary>
public sealed class UserCommandTests : CommandTestBase
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Users_are_created_listed_promoted_and_deleted_from_the_shell(Db db)
    {
        var env = Env(db, migrated: true);

        var created = await Verbs.RunAsync(env, "users", "create", "--username", "alice", "--email", "alice@example.test", "--password", "correct horse battery");
        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Contains("Created user alice", created.Stdout, StringComparison.Ordinal);

        var promoted = await Verbs.RunAsync(env, "users", "promote", "alice");
        Assert.Equal(0, promoted.ExitCode);

        var listed = await Verbs.RunAsync(env, "users", "list");
        var line = Assert.Single(listed.Stdout.Split('\n'), l => l.StartsWith("alice ", StringComparison.Ordinal));
        Assert.Contains("alice@example.test", line, StringComparison.Ordinal);
        Assert.Matches(@"alice\s+alice@example\.test\s+yes\s+yes", line);

        var stats = await Verbs.RunAsync(env, "system", "stats", "--json");
        Assert.Equal(0, stats.ExitCode);
        using (var json = JsonDocument.Parse(stats.Stdout))
        {
            Assert.Equal(1, json.RootElement.GetProperty("users").GetInt64());
            Assert.Equal(0, json.RootElement.GetProperty("active_users").GetInt64());
            Assert.True(json.RootElement.GetProperty("database_bytes").GetInt64() > 0);
            Assert.Equal(0, json.RootElement.GetProperty("tables").GetProperty("user_sessions").GetInt64());
            Assert.All(json.RootElement.EnumerateObject(), p => Assert.Matches("^[a-z_]+$", p.Name));
            Assert.All(json.RootElement.GetProperty("tables").EnumerateObject(), p => Assert.Matches("^[a-z_]+$", p.Name));
        }

        var deleted = await Verbs.RunAsync(env, "users", "delete", "alice");
        Assert.Equal(0, deleted.ExitCode);
        Assert.DoesNotContain("alice", (await Verbs.RunAsync(env, "users", "list")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accounts_are_disabled_enabled_demoted_and_invited_from_the_shell()
    {
        var env = Env(Db.Sqlite, migrated: true);
        env["BASE_URL"] = "https://flusio.example.org";
        // No administrator yet: an invitation has nobody to come from.
        var orphan = await Verbs.RunAsync(env, "users", "invite");
        Assert.Equal(1, orphan.ExitCode);
        Assert.Contains("No administrator yet", orphan.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, (await Verbs.RunAsync(env, "users", "create", "--username", "root", "--email", "root@example.test", "--password", "correct horse battery", "--admin")).ExitCode);
        Assert.Equal(0, (await Verbs.RunAsync(env, "users", "create", "--username", "bob", "--email", "bob@example.test", "--password", "correct horse battery")).ExitCode);

        var invited = await Verbs.RunAsync(env, "users", "invite");
        Assert.True(invited.ExitCode == 0, invited.Stderr);
        Assert.Matches(@"^https://flusio\.example\.org/register\?invitation=[A-Za-z0-9_-]{20,}$", invited.Stdout.Trim().Split('\n')[^1].Trim());
        var notAdmin = await Verbs.RunAsync(env, "users", "invite", "--by", "bob");
        Assert.Equal(1, notAdmin.ExitCode);
        Assert.Contains("'bob' is not an administrator", notAdmin.Stderr, StringComparison.Ordinal);

        var disabled = await Verbs.RunAsync(env, "users", "disable", "bob");
        Assert.Equal(0, disabled.ExitCode);
        Assert.Contains("bob is disabled.", disabled.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await Verbs.RunAsync(env, "users", "enable", "bob")).ExitCode);
        Assert.Equal(0, (await Verbs.RunAsync(env, "users", "promote", "bob")).ExitCode);
        Assert.Matches(@"bob\s+bob@example\.test\s+yes\s+yes", (await Verbs.RunAsync(env, "users", "list")).Stdout);
        var demoted = await Verbs.RunAsync(env, "users", "demote", "bob");
        Assert.Equal(0, demoted.ExitCode);
        Assert.Matches(@"bob\s+bob@example\.test\s+yes\s+no", (await Verbs.RunAsync(env, "users", "list")).Stdout);

        var unknown = await Verbs.RunAsync(env, "users", "disable", "nobody");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("error: No user named 'nobody'.", unknown.Stderr.Trim());
    }
}
