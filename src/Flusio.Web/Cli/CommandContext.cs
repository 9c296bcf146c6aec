using System.Text;
using Flusio.Web.Configuration;
using Flusio.Web.Hosting;

namespace Flusio.Web.Cli;

/// <summary>
/// Where a verb writes and the settings it runs with: the process's console and environment,
/// or (for tests that run verbs in their own process) writers and settings of their own.
/// </summary>
public sealed class CommandContext(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings = null)
{
    private bool console;

    /// <summary>The process's standard output and error, settings from the environment and `.env`.</summary>
    public static CommandContext FromConsole() => new(Console.Out, Console.Error) { console = true };

    public TextWriter Out => output;

    public TextWriter Error => error;

    /// <summary>A host without the web server, with this run's settings over the environment's.</summary>
    public IHost BuildHost(bool worker = false, IEnumerable<KeyValuePair<string, string?>>? overrides = null) =>
        CommandHost.Build(worker, [.. settings ?? Enumerable.Empty<KeyValuePair<string, string?>>(), .. overrides ?? []]);

    /// <summary>Runs <paramref name="action"/> in a scope of a host whose database is up to date.</summary>
    public async Task<int> WithServicesAsync(Func<IServiceProvider, Task<int>> action, CancellationToken cancellationToken)
    {
        using var host = BuildHost();
        await CommandHost.EnsureDatabaseUpToDateAsync(host, cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>The instance's settings without a host (the environment, `.env`, then this run's).</summary>
    public FlusioSettings LoadSettings()
    {
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables();
        configuration.AddDotEnv();
        if (settings is not null)
        {
            configuration.AddInMemoryCollection(settings);
        }

        return FlusioSettings.Load(configuration);
    }

    /// <summary>Standard output as bytes: the console's own stream, or one that lands in <see cref="Out"/> when disposed.</summary>
    public Stream OpenOutput() => console ? Console.OpenStandardOutput() : new WriterStream(output);

    private sealed class WriterStream(TextWriter writer) : MemoryStream
    {
        private bool written;

        // Disposed twice when wrapped (the wrapper disposes it, then its own `using`): written once.
        public override async ValueTask DisposeAsync()
        {
            if (!written)
            {
                written = true;
                await writer.WriteAsync(Encoding.UTF8.GetString(GetBuffer(), 0, (int)Length));
            }

            await base.DisposeAsync();
        }
    }
}
