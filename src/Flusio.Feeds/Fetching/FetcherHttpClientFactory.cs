using System.Net;
using System.Net.Http;

namespace Flusio.Feeds.Fetching;

/// <summary>
/// Builds the one HTTP client of the feed engine. Redirects are not followed by the handler: the
/// fetcher follows them itself to count hops, detect loops and notice permanent moves, while the
/// guarded connect callback vets the address of every connection, redirect targets included.
/// </summary>
public static class FetcherHttpClientFactory
{
    public static HttpClient Create(FetcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connector = new GuardedConnector(options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
            UseCookies = false,
            // A proxy would be dialled instead of the vetted address and defeat the guard.
            UseProxy = false,
            ConnectCallback = connector.ConnectAsync,
            ConnectTimeout = options.ConnectTimeout + TimeSpan.FromSeconds(1),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            MaxResponseHeadersLength = 64,
        };
        var client = new HttpClient(handler, disposeHandler: true)
        {
            // The fetcher applies its own total timeout, so it can tell it apart from cancellation.
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = options.MaxBodyBytes,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        return client;
    }
}
