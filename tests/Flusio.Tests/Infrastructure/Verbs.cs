using Flusio.Web.Cli;

namespace Flusio.Tests.Infrastructure;

/// <summary>
/// Runs a verb in the test's own process: the executable's command tree, hosts and settings, with
/// its output captured, and no process start (each costs about 1.7 CPU-seconds). What only a real
/// process shows (exit codes of a crash, signals, the console's bytes) stays with <see cref="FlusioProcess"/>.
/// </summary>
public static class Verbs
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IDictionary<string, string?> environment, params string[] args)
    {
        // The same clean slate as a process gets: the runner's own settings do not leak in.
        var settings = FlusioProcess.ClearedSettings.ToDictionary(key => key, _ => (string?)null, StringComparer.OrdinalIgnoreCase);
        settings["WORKER_IN_PROCESS"] = "false";
        foreach (var (key, value) in environment)
        {
            settings[key] = value;
        }

        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var exitCode = await FlusioCommands.RunAsync(args, new CommandContext(output, error, settings));
        return (exitCode, output.ToString(), error.ToString());
    }
}
