using System.Net;
using System.Net.Sockets;

namespace Flusio.Tests.Infrastructure;

public static class Ports
{
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A loopback port free right now (the OS picks it), never one this run handed out
    /// before: two servers of the run were once given the same port (the first still
    /// starting when the second asked), and a test then talked to the other server. A race
    /// with another process is still possible, but rare.
    /// </summary>
    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (Given)
            {
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
