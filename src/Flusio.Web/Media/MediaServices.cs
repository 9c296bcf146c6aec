namespace Flusio.Web.Media;

public static class MediaServices
{
    /// <summary>The media store (a local folder) and the maker of illustrations.</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        services.AddSingleton<IMediaStore, LocalMediaStore>();
        services.AddSingleton<Illustrations>();
        return services;
    }
}
