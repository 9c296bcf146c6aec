using Flusio.Web.Accounts;
using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Jobs;
using Flusio.Web.Shell;

namespace Flusio.Web.Cli;

/// <summary>A host without the web server, for the command verbs and the worker.</summary>
public static class CommandHost
{
    public static IHost Build(bool worker = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        WebHost.AddDotEnv(builder.Configuration);
        var settings = FlusioSettings.Load(builder.Configuration);
        WebHost.ConfigureLogging(builder.Logging, settings, quiet: !worker);
        builder.Services.AddFlusioCore(settings);
        builder.Services.AddAccountStores();
        if (worker)
        {
            builder.Services.AddHostedService<JobWorker>();
        }

        return builder.Build();
    }

    public static async Task EnsureDatabaseUpToDateAsync(IHost host, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().EnsureUpToDateAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="action"/> in a scope of a host whose database is up to date.</summary>
    public static async Task<int> WithServicesAsync(Func<IServiceProvider, Task<int>> action, CancellationToken cancellationToken)
    {
        using var host = Build();
        await EnsureDatabaseUpToDateAsync(host, cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}
