using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Cli;

/// <summary>A verb that cannot do what it is asked says why in one line and exits non-zero.</summary>
public sealed class VerbErrorTests : CommandTestBase
{
    [Fact]
    public async Task Bad_arguments_exit_non_zero_with_one_clear_line()
    {
        var env = Env(Db.Sqlite, migrated: true);

        var weak = await Verbs.RunAsync(env, "users", "create", "--username", "bob", "--email", "bob@example.test", "--password", "short");
        Assert.Equal(1, weak.ExitCode);
        Assert.Equal("error: The password must be at least 8 characters long.", weak.Stderr.Trim());

        var common = await Verbs.RunAsync(env, "users", "create", "--username", "carol", "--email", "carol@example.test", "--password", "password123");
        Assert.Equal(1, common.ExitCode);
        Assert.StartsWith("error: This password is too easy to guess", common.Stderr.Trim(), StringComparison.Ordinal);

        var named = await Verbs.RunAsync(env, "users", "create", "--username", "dave", "--email", "x <dave@example.test>", "--password", "correct horse battery");
        Assert.Equal(1, named.ExitCode);
        Assert.Equal("error: 'x <dave@example.test>' is not a valid e-mail address.", named.Stderr.Trim());

        // The real executable: its exit code and the one line on its standard error.
        var missing = await FlusioProcess.RunAsync(env, "users", "promote", "nobody");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("error: No user named 'nobody'.", missing.Stderr.Trim());

        var unknown = await FlusioProcess.RunAsync(env, "users", "explode");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("explode", unknown.Stderr, StringComparison.Ordinal);
    }
}
