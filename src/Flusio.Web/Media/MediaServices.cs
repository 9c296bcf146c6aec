using Flusio.Web.Configuration;

namespace Flusio.Web.Media;

public static class MediaServices
{
    /// <summary>The media store (the local folder, or the bucket of <c>MEDIA_STORAGE_URL</c>) and the maker of illustrations.</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services, FlusioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MediaStorage is { } bucket)
        {
            services.AddSingleton<IMediaStore>(_ => new S3MediaStore(bucket));
        }
        else
        {
            services.AddSingleton<IMediaStore, LocalMediaStore>();
        }

        services.AddSingleton<Illustrations>();
        return services;
    }
}
