namespace Flusio.Web.Jobs;

public static class JobsServices
{
    /// <summary>The queue, its runner and signal; the worker itself is added by the hosts that run one.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddScoped<JobQueue>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobRunner>();
        return services;
    }

    /// <summary>Registers the handler of the jobs named <paramref name="name"/>.</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string name)
        where THandler : class, IJobHandler =>
        services.AddKeyedScoped<IJobHandler, THandler>(name);

    /// <summary>Registers a handler that runs every <paramref name="every"/>, the first time at once or at the time of day <paramref name="firstAt"/> (UTC).</summary>
    public static IServiceCollection AddRecurringJob<THandler>(this IServiceCollection services, string name, TimeSpan every, TimeSpan? firstAt = null)
        where THandler : class, IJobHandler =>
        services.AddJobHandler<THandler>(name).AddSingleton(new RecurringJob(name, every) { FirstAt = firstAt });
}
