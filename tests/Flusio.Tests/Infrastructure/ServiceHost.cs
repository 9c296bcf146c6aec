using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Flusio.Tests.Infrastructure;

/// <summary>
/// The application's services without the web stack, on a database of its own and a fake
/// clock: for stores, the queue, schedulers. The same registration as every real host.
/// </summary>
public sealed class ServiceHost : IDisposable, IAsyncDisposable
{
    /// <summary>Where every fake clock starts: a fixed instant, so that tests read the same every run.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider provider;

    public ServiceHost(Db db, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configure = null)
    {
        Db = db;
        DataPath = Directory.CreateTempSubdirectory("flusio-services-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["DATA_PATH"] = DataPath,
            ["DATABASE_URL"] = db == Db.Postgres ? PostgresServer.CreateDatabase() : null,
        };
        if (db == Db.Sqlite)
        {
            TestDatabases.CopySqliteTemplate(DataPath);
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var settings = FlusioSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(Logs));
        services.AddFlusio(settings);
        services.AddSingleton<TimeProvider>(Clock);
        services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(TestAccounts.FastHashing);
        configure?.Invoke(services);
        var options = new ServiceProviderOptions();
        AppServices.Validate(options);
        provider = services.BuildServiceProvider(options);
    }

    public Db Db { get; }

    public string DataPath { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public CapturingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => provider;

    public async Task<TResult> WithScopeAsync<TResult>(Func<IServiceProvider, Task<TResult>> action)
    {
        await using var scope = provider.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<TResult> WithDbAsync<TResult>(Func<FlusioDbContext, Task<TResult>> action) =>
        WithScopeAsync(sp => action(sp.GetRequiredService<FlusioDbContext>()));

    public void Dispose()
    {
        provider.Dispose();
        DeleteFolder();
    }

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        DeleteFolder();
    }

    private void DeleteFolder()
    {
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // The SQLite file may still be open for a moment; a temp folder left behind is harmless.
        }
    }
}
