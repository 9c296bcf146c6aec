using System.Net;
using System.Net.Sockets;

namespace Flusio.Tests.Infrastructure;

public static class Ports
{
    /// <summary>A loopback port free right now (the OS picks it; a race with another process is possible but rare).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
