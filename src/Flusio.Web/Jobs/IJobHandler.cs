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

/// <summary>
/// A job that runs again and again, scheduled once for the instance by the first worker to start:
/// at once, or at the next <see cref="FirstAt"/> (a time of day, UTC) when set.
/// </summary>
public sealed record RecurringJob(string Name, TimeSpan Every, string Queue = JobQueue.DefaultQueue)
{
    public TimeSpan? FirstAt { get; init; }

    /// <summary>When the job first runs, scheduled at <paramref name="now"/>.</summary>
    public DateTimeOffset FirstRun(DateTimeOffset now)
    {
        if (FirstAt is not { } at)
        {
            return now;
        }

        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + at;
        return today > now ? today : today.AddDays(1);
    }
}
