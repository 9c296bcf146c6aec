using System.Diagnostics;
using System.Text;

namespace Flusio.Tests.Infrastructure;

/// <summary>Runs the real executable (`dotnet Flusio.Web.dll VERB ...`) with its own environment.</summary>
public sealed partial class FlusioProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();

    private readonly string? ownFolder;

    private FlusioProcess(IDictionary<string, string?> environment, string workingDirectory, string[] args, bool ownsFolder = false)
    {
        ownFolder = ownsFolder ? workingDirectory : null;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A clean slate: nothing of the test runner's Flusio settings leaks in.
        foreach (var key in ClearedSettings)
        {
            start.Environment.Remove(key);
        }

        start.Environment["WORKER_IN_PROCESS"] = "false";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The settings of the test runner's environment that a verb run never sees.</summary>
    public static IReadOnlyList<string> ClearedSettings { get; } = ["DATABASE_URL", "DATA_PATH", "SMTP_HOST", "REGISTRATION", "LOG_FORMAT", "BASE_URL", "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "MEDIA_STORAGE_URL", "MEDIA_S3_ACCESS_KEY", "MEDIA_S3_SECRET_KEY"];

    public string Stdout { get { lock (stdout) { return stdout.ToString(); } } }

    public string Stderr { get { lock (stderr) { return stderr.ToString(); } } }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static FlusioProcess Start(IDictionary<string, string?> environment, params string[] args) =>
        new(environment, Directory.CreateTempSubdirectory("flusio-cwd-").FullName, args, ownsFolder: true);

    public static FlusioProcess StartIn(string workingDirectory, IDictionary<string, string?> environment, params string[] args) =>
        new(environment, workingDirectory, args);

    /// <summary>Runs a verb to completion.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IDictionary<string, string?> environment, params string[] args)
    {
        using var p = Start(environment, args);
        await p.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (p.ExitCode, p.Stdout, p.Stderr);
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"flusio did not exit within {timeout}: {Stdout}\n{Stderr}");
        }

        process.WaitForExit(); // flush the output events
    }

    /// <summary>Polls <paramref name="url"/> until it answers (the server is up) or the process dies.</summary>
    public async Task WaitForHttpAsync(string url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"flusio exited with {process.ExitCode}: {Stdout}\n{Stderr}");
            }

            try
            {
                using var response = await http.GetAsync(url);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"{url} did not answer within {timeout}: {Stdout}\n{Stderr}");
    }

    /// <summary>Sends SIGTERM, as systemd does on stop.</summary>
    public void Terminate()
    {
        if (Kill(process.Id, 15) != 0)
        {
            throw new InvalidOperationException("kill(SIGTERM) failed");
        }
    }

    /// <summary>Sends SIGKILL: the process ends at once, with nothing cleaned up (a crash, the OOM killer).</summary>
    public void KillHard()
    {
        if (Kill(process.Id, 9) != 0)
        {
            throw new InvalidOperationException("kill(SIGKILL) failed");
        }

        process.WaitForExit();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
        if (ownFolder is not null)
        {
            try
            {
                Directory.Delete(ownFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open for a moment: the folder is left, nothing else.
            }
        }
    }
}
