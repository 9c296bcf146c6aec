using System.Net;
using System.Net.Sockets;

namespace Flusio.Feeds.Fetching;

/// <summary>
/// Decides whether an address is on the public internet. URLs submitted by users are fetched only
/// from public addresses, so that nobody can make the server reach its own loopback, the local
/// network or a cloud metadata service (169.254.169.254). IPv6 forms that embed an IPv4 address
/// (mapped, translated, compatible, NAT64, 6to4) are judged by the embedded address.
/// Documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24) count as public: they are not
/// routed anywhere, and tests rely on them as stand-ins for public servers.
/// </summary>
public static class PublicAddressGuard
{
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address.GetAddressBytes()),
            _ => false,
        };
    }

    private static bool IsPublicV4(ReadOnlySpan<byte> b) => !(
        b[0] == 0                                   // 0.0.0.0/8 "this network", unspecified
        || b[0] == 10                               // 10/8 private
        || (b[0] == 100 && (b[1] & 0xC0) == 64)     // 100.64/10 carrier-grade NAT
        || b[0] == 127                              // loopback
        || (b[0] == 169 && b[1] == 254)             // link-local, cloud metadata
        || (b[0] == 172 && (b[1] & 0xF0) == 16)     // 172.16/12 private
        || (b[0] == 192 && b[1] == 0 && b[2] == 0)  // 192.0.0/24 protocol assignments
        || (b[0] == 192 && b[1] == 88 && b[2] == 99) // 192.88.99/24 6to4 relay anycast (deprecated, routes anywhere)
        || (b[0] == 192 && b[1] == 168)             // 192.168/16 private
        || (b[0] == 198 && (b[1] & 0xFE) == 18)     // 198.18/15 benchmarking
        || b[0] >= 224);                            // multicast, reserved, broadcast

    private static bool IsPublicV6(ReadOnlySpan<byte> b)
    {
        if (b[..10].IndexOfAnyExcept((byte)0) < 0)
        {
            // ::/96 (unspecified, loopback, IPv4-compatible) and ::ffff:0:0/96 (IPv4-mapped).
            var mapped = b[10] == 0xFF && b[11] == 0xFF;
            var compatible = b[10] == 0 && b[11] == 0;
            if (compatible && b[12..15].IndexOfAnyExcept((byte)0) < 0)
            {
                return false; // :: and ::1, and the rest of ::/120, which holds no IPv4 host
            }

            return (mapped || compatible) && IsPublicV4(b[12..]);
        }

        if (b[..8].IndexOfAnyExcept((byte)0) < 0 && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0)
        {
            return IsPublicV4(b[12..]); // ::ffff:0:0/96 IPv4-translated (SIIT): ::ffff:0:a9fe:a9fe is 169.254.169.254
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)
        {
            // 64:ff9b::/96 well-known NAT64 judged by its IPv4; 64:ff9b:1::/48 is for local use.
            return b[4..12].IndexOfAnyExcept((byte)0) < 0 && IsPublicV4(b[12..]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublicV4(b[2..6]); // 6to4 2002::/16 carries an IPv4 address
        }

        return !(
            (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)          // Teredo 2001::/32
            || (b[0] == 0x01 && b[1] == 0 && b[2..8].IndexOfAnyExcept((byte)0) < 0) // 100::/64 discard
            || (b[0] & 0xFE) == 0xFC                                            // fc00::/7 unique local
            || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)                          // fe80::/10 link-local
            || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)                          // fec0::/10 old site-local
            || b[0] == 0xFF);                                                   // multicast
    }
}
