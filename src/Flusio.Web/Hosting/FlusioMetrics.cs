using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Flusio.Web.Metrics;
using OpenTelemetry.Metrics;

namespace Flusio.Web.Hosting;

/// <summary>
/// The instance's own measurements (<see cref="Measures"/>, and the job queue's depth). Exported with the framework's own
/// meters (HTTP server, Kestrel, runtime and process memory, Npgsql connections) at /metrics
/// in Prometheus's text format.
/// </summary>
public static class FlusioMetrics
{
    /// <summary>The meters /metrics exports, and the Prometheus exporter.</summary>
    public static IServiceCollection AddFlusioMetrics(this IServiceCollection services)
    {
        services.AddSingleton<JobQueueGauge>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(Measures.MeterName, JobQueueGauge.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime", "Npgsql", "System.Net.Http")
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>/metrics, for addresses of <c>METRICS_ALLOWED_NETWORKS</c> or a request bearing <c>METRICS_TOKEN</c>; 403 for anyone else.</summary>
    public static void MapMetrics(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<FlusioSettings>();
        app.Services.GetRequiredService<JobQueueGauge>();
        app.UseWhen(c => c.Request.Path.Equals("/metrics", StringComparison.OrdinalIgnoreCase), branch => branch.Use(async (context, next) =>
        {
            if (!MayRead(settings, context))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("Metrics are readable from the allowed networks or with the metrics token.\n");
                return;
            }

            await next(context);
        }));
        app.UseOpenTelemetryPrometheusScrapingEndpoint("/metrics");
    }

    /// <summary>The client's address as the forwarded headers middleware left it (the proxy's client, only from trusted proxies), or the token.</summary>
    public static bool MayRead(FlusioSettings settings, HttpContext context)
    {
        if (settings.MetricsToken is { } token
            && context.Request.Headers.Authorization.ToString() is { } header
            && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(token)))
        {
            return true;
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return settings.MetricsAllowedNetworks.Any(n => n.Contains(address));
    }
}

/// <summary>
/// The job queue's depth as gauges (pending, running, failed). Read from the database at most
/// every 10 s, however often Prometheus scrapes; a scrape never waits on a slow database for long.
/// </summary>
public sealed class JobQueueGauge
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(10);
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private readonly ILogger<JobQueueGauge> log;
    private readonly Lock gate = new();
    private (long Pending, long Running, long Failed) last;
    private DateTimeOffset readAt = DateTimeOffset.MinValue;

    public const string MeterName = "Flusio.Jobs";

    public JobQueueGauge(IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobQueueGauge> log, IMeterFactory meters)
    {
        this.scopes = scopes;
        this.clock = clock;
        this.log = log;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("flusio.jobs.queued", Observe, "{job}", "Jobs in the queue, by state (pending, running, failed).");
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        var (pending, running, failed) = Read();
        yield return new Measurement<long>(pending, new KeyValuePair<string, object?>("state", "pending"));
        yield return new Measurement<long>(running, new KeyValuePair<string, object?>("state", "running"));
        yield return new Measurement<long>(failed, new KeyValuePair<string, object?>("state", "failed"));
    }

    private (long, long, long) Read()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (now - readAt < Fresh)
            {
                return last;
            }

            readAt = now;
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<FlusioDbContext>();
                db.Database.SetCommandTimeout(TimeSpan.FromSeconds(3));
                var jobs = db.Set<Job>().Where(j => j.RepeatSeconds == null);
                var failed = jobs.LongCount(j => j.FailedAt != null);
                var running = jobs.LongCount(j => j.FailedAt == null && j.LeaseOwner != null && j.LeaseExpiresAt > now);
                var pending = jobs.LongCount(j => j.FailedAt == null) - running;
                last = (pending, running, failed);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
            {
                log.LogWarning(e, "Reading the job queue's depth failed");
            }

            return last;
        }
    }
}
