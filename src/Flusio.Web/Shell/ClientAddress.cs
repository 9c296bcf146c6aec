using System.Net;
using System.Net.Sockets;

namespace Flusio.Web.Shell;

/// <summary>The client's address in the two forms the app keeps: masked for people, grouped for limits.</summary>
public static class ClientAddress
{
    /// <summary>203.0.113.42 → 203.0.113.x; 2001:db8:1:2::5 → 2001:db8:1::x. Enough to recognise, not to track.</summary>
    public static string Mask(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.x";
        }

        return $"{bytes[0] << 8 | bytes[1]:x}:{bytes[2] << 8 | bytes[3]:x}:{bytes[4] << 8 | bytes[5]:x}::x";
    }

    /// <summary>
    /// The key that rate limits and throttles count by: the IPv4 address, or the IPv6 /64
    /// (one subscriber usually holds a whole /64, so counting single addresses is no limit).
    /// </summary>
    public static string LimitKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
