using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Flusio.Tests.Infrastructure;

/// <summary>nginx on the guide's site file, in a folder of its own, stopped on dispose.</summary>
public sealed class NginxSite : IDisposable
{
    public const string ServerName = "flusio.example.org";

    private readonly Process process;
    private readonly string folder;

    private NginxSite(Process process, string folder, int httpPort, int httpsPort)
    {
        this.process = process;
        this.folder = folder;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
    }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    /// <summary>
    /// Starts nginx on the site file with its ports and paths changed, its upstream listing
    /// <paramref name="appPorts"/>, one <c>server</c> line each, as docs/deployment.md says to
    /// list several web processes.
    /// </summary>
    public static NginxSite Start(params int[] appPorts)
    {
        var folder = Directory.CreateTempSubdirectory("flusio-nginx-").FullName;
        var (http, https) = (Ports.Free(), Ports.Free());
        WriteCertificate(folder);
        var repository = Repository.Top;
        var site = File.ReadAllText(Path.Combine(repository, "deploy", "nginx", "flusio.conf"))
            .Replace("listen 80;", $"listen 127.0.0.1:{http};", StringComparison.Ordinal)
            .Replace("listen [::]:80;", $"listen [::1]:{http};", StringComparison.Ordinal)
            .Replace("listen 443 ssl http2;", $"listen 127.0.0.1:{https} ssl http2;", StringComparison.Ordinal)
            .Replace("listen [::]:443 ssl http2;", $"listen [::1]:{https} ssl http2;", StringComparison.Ordinal)
            .Replace("    server 127.0.0.1:8000;\n", string.Concat(appPorts.Select(port => $"    server 127.0.0.1:{port};\n")), StringComparison.Ordinal)
            .Replace($"/etc/letsencrypt/live/{ServerName}", folder, StringComparison.Ordinal)
            .Replace("/opt/flusio/app/wwwroot", Path.Combine(repository, "wwwroot"), StringComparison.Ordinal);
        // Each change must have found its line: a rewritten guide that this test no longer matches fails here.
        Assert.Contains($"127.0.0.1:{http};", site, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{https} ssl", site, StringComparison.Ordinal);
        Assert.All(appPorts, port => Assert.Contains($"    server 127.0.0.1:{port};\n", site, StringComparison.Ordinal));
        Assert.Contains(folder + "/fullchain.pem", site, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(repository, "wwwroot"), site, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "site.conf"), site);
        // What /etc/nginx/nginx.conf gives a site on Debian, in this folder.
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log;
            events { worker_connections 128; }
            http {
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/site.conf;
            }
            """);
        var start = new ProcessStartInfo(Flusio.Tests.Operations.NginxFactAttribute.Binary!)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var nginx = new NginxSite(process, folder, http, https);
        nginx.WaitUntilListening();
        return nginx;
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited {process.ExitCode}: {process.StandardError.ReadToEnd()} {ReadLog()}");
            }

            try
            {
                using var socket = new TcpClient();
                socket.Connect(IPAddress.Loopback, HttpsPort);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException("nginx did not listen within 20 s: " + ReadLog());
    }

    private string ReadLog()
    {
        var log = Path.Combine(folder, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    /// <summary>A client for https://flusio.example.org (or http), connecting to this nginx from <paramref name="source"/>.</summary>
    public HttpClient Client(bool https = true, IPAddress? source = null)
    {
        var port = https ? HttpsPort : HttpPort;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source ?? IPAddress.Loopback, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.Subject.Contains(ServerName, StringComparison.Ordinal);
        var scheme = https ? "https" : "http";
        var portPart = https ? $":{port}" : "";
        return new HttpClient(handler) { BaseAddress = new Uri($"{scheme}://{ServerName}{portPart}") };
    }

    private static void WriteCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={ServerName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ServerName);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(Path.Combine(folder, "fullchain.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "privkey.pem"), key.ExportPkcs8PrivateKeyPem());
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
            // A log still open for a moment: a temp folder left behind is harmless.
        }
    }
}
