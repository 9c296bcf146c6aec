namespace Flusio.Web.Publishing;

public static class PublishingServices
{
    /// <summary>Profiles, public feeds and OPML, discovery.</summary>
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        services.AddScoped<PublicCatalog>();
        services.AddScoped<PublicFeeds>();
        services.AddScoped<PublicPages>();
        return services;
    }
}
