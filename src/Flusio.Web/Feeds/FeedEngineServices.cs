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

    public static IServiceCollection AddFeedEngine(this IServiceCollection services)
    {
        services.AddSingleton<IHttpFetcher>(sp => CreateFetcher(sp.GetRequiredService<FlusioSettings>()));
        services.AddSingleton<HtmlCleaner>();
        return services;
    }
}
