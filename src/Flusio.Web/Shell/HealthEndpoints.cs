using Flusio.Web.Data;

namespace Flusio.Web.Shell;

/// <summary>
/// /healthz: the process answers (no database touched, for liveness probes).
/// /readyz: the database answers too (for load balancers and uptime monitors).
/// </summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        app.MapGet("/readyz", async (FlusioDbContext db, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                if (await db.Database.CanConnectAsync(timeout.Token))
                {
                    return Results.Json(new { status = "ready", database = "ok" });
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                loggers.CreateLogger("Flusio.Health").LogWarning(e, "Readiness check failed");
            }

            return Results.Json(new { status = "unavailable", database = "unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
    }
}
