using System.Security.Cryptography;
using System.Text;

namespace Flusio.Web.Links;

/// <summary>
/// The identity of a URL for deduplication: scheme and host in lower case, default port and
/// fragment dropped, then the first 128 bits of its SHA-256 in hex. Path and query keep
/// their case: servers tell them apart.
/// </summary>
public static class UrlHash
{
    public static string Of(string url) => Hash(Normalise(url));

    public static string Normalise(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return url.Trim();
        }

        var builder = new UriBuilder(uri) { Fragment = "" };
        if (uri.IsDefaultPort)
        {
            builder.Port = -1;
        }

        builder.Scheme = uri.Scheme.ToLowerInvariant();
        builder.Host = uri.IdnHost.ToLowerInvariant();
        return builder.Uri.AbsoluteUri;
    }

    /// <summary>128 bits of SHA-256 of <paramref name="text"/>, in lower-case hex (32 characters).</summary>
    public static string Hash(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
