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
            Assert.Equal(0, json.RootElement.GetProperty("user_sessions").GetInt64());
            Assert.All(json.RootElement.EnumerateObject(), p => Assert.Matches("^[a-z_]+$", p.Name));
        }

        var deleted = await Verbs.RunAsync(env, "users", "delete", "alice");
        Assert.Equal(0, deleted.ExitCode);
        Assert.DoesNotContain("alice", (await Verbs.RunAsync(env, "users", "list")).Stdout, StringComparison.Ordinal);
    }
}
