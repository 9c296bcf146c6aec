using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Flusio.Tests.Infrastructure;

/// <summary>
/// A real S3-compatible server on loopback: the npm package s3rver (tests/tools/s3rver, installed
/// there by `npm ci`), on a free port, in a temporary folder, with one bucket made at start.
/// Its keys are s3rver's own (S3RVER / S3RVER).
/// </summary>
public sealed class S3Server : IDisposable
{
    public const string Bucket = "flusio-media";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process process;
    private readonly string folder;

    private S3Server(Process process, string folder, int port)
    {
        this.process = process;
        this.folder = folder;
        Port = port;
    }

    /// <summary>s3rver's script, when it is installed.</summary>
    public static string? Script { get; } = File.Exists(ScriptPath) ? ScriptPath : null;

    public static bool Required => Environment.GetEnvironmentVariable("FLUSIO_REQUIRE_S3") == "1";

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>The settings that put an app's media in this server's bucket.</summary>
    public Dictionary<string, string?> Settings(string bucket = Bucket) => new()
    {
        ["MEDIA_STORAGE_URL"] = $"s3://{bucket}?endpoint={Endpoint}&region=us-east-1&path_style=true",
        ["MEDIA_S3_ACCESS_KEY"] = AccessKey,
        ["MEDIA_S3_SECRET_KEY"] = SecretKey,
    };

    /// <summary>The bucket's objects as s3rver keeps them on disk: the truth, read without the S3 protocol.</summary>
    public IReadOnlyList<string> StoredKeys(string bucket = Bucket)
    {
        var root = Path.Combine(folder, bucket);
        return !Directory.Exists(root) ? [] : [.. Directory.EnumerateFiles(root, "*._S3rver_object", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f)[..^"._S3rver_object".Length].Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Makes an object look written <paramref name="age"/> ago (s3rver reads its last-modified time from the file).</summary>
    public void Age(string key, TimeSpan age, string bucket = Bucket) =>
        File.SetLastWriteTimeUtc(Path.Combine(folder, bucket, key + "._S3rver_object"), DateTime.UtcNow - age);

    private static string ScriptPath => Repository.PathOf("tests/tools/s3rver/node_modules/s3rver/bin/s3rver.js");

    public static S3Server Start()
    {
        var script = Script ?? throw new InvalidOperationException(S3FactAttribute.Missing);
        var folder = Directory.CreateTempSubdirectory("flusio-s3-").FullName;
        var port = Ports.Free();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { script, "--directory", folder, "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", Bucket })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var server = new S3Server(process, folder, port);
        server.WaitUntilListening();
        return server;
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited {process.ExitCode}: {process.StandardError.ReadToEnd()}");
            }

            try
            {
                using var socket = new TcpClient();
                socket.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException("s3rver did not listen within 30 s");
    }

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open for a moment: a temp folder left behind is harmless.
        }
    }
}

/// <summary>
/// A test that needs s3rver: skipped with the reason when it is not installed, unless
/// FLUSIO_REQUIRE_S3=1 (CI), where it runs and fails plainly.
/// </summary>
public sealed class S3FactAttribute : FactAttribute
{
    public const string Missing = "s3rver not installed: cd tests/tools/s3rver && npm ci";

    public S3FactAttribute()
    {
        if (S3Server.Script is null && !S3Server.Required)
        {
            Skip = Missing;
        }
    }
}

/// <summary>A theory that needs s3rver (see <see cref="S3FactAttribute"/>), e.g. on both databases.</summary>
public sealed class S3TheoryAttribute : TheoryAttribute
{
    public S3TheoryAttribute()
    {
        if (S3Server.Script is null && !S3Server.Required)
        {
            Skip = S3FactAttribute.Missing;
        }
    }
}
