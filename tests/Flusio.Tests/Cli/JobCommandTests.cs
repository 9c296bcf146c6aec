using System.Text.Json;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Cli;

/// <summary>`jobs list|retry|unlock`.</summary>
public sealed class JobCommandTests : CommandTestBase
{
    [Fact]
    public async Task Jobs_are_listed_retried_and_unlocked_from_the_shell()
    {
        var env = Env(Db.Sqlite, migrated: true);
        long failedId, runningId;
        await using (var db = TestDatabases.Context(Db.Sqlite, Flusio.Web.Data.DatabaseSetup.SqliteConnectionString(DataPath)))
        {
            var now = DateTimeOffset.UtcNow;
            var failed = new Flusio.Web.Jobs.Job { Name = "account-mail", Arguments = "{}", RunAt = now, Attempts = 8, MaxAttempts = 8, FailedAt = now, LastError = "SmtpException: the mail server is down", CreatedAt = now };
            var running = new Flusio.Web.Jobs.Job { Name = "account-mail", Arguments = "{}", RunAt = now, Attempts = 1, MaxAttempts = 8, LeaseOwner = "dead:1", LeaseExpiresAt = now.AddMinutes(5), CreatedAt = now };
            db.AddRange(failed, running);
            await db.SaveChangesAsync();
            (failedId, runningId) = (failed.Id, running.Id);
        }

        var stats = await Verbs.RunAsync(env, "jobs", "stats");
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        Assert.Matches(@"(?m)^account-mail\s+0\s+1\s+1\s*$", stats.Stdout);
        Assert.Matches(@"(?m)^total\s+\d+\s+1\s+1\s*$", stats.Stdout);

        var listed = await Verbs.RunAsync(env, "jobs", "list", "--failed");
        Assert.Equal(0, listed.ExitCode);
        var line = Assert.Single(listed.Stdout.Split('\n'), l => l.StartsWith($"{failedId} ", StringComparison.Ordinal));
        Assert.Matches(@"account-mail\s+default\s+failed\s+8/8 .* SmtpException: the mail server is down", line);
        Assert.DoesNotContain(listed.Stdout.Split('\n'), l => l.StartsWith($"{runningId} ", StringComparison.Ordinal));
        Assert.Contains(" running ", (await Verbs.RunAsync(env, "jobs", "list")).Stdout, StringComparison.Ordinal);

        var retried = await Verbs.RunAsync(env, "jobs", "retry", failedId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, retried.ExitCode);
        Assert.Contains($"Job {failedId} will run again now.", retried.Stdout, StringComparison.Ordinal);
        var unlocked = await Verbs.RunAsync(env, "jobs", "unlock", runningId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, unlocked.ExitCode);
        var after = (await Verbs.RunAsync(env, "jobs", "list")).Stdout;
        Assert.DoesNotContain(" failed ", after, StringComparison.Ordinal);
        Assert.DoesNotContain(" running ", after, StringComparison.Ordinal);

        var missing = await Verbs.RunAsync(env, "jobs", "retry", "999999");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("error: No job 999999.", missing.Stderr.Trim());
        Assert.Equal("error: No running job 999999.", (await Verbs.RunAsync(env, "jobs", "unlock", "999999")).Stderr.Trim());
    }
}
