using Flusio.Web.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Web.Jobs;

/// <summary>
/// Runs claimed jobs: each in a scope of its own, its lease renewed while it runs, its
/// outcome recorded. Whatever a handler throws is caught here: a job fails, the worker never.
/// </summary>
public sealed class JobRunner(IServiceScopeFactory scopes, FlusioSettings settings, TimeProvider clock, ILogger<JobRunner> logger)
{
    /// <summary>How long a claim holds a job (JOB_LEASE_SECONDS); renewed at a third of it while the job runs.</summary>
    public TimeSpan Lease => settings.JobLease;

    public async Task<List<Job>> ClaimAsync(string owner, int limit, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JobQueue>().ClaimAsync(owner, limit, Lease, cancellationToken: cancellationToken);
    }

    /// <summary>Claims and runs every due job once, one after another; returns how many ran. For verbs and tests.</summary>
    public async Task<int> RunDueAsync(string owner, CancellationToken cancellationToken = default)
    {
        var count = 0;
        while (await ClaimAsync(owner, 16, cancellationToken) is { Count: > 0 } jobs)
        {
            foreach (var job in jobs)
            {
                await RunAsync(job, cancellationToken);
                count++;
            }
        }

        return count;
    }

    /// <summary>Runs one claimed job to its recorded end. Never throws.</summary>
    public async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewLeaseAsync(job, running.Token);
        var started = clock.GetTimestamp();
        string? error = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetKeyedService<IJobHandler>(job.Name)
                ?? throw new InvalidOperationException($"No handler for jobs named '{job.Name}'.");
            await handler.RunAsync(new JobRun(job), running.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand the job back at once rather than after its lease.
            await running.CancelAsync();
            await SafelyAsync(queue => queue.UnlockAsync(job.Id, CancellationToken.None), job);
            logger.LogInformation("Job {JobId} ({JobName}) interrupted by shutdown, released", job.Id, job.Name);
            return;
        }
        catch (Exception e)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            logger.LogWarning(e, "Job {JobId} ({JobName}) failed on attempt {Attempt} of {MaxAttempts}", job.Id, job.Name, job.Attempts, job.MaxAttempts);
        }
        finally
        {
            await running.CancelAsync();
            await renewing;
        }

        await SafelyAsync(queue => error is null ? queue.CompleteAsync(job, CancellationToken.None) : queue.FailAsync(job, error, CancellationToken.None), job);
        Metrics.Measures.JobRan(job.Name, error is not null);
        if (error is null)
        {
            logger.LogInformation("Job {JobId} ({JobName}) done in {Milliseconds} ms", job.Id, job.Name, (long)clock.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private async Task RenewLeaseAsync(Job job, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Lease / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await SafelyAsync(queue => queue.RenewAsync(job, Lease, stop), job);
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended.
        }
    }

    /// <summary>Records in a fresh scope (the handler's context may be broken); a database failure here is logged, not thrown.</summary>
    private async Task SafelyAsync(Func<JobQueue, Task> record, Job job)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await record(scope.ServiceProvider.GetRequiredService<JobQueue>());
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record the outcome of job {JobId} ({JobName}); its lease will expire and it will run again", job.Id, job.Name);
        }
    }
}
