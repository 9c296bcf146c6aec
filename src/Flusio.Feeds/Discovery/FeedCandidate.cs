namespace Flusio.Feeds.Discovery;

/// <summary>The format a feed announces or shows.</summary>
public enum FeedType
{
    Unknown,
    Rss,
    Atom,
    Rdf,
    JsonFeed,
}

/// <summary>A feed found for a site: where it is, what it is called, what format it claims.</summary>
public sealed record FeedCandidate(Uri Url, string? Title, FeedType Type);
