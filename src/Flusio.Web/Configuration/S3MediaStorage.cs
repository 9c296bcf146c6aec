using System.Globalization;

namespace Flusio.Web.Configuration;

/// <summary>
/// An S3-compatible bucket for media files, read from <c>MEDIA_STORAGE_URL</c>
/// (<c>s3://bucket[/prefix]?endpoint=…&amp;region=…&amp;path_style=…</c>) and the keys
/// <c>MEDIA_S3_ACCESS_KEY</c>, <c>MEDIA_S3_SECRET_KEY</c>. Without an endpoint it is Amazon S3 itself.
/// </summary>
public sealed record S3MediaStorage(string Bucket, string Prefix, Uri? Endpoint, string Region, bool PathStyle, string AccessKey, string SecretKey)
{
    private const string Shape = "MEDIA_STORAGE_URL must look like s3://bucket?endpoint=https://s3.example.org&region=us-east-1&path_style=true (or be unset for the local folder)";

    /// <summary>The bucket's settings, null when <paramref name="url"/> is unset (the local folder); a bad value throws a message naming its variable.</summary>
    public static S3MediaStorage? Parse(string? url, string? accessKey, string? secretKey)
    {
        if (url is null)
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ConfigurationException($"{Shape}, not '{url}'.");
        }

        if (uri.Scheme != "s3")
        {
            throw new ConfigurationException($"MEDIA_STORAGE_URL has an unknown scheme '{uri.Scheme}': only s3:// is known (unset for the local folder).");
        }

        // The bucket is the URL's host: lower case letters, digits, dots and hyphens, 3 to 63 of them.
        var bucket = uri.Host;
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-') || !string.IsNullOrEmpty(uri.UserInfo) || !uri.IsDefaultPort)
        {
            throw new ConfigurationException($"MEDIA_STORAGE_URL needs a bucket name (3 to 63 lower-case letters, digits, dots or hyphens) after s3://, not '{url}'.");
        }

        var prefix = uri.AbsolutePath.Trim('/');
        Uri? endpoint = null;
        var region = "us-east-1";
        var pathStyle = false;
        foreach (var part in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = equals < 0 ? (part, "") : (part[..equals], Uri.UnescapeDataString(part[(equals + 1)..]));
            switch (key)
            {
                case "endpoint" when Uri.TryCreate(value, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https":
                    endpoint = parsed;
                    break;
                case "endpoint":
                    throw new ConfigurationException($"MEDIA_STORAGE_URL's endpoint must be an absolute http(s) URL, not '{value}'.");
                case "region" when value.Length > 0:
                    region = value;
                    break;
                case "path_style" when bool.TryParse(value, out var style):
                    pathStyle = style;
                    break;
                case "region" or "path_style":
                    throw new ConfigurationException($"MEDIA_STORAGE_URL's {key} cannot be '{value}'.");
                default:
                    throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture, $"MEDIA_STORAGE_URL has an unknown parameter '{key}' (known: endpoint, region, path_style)."));
            }
        }

        if (accessKey is null || secretKey is null)
        {
            throw new ConfigurationException("MEDIA_S3_ACCESS_KEY and MEDIA_S3_SECRET_KEY must be set when MEDIA_STORAGE_URL is an s3:// URL.");
        }

        return new S3MediaStorage(bucket, prefix.Length == 0 ? "" : prefix + "/", endpoint, region, pathStyle, accessKey, secretKey);
    }

    // The keys stay out of logs and exception messages.
    public override string ToString() => $"s3://{Bucket}/{Prefix} (endpoint {Endpoint?.ToString() ?? "Amazon S3"}, region {Region})";
}
