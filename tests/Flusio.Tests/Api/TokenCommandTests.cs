using Flusio.Tests.Cli;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Api;

/// <summary>`tokens create|list|revoke`: a script gets its token from the last line; wrong input is one line and writes nothing.</summary>
public sealed class TokenCommandTests : CommandTestBase
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Tokens_are_created_listed_and_revoked_from_the_shell(Db db)
    {
        var env = Env(db, migrated: true);
        Assert.Equal(0, (await Verbs.RunAsync(env, "users", "create", "--username", "alice", "--email", "alice@example.test", "--password", TestAccounts.Password)).ExitCode);

        var created = await Verbs.RunAsync(env, "tokens", "create", "--user", "alice", "--scope", "write", "--name", "phone app", "--expires", "30");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var lines = created.Stdout.Trim().Split('\n');
        Assert.Matches("^flusio_[A-Za-z0-9_-]{43}$", lines[^1].Trim());
        Assert.Contains("write token", lines[0], StringComparison.Ordinal);
        Assert.Contains("expires", lines[0], StringComparison.Ordinal);
        var id = System.Text.RegularExpressions.Regex.Match(lines[0], "[0-9a-f]{8}-[0-9a-f-]{27}").Value;

        var listed = await Verbs.RunAsync(env, "tokens", "list", "--user", "alice");
        Assert.Equal(0, listed.ExitCode);
        var row = Assert.Single(listed.Stdout.Split('\n'), l => l.StartsWith(id, StringComparison.Ordinal));
        Assert.Matches(@"alice\s+write\s+.*phone app", row);
        // The list never shows the secret.
        Assert.DoesNotContain(lines[^1].Trim(), listed.Stdout, StringComparison.Ordinal);

        var revoked = await Verbs.RunAsync(env, "tokens", "revoke", id);
        Assert.True(revoked.ExitCode == 0, revoked.Stderr);
        Assert.DoesNotContain(id, (await Verbs.RunAsync(env, "tokens", "list")).Stdout, StringComparison.Ordinal);

        var again = await Verbs.RunAsync(env, "tokens", "revoke", id);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"error: No token {id}.", again.Stderr.Trim());
    }

    [Fact]
    public async Task Wrong_input_is_one_line_and_creates_nothing()
    {
        var env = Env(Db.Sqlite, migrated: true);
        Assert.Equal(0, (await Verbs.RunAsync(env, "users", "create", "--username", "bob", "--email", "bob@example.test", "--password", TestAccounts.Password)).ExitCode);

        foreach (var (args, message) in new (string[], string)[]
        {
            (["--user", "bob", "--scope", "admin"], "error: --scope is read or write, not 'admin'."),
            (["--user", "bob", "--scope", "read", "--expires", "0"], "error: --expires takes a number of days from 1 to 3650."),
            (["--user", "bob", "--scope", "read", "--name", new string('n', 101)], "error: A token's name has at most 100 characters."),
            (["--user", "nobody", "--scope", "read"], "error: No user named 'nobody'."),
        })
        {
            var run = await Verbs.RunAsync(env, ["tokens", "create", .. args]);
            Assert.Equal(1, run.ExitCode);
            Assert.Equal(message, run.Stderr.Trim());
        }

        Assert.Equal(1, (await Verbs.RunAsync(env, "tokens", "revoke", "not-an-id")).ExitCode);
        var listed = await Verbs.RunAsync(env, "tokens", "list");
        Assert.Single(listed.Stdout.Trim().Split('\n'));

        var help = await Verbs.RunAsync(env, "tokens", "create", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--scope", help.Stdout, StringComparison.Ordinal);
    }
}
