namespace Flusio.Web.Jobs;

/// <summary>
/// The background worker. Until the job queue exists it only reports that it is alive;
/// it stops promptly on shutdown (SIGTERM) so deployments never wait on it.
/// </summary>
public sealed class JobWorker(ILogger<JobWorker> logger, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Worker started (no job queue yet: idle)");
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Heartbeat, clock, stoppingToken);
                logger.LogDebug("Worker alive");
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown requested.
        }

        logger.LogInformation("Worker stopped");
    }
}
