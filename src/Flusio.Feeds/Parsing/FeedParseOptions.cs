namespace Flusio.Feeds.Parsing;

/// <summary>What the caller knows about the body besides its bytes.</summary>
public sealed record FeedParseOptions
{
    /// <summary>Where the body came from: the last base for relative URLs.</summary>
    public Uri? FeedUrl { get; init; }

    /// <summary>The charset parameter of the HTTP Content-Type, if any.</summary>
    public string? HttpCharset { get; init; }

    /// <summary>A larger body is refused unread (<see cref="FeedParseError.TooLarge"/>).</summary>
    public long MaxBodyBytes { get; init; } = FeedLimits.MaxBodyBytes;
}
