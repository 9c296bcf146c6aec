namespace Flusio.Feeds.Cleaning;

/// <summary>What an instance lets through the <see cref="HtmlCleaner"/> beyond its fixed rules.</summary>
public sealed record HtmlCleanerOptions
{
    /// <summary>
    /// PeerTube instances (host names, "framatube.org") whose video embeds
    /// (https://host/videos/embed/...) may stay in cleaned HTML. PeerTube lives on any host,
    /// so none is allowed unless the admin names it.
    /// </summary>
    public IReadOnlyList<string> PeerTubeHosts { get; init; } = [];

    /// <summary>
    /// A PeerTube host as an admin writes it ("framatube.org", "https://framatube.org/"), in
    /// lower case; <see cref="ArgumentException"/> when it is not a dotted DNS name. Cheap:
    /// a settings check calls it without building a cleaner.
    /// </summary>
    public static string PeerTubeHost(string configured)
    {
        var value = configured?.Trim() ?? "";
        var host = Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps ? url.IdnHost : value.TrimEnd('.');
        if (Uri.CheckHostName(host) != UriHostNameType.Dns || !host.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"\"{configured}\" is not the host name of a PeerTube instance", nameof(configured));
        }

        return host.ToLowerInvariant();
    }
}
