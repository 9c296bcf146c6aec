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
}
