using Flusio.Web.Links;

namespace Flusio.Web.Reading;

public static class ReadingServices
{
    /// <summary>The system lists, the listing queries and the news journal.</summary>
    public static IServiceCollection AddReading(this IServiceCollection services)
    {
        services.AddScoped<LinkLists>();
        services.AddScoped<LinkListing>();
        services.AddScoped<NewsJournal>();
        services.AddScoped<LinkReader>();
        services.AddScoped<FeedPages>();
        return services;
    }
}
