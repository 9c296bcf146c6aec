namespace Flusio.Feeds.Discovery;

/// <summary>What a page says about itself, as plain text and absolute URLs.</summary>
public sealed record PageMetadata(
    string? Title,
    string? Description,
    Uri? Illustration,
    int ReadingTimeMinutes,
    Uri? Canonical,
    string? Language,
    IReadOnlyList<FeedCandidate> Feeds);
