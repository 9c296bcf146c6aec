using System.Text.Json;

namespace Flusio.Web.Jobs;

/// <summary>
/// The code of one kind of job, resolved by its name in a scope of its own. A handler that
/// throws fails its job (retried with backoff), never the worker.
/// </summary>
public interface IJobHandler
{
    Task RunAsync(JobRun run, CancellationToken cancellationToken);
}

/// <summary>A job being run: what it is, and its arguments.</summary>
public sealed record JobRun(Job Job)
{
    public T Arguments<T>() =>
        JsonSerializer.Deserialize<T>(Job.Arguments, JobQueue.Json) ?? throw new InvalidOperationException($"Job {Job.Id} ({Job.Name}) has no arguments.");
}

/// <summary>A job that runs again and again, scheduled once for the instance by the first worker to start.</summary>
public sealed record RecurringJob(string Name, TimeSpan Every, string Queue = JobQueue.DefaultQueue);
