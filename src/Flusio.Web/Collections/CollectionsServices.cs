namespace Flusio.Web.Collections;

public static class CollectionsServices
{
    /// <summary>User collections, saving links, their lists and the rendering of descriptions.</summary>
    public static IServiceCollection AddCollections(this IServiceCollection services)
    {
        services.AddScoped<UserCollections>();
        services.AddScoped<LinkSaver>();
        services.AddSingleton<DescriptionRenderer>();
        return services;
    }
}
