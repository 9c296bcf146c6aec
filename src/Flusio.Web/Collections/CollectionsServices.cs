namespace Flusio.Web.Collections;

public static class CollectionsServices
{
    /// <summary>User collections, saving links, their lists, notes, search and the rendering of descriptions.</summary>
    public static IServiceCollection AddCollections(this IServiceCollection services)
    {
        services.AddScoped<UserCollections>();
        services.AddScoped<CollectionFollowing>();
        services.AddScoped<CollectionShares>();
        services.AddScoped<LinkSaver>();
        services.AddSingleton<DescriptionRenderer>();
        services.AddScoped<LinkNotes>();
        services.AddScoped<LinkSearch>();
        return services;
    }
}
