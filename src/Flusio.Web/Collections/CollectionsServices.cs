using Flusio.Web.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Flusio.Web.Collections;

public static class CollectionsServices
{
    /// <summary>User collections, saving links, their lists, notes, search, reading a link's page (the link-metadata job), repairs and the rendering of descriptions.</summary>
    public static IServiceCollection AddCollections(this IServiceCollection services)
    {
        services.AddScoped<UserCollections>();
        services.AddScoped<CollectionFollowing>();
        services.AddScoped<CollectionShares>();
        services.AddScoped<LinkSaver>();
        services.AddSingleton<DescriptionRenderer>();
        services.AddScoped<LinkNotes>();
        services.AddScoped<LinkSearch>();
        services.TryAddSingleton(new LinkMetadataOptions());
        services.AddScoped<LinkMetadata>();
        services.AddScoped<LinkRepair>();
        services.AddScoped<OwnLinks>();
        services.AddJobHandler<LinkMetadataJob>(LinkMetadata.JobName);
        return services;
    }
}
