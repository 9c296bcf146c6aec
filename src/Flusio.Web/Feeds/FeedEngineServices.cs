using Flusio.Feeds.Cleaning;
using Flusio.Feeds.Fetching;
using Flusio.Web.Configuration;

namespace Flusio.Web.Feeds;

/// <summary>The feed engine's long-lived parts, configured from the instance settings.</summary>
public static class FeedEngineServices
{
    /// <summary>One HTTP client for every fetch: its connection pool and guard are shared.</summary>
    public static HttpFetcher CreateFetcher(FlusioSettings settings) => new(new FetcherOptions
    {
        BaseUrl = settings.BaseUrl,
        AllowPrivateNetworks = settings.FetchAllowPrivateNetworks,
    });

    public static IServiceCollection AddFeedEngine(this IServiceCollection services, FlusioSettings settings)
    {
        services.AddSingleton<IHttpFetcher>(sp => CreateFetcher(sp.GetRequiredService<FlusioSettings>()));
        // Checked now, so that a bad PEERTUBE_HOSTS stops the start with a message naming it;
        // the cleaner itself (a sanitiser costly to build) only when first used.
        var options = CleanerOptions(settings);
        services.AddSingleton(_ => new HtmlCleaner(options));
        return services;
    }

    /// <summary>The sanitiser entries are stored through, with the instance's embed hosts.</summary>
    public static HtmlCleaner CreateCleaner(FlusioSettings settings) => new(CleanerOptions(settings));

    private static HtmlCleanerOptions CleanerOptions(FlusioSettings settings) =>
        new() { PeerTubeHosts = [.. settings.PeerTubeHosts.Select(PeerTubeHost)] };

    private static string PeerTubeHost(string configured)
    {
        try
        {
            return HtmlCleanerOptions.PeerTubeHost(configured);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"PEERTUBE_HOSTS must list PeerTube host names (video.example.org, comma-separated): {e.Message}");
        }
    }
}
