using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Flusio.Feeds.Fetching;

/// <summary>
/// The ConnectCallback of the fetcher's handler: resolves the name once, vets every address with
/// the <see cref="PublicAddressGuard"/>, then dials the vetted address itself. Because the socket is
/// opened on the address that was checked, a second resolution (DNS rebinding) cannot sneak a
/// private address in. Runs for every new connection, redirects included.
/// </summary>
internal sealed class GuardedConnector(FetcherOptions options)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            var host = context.DnsEndPoint.Host;
            var addresses = await ResolveAsync(host, timeout.Token);
            if (!options.AllowPrivateNetworks)
            {
                foreach (var address in addresses)
                {
                    if (!PublicAddressGuard.IsPublic(address))
                    {
                        throw new FetchException(FetchErrorKind.RefusedAddress, $"{host} resolves to {address}");
                    }
                }
            }

            return await DialAnyAsync(addresses, context.DnsEndPoint.Port, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchException(FetchErrorKind.Timeout, $"connecting to {context.DnsEndPoint.Host} took too long");
        }
    }

    /// <summary>The default dialer: a TCP socket with Nagle off.</summary>
    public static async ValueTask<Stream> DialTcpAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        // "localhost." and "127.0.0.1." are the same names as without the final dot (the root of
        // DNS): they are judged, and resolved, as such.
        host = host.TrimEnd('.');
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
        {
            return [address];
        }

        IPAddress[] addresses;
        try
        {
            addresses = await options.Resolver(host, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new FetchException(FetchErrorKind.Dns, $"{host}: {e.SocketErrorCode}", e);
        }

        return addresses.Length > 0
            ? addresses
            : throw new FetchException(FetchErrorKind.Dns, $"{host} has no address");
    }

    private async ValueTask<Stream> DialAnyAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await options.Dialer(new IPEndPoint(address, port), cancellationToken);
            }
            catch (SocketException e)
            {
                last = e;
            }
        }

        throw new FetchException(FetchErrorKind.Connection, last?.Message, last);
    }
}
