using System.Diagnostics;

namespace Flusio.Tests.Infrastructure;

/// <summary>Runs a program of the machine (pg_dump, fail2ban-regex, systemd-analyze) to its end, with its output.</summary>
public static class ExternalTool
{
    public static async Task<(int Code, string Output, string Errors)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output, await errors);
    }
}
