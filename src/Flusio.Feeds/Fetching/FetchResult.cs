namespace Flusio.Feeds.Fetching;

/// <summary>
/// A successful (2xx) or not-modified (304) answer, with the body read in full (within the cap)
/// and the caching headers a polite refresher needs.
/// </summary>
public sealed record FetchResult
{
    public required int StatusCode { get; init; }

    /// <summary>The decompressed body; empty on 304.</summary>
    public required byte[] Body { get; init; }

    /// <summary>Media type without parameters, lower case ("application/rss+xml").</summary>
    public string? MediaType { get; init; }

    public string? Charset { get; init; }

    public string? ETag { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    /// <summary>Cache-Control max-age.</summary>
    public TimeSpan? MaxAge { get; init; }

    public DateTimeOffset? Expires { get; init; }

    /// <summary>Retry-After as an instant (a delay in seconds is added to the fetch time).</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>The URL that answered, after redirects.</summary>
    public required Uri FinalUrl { get; init; }

    /// <summary>
    /// Where the requested URL moved for good: the last URL reached through an unbroken chain of
    /// permanent redirects (301, 308) from the start. Null when the first hop was not permanent.
    /// </summary>
    public Uri? PermanentRedirectUrl { get; init; }

    public bool PermanentRedirect => PermanentRedirectUrl is not null;

    public bool NotModified => StatusCode == 304;

    /// <summary>The body as text, decoded with the declared charset (UTF-8 when absent or unknown).</summary>
    public string Text => BodyText.Decode(Body, Charset);
}
