using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Jobs;

namespace Flusio.Web.Hosting;

/// <summary>A host without the web server, for the command verbs and the worker: the same services as `serve`.</summary>
public static class CommandHost
{
    public static IHost Build(bool worker = false, IEnumerable<KeyValuePair<string, string?>>? settings = null) => CreateBuilder(worker, settings).Build();

    /// <param name="settings">Settings over the environment's (for tests: every host is built the same way).</param>
    public static HostApplicationBuilder CreateBuilder(bool worker, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddDotEnv();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var flusio = FlusioSettings.Load(builder.Configuration);
        Logging.Configure(builder.Logging, flusio, quiet: !worker);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(Validated()));
        builder.Services.AddFlusio(flusio);
        if (worker)
        {
            builder.Services.AddHostedService<JobWorker>();
        }

        return builder;
    }

    private static ServiceProviderOptions Validated()
    {
        var options = new ServiceProviderOptions();
        AppServices.Validate(options);
        return options;
    }

    public static async Task EnsureDatabaseUpToDateAsync(IHost host, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().EnsureUpToDateAsync(cancellationToken);
    }
}
