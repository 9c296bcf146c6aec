using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flusio.Feeds.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flusio.Feeds.Tests.Fetching;

/// <summary>A real Kestrel server on 127.0.0.1 and a random port, answering with one handler.</summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int Port => BaseUrl.Port;

    /// <summary>Every request received: path and query, with the request headers.</summary>
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public static async Task<LocalServer> StartAsync(RequestDelegate handler, X509Certificate2? httpsCertificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (httpsCertificate is not null)
            {
                listen.UseHttps(httpsCertificate);
            }
        }));
        var app = builder.Build();
        LocalServer? server = null;
        app.Run(async context =>
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            server!.Requests.Enqueue(new ReceivedRequest(context.Request.Path + context.Request.QueryString, headers));
            await handler(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LocalServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        return server;
    }

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    /// <summary>A certificate no one trusts, for a TLS server that must be refused.</summary>
    public static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel needs the private key in a form the platform's TLS can load.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(string PathAndQuery, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Fetcher options for tests: only loopback traffic, ever. The timeouts are catastrophe bounds,
/// far above what a local answer takes on a loaded machine; tests of the timeouts set their own.
/// </summary>
public static class TestFetchers
{
    /// <summary>A stand-in public address (TEST-NET-3): the guard lets it through.</summary>
    public static readonly IPAddress PublicStandIn = IPAddress.Parse("203.0.113.10");

    /// <summary>
    /// Guard lifted: every name resolves to loopback, and the dialler refuses anything else,
    /// so even a test with the guard off never leaves the machine.
    /// </summary>
    public static FetcherOptions Private() => new()
    {
        AllowPrivateNetworks = true,
        BaseUrl = new Uri("https://flusio.test/"),
        TotalTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        Resolver = (_, _) => ValueTask.FromResult(new[] { IPAddress.Loopback }),
        Dialer = (endpoint, ct) => IPAddress.IsLoopback(endpoint.Address)
            ? GuardedConnector.DialTcpAsync(endpoint, ct)
            : throw new InvalidOperationException($"a test tried to dial {endpoint}"),
    };

    /// <summary>
    /// Guard on. Every name resolves to <see cref="PublicStandIn"/> unless <paramref name="names"/>
    /// says otherwise (a name may have several addresses), and the dialler maps the vetted stand-in
    /// to the local server, so the guard judges the real resolved addresses while the bytes go to
    /// loopback. <paramref name="resolved"/> records the names the resolver was asked for.
    /// </summary>
    public static FetcherOptions Guarded(
        LocalServer server,
        IReadOnlyDictionary<string, IPAddress[]>? names = null,
        ConcurrentQueue<IPEndPoint>? dialled = null,
        ConcurrentQueue<string>? resolved = null) =>
        new()
        {
            BaseUrl = new Uri("https://flusio.test/"),
            TotalTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            Resolver = (host, _) =>
            {
                resolved?.Enqueue(host);
                return ValueTask.FromResult(names?.GetValueOrDefault(host) ?? [PublicStandIn]);
            },
            Dialer = (endpoint, ct) =>
            {
                dialled?.Enqueue(endpoint);
                if (!endpoint.Address.Equals(PublicStandIn))
                {
                    throw new InvalidOperationException($"a test tried to dial {endpoint}");
                }

                return GuardedConnector.DialTcpAsync(new IPEndPoint(IPAddress.Loopback, server.Port), ct);
            },
        };
}
