using Flusio.Feeds.Discovery;
using Flusio.Feeds.Fetching;
using Flusio.Web.Configuration;
using Flusio.Web.Jobs;

namespace Flusio.Web.Feeds;

public static class FeedsServices
{
    /// <summary>Following feeds and refreshing them.</summary>
    public static IServiceCollection AddFeeds(this IServiceCollection services)
    {
        services.AddSingleton(sp => new FetchGate(sp.GetRequiredService<FlusioSettings>().FetchConcurrency));
        services.AddSingleton(sp => new FeedDiscoverer(sp.GetRequiredService<IHttpFetcher>()));
        services.AddSingleton<FeedRefresher>();
        services.AddScoped<Following>();
        services.AddScoped<UserGroups>();
        services.AddRecurringJob<FeedJobs.ScheduleHandler>(FeedJobs.Schedule, TimeSpan.FromMinutes(1));
        services.AddJobHandler<FeedJobs.RefreshHandler>(FeedJobs.Refresh);
        services.AddScoped<FeedRetention>();
        services.AddScoped<OpmlImporter>();
        services.AddJobHandler<OpmlImporter>(OpmlImporter.Name);
        services.AddRecurringJob<FeedRetention>(FeedRetention.Name, TimeSpan.FromDays(1));
        return services;
    }
}
