using System.Net;

namespace Flusio.Feeds.Fetching;

/// <summary>Settings of the one HTTP client the feed engine uses. Defaults are the production ones.</summary>
public sealed record FetcherOptions
{
    /// <summary>Public address of the instance, announced in the User-Agent so admins can reach us.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Lifts the <see cref="PublicAddressGuard"/> (FETCH_ALLOW_PRIVATE_NETWORKS).</summary>
    public bool AllowPrivateNetworks { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whole fetch: every redirect hop and the body included.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Body cap, counted after decompression (<see cref="FeedLimits.MaxBodyBytes"/>).</summary>
    public long MaxBodyBytes { get; init; } = FeedLimits.MaxBodyBytes;

    public int MaxRedirects { get; init; } = 5;

    public int MaxConnectionsPerServer { get; init; } = 4;

    /// <summary>Name resolution; replaced in tests so that names map to chosen addresses.</summary>
    public Func<string, CancellationToken, ValueTask<IPAddress[]>> Resolver { get; init; } = ResolveWithDnsAsync;

    /// <summary>
    /// Opens a connection to an endpoint the guard has already vetted. Production uses a plain TCP
    /// socket; tests map a vetted documentation address to their loopback server, so that the real
    /// guard runs on the real address while only loopback traffic flows.
    /// </summary>
    public Func<IPEndPoint, CancellationToken, ValueTask<Stream>> Dialer { get; init; } = GuardedConnector.DialTcpAsync;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string UserAgent => BaseUrl is null
        ? $"Flusio/{FeedEngine.Version}"
        : $"Flusio/{FeedEngine.Version} (+{BaseUrl})";

    private static async ValueTask<IPAddress[]> ResolveWithDnsAsync(string host, CancellationToken cancellationToken) =>
        await Dns.GetHostAddressesAsync(host, cancellationToken);
}
