namespace Flusio.Feeds;

/// <summary>
/// Bounds the whole engine shares, so that a body refused by the fetcher is refused by the
/// parser and by `feeds parse` on a file in the same terms.
/// </summary>
public static class FeedLimits
{
    /// <summary>
    /// The largest body read, counted after decompression: 10 MiB. No real feed comes close;
    /// everything the parser does stays linear in the body up to this size.
    /// </summary>
    public const long MaxBodyBytes = 10 * 1024 * 1024;
}
