namespace Flusio.Feeds;

/// <summary>Version string of the feed engine, used in the fetcher's User-Agent.</summary>
public static class FeedEngine
{
    public static string Version { get; } =
        typeof(FeedEngine).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
