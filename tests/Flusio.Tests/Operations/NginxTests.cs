using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Operations;

/// <summary>
/// The deployment guide's nginx site (deploy/nginx/flusio.conf) in front of the app on a real
/// port, with only its ports and paths changed: TLS, the redirect from HTTP, static files with
/// their cache headers, secure cookies through X-Forwarded-Proto, and the client's address
/// (not nginx's) judged by /metrics, with a forged X-Forwarded-For of no use.
/// </summary>
public sealed class NginxTests
{
    private const string ServerName = "flusio.example.org";

    [NginxFact]
    public async Task The_guides_site_file_serves_the_app_over_tls()
    {
        await using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?>
        {
            ["BASE_URL"] = $"https://{ServerName}",
            ["METRICS_ALLOWED_NETWORKS"] = "127.0.0.1/32",
        }, kestrel: true);
        var user = await app.CreateUserAsync();
        using var nginx = NginxSite.Start(new Uri(app.BaseUrl).Port);

        // Plain HTTP is sent to HTTPS.
        using (var plain = nginx.Client(https: false))
        {
            using var redirect = await plain.GetAsync("/login");
            Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
            Assert.Equal($"https://{ServerName}/login", redirect.Headers.Location?.OriginalString);
        }

        using var client = nginx.Client();
        using var browser = new TestBrowser(client);
        var login = await browser.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.NotNull(login.AntiforgeryToken);
        // The app sees https through X-Forwarded-Proto: its cookies are secure, HSTS is sent.
        var cookies = login.Response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.True(login.Response.Headers.Contains("Strict-Transport-Security"));

        var signedIn = await browser.LoginAsync(user.UserName!);
        Assert.True(signedIn.IsRedirectTo("/news"), $"{signedIn.Status} {signedIn.Location}");
        var session = signedIn.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("flusio_auth=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        var news = await browser.GetAsync("/news");
        Assert.Equal(HttpStatusCode.OK, news.Status);
        Assert.Contains(user.UserName!, news.Html, StringComparison.Ordinal);

        // Static files come from the published wwwroot through nginx: a year when versioned, an hour when not.
        var stylesheet = StylesheetPath(login.Html);
        using (var versioned = await client.GetAsync(stylesheet))
        {
            Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", versioned.Headers.CacheControl?.ToString());
            Assert.Equal("text/css", versioned.Content.Headers.ContentType?.MediaType);
        }

        using (var unversioned = await client.GetAsync(stylesheet.Split('?')[0]))
        {
            Assert.Equal(HttpStatusCode.OK, unversioned.StatusCode);
            Assert.Equal("public, max-age=3600", unversioned.Headers.CacheControl?.ToString());
        }

        using (var ready = await client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // /metrics: allowed from 127.0.0.1 only. nginx itself connects from 127.0.0.1 (a
        // trusted proxy); the app must judge the client nginx forwards, not nginx.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
        using var elsewhere = nginx.Client(source: IPAddress.Parse("127.0.0.2"));
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.GetAsync("/metrics")).StatusCode);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forged.Headers.Add("X-Forwarded-For", "127.0.0.1");
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.SendAsync(forged)).StatusCode);
    }

    private static string StylesheetPath(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, @"<link[^>]+href=""(/css/[^""]+\?v=[^""]+)""");
        Assert.True(match.Success, "the page links no versioned stylesheet");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>nginx on the guide's site file, in a folder of its own, stopped on dispose.</summary>
    private sealed class NginxSite : IDisposable
    {
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

        public static NginxSite Start(int appPort)
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
                .Replace("127.0.0.1:8000", $"127.0.0.1:{appPort}", StringComparison.Ordinal)
                .Replace($"/etc/letsencrypt/live/{ServerName}", folder, StringComparison.Ordinal)
                .Replace("/opt/flusio/app/wwwroot", Path.Combine(repository, "wwwroot"), StringComparison.Ordinal);
            // Each change must have found its line: a rewritten guide that this test no longer matches fails here.
            Assert.Contains($"127.0.0.1:{http};", site, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{https} ssl", site, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{appPort};", site, StringComparison.Ordinal);
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
            var start = new ProcessStartInfo(NginxFactAttribute.Binary!)
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
}

/// <summary>
/// A test that needs nginx: skipped with the reason when it is missing, unless
/// FLUSIO_REQUIRE_NGINX=1 (CI), where it runs and fails plainly.
/// </summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (Binary is null && Environment.GetEnvironmentVariable("FLUSIO_REQUIRE_NGINX") != "1")
        {
            Skip = "nginx not found (/usr/sbin/nginx): apt-get install nginx";
        }
    }

    public static string? Binary { get; } = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists) ?? (Environment.GetEnvironmentVariable("FLUSIO_REQUIRE_NGINX") == "1" ? "/usr/sbin/nginx" : null);
}
