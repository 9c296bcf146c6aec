namespace Flusio.Feeds.Fetching;

/// <summary>What is being fetched: decides the Accept header.</summary>
public enum FetchKind
{
    Feed,
    Page,
}

/// <summary>
/// Options of one fetch. <see cref="ETag"/> and <see cref="LastModified"/> come from the previous
/// fetch of the same URL and make the request conditional; <see cref="IgnoreCache"/> drops them and
/// asks intermediaries for a fresh copy (used when a user repairs a link).
/// </summary>
public sealed record FetchRequest
{
    public static FetchRequest Feed { get; } = new() { Kind = FetchKind.Feed };

    public static FetchRequest Page { get; } = new() { Kind = FetchKind.Page };

    public FetchKind Kind { get; init; } = FetchKind.Feed;

    public string? ETag { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public bool IgnoreCache { get; init; }
}
