using System.Net;
using Flusio.Web.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Flusio.Tests.Infrastructure;

public enum Db
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real application, built by WebApplicationFactory on a real database of its own (a
/// copy of the run's migrated SQLite file in a temporary DATA_PATH, or a copy of the run's
/// template database in its PostgreSQL), sending mail through the run's SMTP server.
/// Settings are the same variables as production.
/// </summary>
public sealed class FlusioApp : WebApplicationFactory<Program>
{
    private static readonly Lazy<TestSmtpServer> SharedSmtp = new(() => new TestSmtpServer());
    private readonly Dictionary<string, string?> settings;
    private readonly int? kestrelPort;
    private readonly Action<IServiceCollection> configureServices;

    public FlusioApp(
        Db db,
        IDictionary<string, string?>? overrides = null,
        bool kestrel = false,
        Action<IServiceCollection>? services = null,
        bool migrated = true,
        FakeTimeProvider? clock = null)
    {
        Clock = clock;
        configureServices = s =>
        {
            s.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(TestAccounts.FastHashing);
            // Every app's own log, its Flusio categories from Debug, grepped for secrets when it ends.
            s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(ownLogs);
            s.AddLogging(l => Microsoft.Extensions.Logging.FilterLoggingBuilderExtensions.AddFilter<CapturingLoggerProvider>(l, "Flusio", Microsoft.Extensions.Logging.LogLevel.Debug));
            services?.Invoke(s);
            if (clock is not null)
            {
                s.AddSingleton<TimeProvider>(clock);
            }
        };
        Db = db;
        DataPath = Directory.CreateTempSubdirectory("flusio-test-").FullName;
        if (db == Db.Sqlite && migrated)
        {
            TestDatabases.CopySqliteTemplate(DataPath);
        }

        kestrelPort = kestrel ? Ports.Free() : null;
        BaseUrl = kestrel ? $"http://127.0.0.1:{kestrelPort}" : "http://localhost";
        settings = new Dictionary<string, string?>
        {
            ["DATA_PATH"] = DataPath,
            ["DATABASE_URL"] = db == Db.Postgres ? PostgresServer.CreateDatabase(migrated) : null,
            ["BASE_URL"] = BaseUrl,
            ["SMTP_HOST"] = "127.0.0.1",
            ["SMTP_PORT"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SMTP_SECURITY"] = "none",
            ["MAIL_FROM"] = "Flusio <noreply@flusio.test>",
            // Mails are jobs: every app runs its worker, as `serve` does.
            ["WORKER_IN_PROCESS"] = "true",
            ["AUTH_RATE_LIMIT_PER_MINUTE"] = "100000",
            ["LOG_FORMAT"] = "text",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        if (kestrel)
        {
            UseKestrel(k => k.Listen(IPAddress.Loopback, kestrelPort!.Value));
            StartServer();
        }
    }

    public Db Db { get; }

    private readonly CapturingLoggerProvider ownLogs = new(Microsoft.Extensions.Logging.LogLevel.Debug);
    private bool logsChecked;

    /// <summary>The app's log lines: its own capture (Debug for Flusio's categories, the app's filters for the framework), unless a test sets another.</summary>
    public CapturingLoggerProvider Logs
    {
        get => logs ?? ownLogs;
        set => logs = value;
    }

    private CapturingLoggerProvider? logs;

    /// <summary>The app's clock when the test drives time, else null (the system clock).</summary>
    public FakeTimeProvider? Clock { get; }

    public string DataPath { get; }

    public string BaseUrl { get; }

    public string? DatabaseUrl => settings["DATABASE_URL"];

    public static TestSmtpServer Smtp => SharedSmtp.Value;

    public HttpClient Client(bool followRedirects = false) =>
        CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = followRedirects,
            HandleCookies = true,
            BaseAddress = new Uri(BaseUrl),
        });

    /// <summary>A browser of its own client address (in-memory server only), as two people's browsers are.</summary>
    public TestBrowser Browser(string? clientAddress = null)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add(ClientAddressFilter.Header, clientAddress ?? ClientAddressFilter.Next());
        return new TestBrowser(client);
    }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Runs <paramref name="action"/> with a fresh scope (a DbContext of its own).</summary>
    public async Task<TResult> WithScopeAsync<TResult>(Func<IServiceProvider, Task<TResult>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<TResult> WithDbAsync<TResult>(Func<FlusioDbContext, Task<TResult>> action) =>
        WithScopeAsync(sp => action(sp.GetRequiredService<FlusioDbContext>()));

    /// <summary>Waits until the app's worker has run every job that is due (the queue holds no pending job).</summary>
    public async Task WaitForJobsAsync(int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (await WithDbAsync(d => d.Set<Flusio.Web.Jobs.Job>().AnyAsync(j => j.FailedAt == null && j.RepeatSeconds == null)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Jobs still pending after " + timeoutSeconds + " s");
            }

            await Task.Delay(50);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value ?? "");
        }

        builder.UseEnvironment("Production");
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, ClientAddressFilter>());
        builder.ConfigureServices(configureServices);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        CleanUp();
        if (disposing && !logsChecked)
        {
            logsChecked = true;
            // Fails the test that owned the app: its logs showed a password, token or cookie of the run.
            var findings = TestSecrets.FindIn(ownLogs.Everything);
            if (findings.Count > 0)
            {
                TestSecrets.Report($"the app of {DataPath}", findings);
                throw new InvalidOperationException($"{findings.Count} secret(s) in this app's logs:\n" + string.Join("\n", findings.Take(5)));
            }
        }
    }

    private void CleanUp()
    {
        // The app's idle PostgreSQL connections go with it: a run starts hundreds of apps,
        // and their pools would otherwise hold the shared server's connections until they age out.
        if (settings["DATABASE_URL"] is { Length: > 0 } url)
        {
            using var connection = new Npgsql.NpgsqlConnection(Flusio.Web.Data.DatabaseSetup.PostgresConnectionString(url));
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
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
