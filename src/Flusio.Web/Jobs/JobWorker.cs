using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Data.PostgreSql;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Web.Jobs;

/// <summary>
/// The background worker: claims due jobs up to its concurrency and runs them, woken by
/// enqueues (in process, or LISTEN/NOTIFY across PostgreSQL processes) and polling every
/// few seconds as the fallback. Schedules the recurring jobs once for the instance. On
/// shutdown (SIGTERM) it stops claiming, interrupts its jobs and hands them back.
/// </summary>
public sealed class JobWorker(
    JobRunner runner,
    JobSignal signal,
    FlusioSettings settings,
    IEnumerable<RecurringJob> recurring,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<JobWorker> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var concurrency = settings.WorkerConcurrency;
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        logger.LogInformation("Worker started: {Owner}, {Concurrency} jobs at a time", owner, concurrency);
        try
        {
            await RunUntilStoppedAsync(owner, concurrency, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped while starting (scheduling the recurring jobs) or while waiting.
        }
        finally
        {
            logger.LogInformation("Worker stopped: {Owner}", owner);
        }
    }

    private async Task RunUntilStoppedAsync(string owner, int concurrency, CancellationToken stoppingToken)
    {
        await ScheduleRecurringAsync(stoppingToken);
        var listening = settings.UsesPostgres
            ? new PostgresListener(DatabaseSetup.PostgresConnectionString(settings.DatabaseUrl!), JobQueue.NotifyChannel, signal.Pulse, logger).RunAsync(stoppingToken)
            : Task.CompletedTask;

        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            var pulse = signal.Next;
            var free = concurrency - running.Count;
            var claimed = free > 0 ? await ClaimAsync(owner, free, stoppingToken) : [];
            running.AddRange(claimed.Select(job => runner.RunAsync(job, stoppingToken)));
            if (claimed.Count > 0 && claimed.Count == free)
            {
                continue; // Maybe more are due: claim again as soon as a slot frees.
            }

            try
            {
                await Task.WhenAny([pulse, Task.Delay(PollInterval, clock, stoppingToken), .. running]);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        await Task.WhenAll(running);
        await listening;
    }

    private async Task<List<Job>> ClaimAsync(string owner, int free, CancellationToken stoppingToken)
    {
        try
        {
            return await runner.ClaimAsync(owner, free, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return [];
        }
        catch (Exception e)
        {
            // The database is away for a moment: try again at the next poll.
            logger.LogWarning("Claiming jobs failed: {Error}", e.Message);
            return [];
        }
    }

    private async Task ScheduleRecurringAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
            foreach (var job in recurring)
            {
                await queue.EnsureRecurringAsync(job.Name, job.Every, job.Queue, job.FirstRun(clock.GetUtcNow()), stoppingToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Scheduling the recurring jobs failed");
        }
    }
}
