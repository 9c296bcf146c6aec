using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flusio.Web.Jobs;

/// <summary>
/// One unit of background work, stored in the database so that any worker process can run
/// it. A job is pending (no lease, or an expired one), running (a live lease), or failed
/// (<see cref="FailedAt"/> set, kept for the admin to see and retry). A recurring job has a
/// <see cref="UniqueKey"/> (scheduled once however many workers start) and a repeat interval.
/// </summary>
public sealed class Job
{
    /// <summary>An integer row key: jobs never appear in URLs, and admins type these ids.</summary>
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The handler's arguments as JSON.</summary>
    public string Arguments { get; set; } = "{}";

    public string Queue { get; set; } = JobQueue.DefaultQueue;

    public DateTimeOffset RunAt { get; set; }

    public int Attempts { get; set; }

    public int MaxAttempts { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public string? LastError { get; set; }

    public string? UniqueKey { get; set; }

    /// <summary>For a recurring job, the time between the end of a run and the next one.</summary>
    public int? RepeatSeconds { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FailedAt { get; set; }
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> job)
    {
        job.ToTable("jobs");
        job.HasKey(j => j.Id);
        job.Property(j => j.Name).HasMaxLength(100);
        job.Property(j => j.Queue).HasMaxLength(32);
        job.Property(j => j.LeaseOwner).HasMaxLength(100);
        job.Property(j => j.UniqueKey).HasMaxLength(200);
        job.HasIndex(j => j.UniqueKey).IsUnique();
        // The claim reads pending jobs of a queue in run-at order.
        job.HasIndex(j => new { j.Queue, j.RunAt });
    }
}
