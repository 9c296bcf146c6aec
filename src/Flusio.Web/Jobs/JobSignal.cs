namespace Flusio.Web.Jobs;

/// <summary>
/// Wakes this process's worker when a job was enqueued here (or, through PostgreSQL's
/// LISTEN, anywhere). The worker takes <see cref="Next"/> before it claims, so a pulse
/// that arrives while it claims is not lost; it always waits with a timeout too: polling
/// is the fallback.
/// </summary>
public sealed class JobSignal
{
    private TaskCompletionSource next = New();

    /// <summary>Completes at the next pulse.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    public void Pulse() => Interlocked.Exchange(ref next, New()).TrySetResult();

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
