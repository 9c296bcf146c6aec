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
        // Built now: a bad PEERTUBE_HOSTS stops the start with a message naming it.
        services.AddSingleton(CreateCleaner(settings));
        return services;
    }

    /// <summary>The one sanitiser; iframes from the video hosts it knows and the PeerTube instances of PEERTUBE_HOSTS.</summary>
    public static HtmlCleaner CreateCleaner(FlusioSettings settings)
    {
        try
        {
            return new HtmlCleaner(new HtmlCleanerOptions { PeerTubeHosts = settings.PeerTubeHosts });
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"PEERTUBE_HOSTS must list PeerTube host names (video.example.org, comma-separated): {e.Message}");
        }
    }
}
