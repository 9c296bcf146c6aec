using System.CommandLine;
using System.Globalization;
using Flusio.Web.Jobs;

namespace Flusio.Web.Cli;

/// <summary>`jobs list|stats|retry|unlock`: the job queue from the shell.</summary>
public static class JobCommands
{
    public static Command Build(CommandContext context)
    {
        var jobs = new Command("jobs", "List, count, retry and unlock background jobs.");
        jobs.Subcommands.Add(List(context));
        jobs.Subcommands.Add(Stats(context));
        jobs.Subcommands.Add(Retry(context));
        jobs.Subcommands.Add(Unlock(context));
        return jobs;
    }

    private static Command List(CommandContext context)
    {
        var failed = new Option<bool>("--failed") { Description = "Only the jobs that failed for good." };
        var limit = new Option<int>("--limit") { Description = "At most this many (default 50).", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List jobs: failed first, then by when they run.") { failed, limit };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var clock = services.GetRequiredService<TimeProvider>();
            var list = await services.GetRequiredService<JobQueue>().ListAsync(parse.GetValue(failed), Math.Max(1, parse.GetValue(limit)), cancellationToken);
            context.Out.WriteLine($"{"ID",-8} {"NAME",-24} {"QUEUE",-10} {"STATE",-8} {"ATTEMPTS",-8} {"RUN AT (UTC)",-19} LAST ERROR");
            foreach (var job in list)
            {
                var state = job.FailedAt is not null ? "failed"
                    : job.LeaseExpiresAt > clock.GetUtcNow() ? "running"
                    : "pending";
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{job.Id,-8} {job.Name,-24} {job.Queue,-10} {state,-8} {$"{job.Attempts}/{(job.RepeatSeconds is null ? job.MaxAttempts : "∞")}",-8} {job.RunAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} {OneLine(job.LastError)}"));
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Stats(CommandContext context)
    {
        var command = new Command("stats", "Count jobs by name: pending, running, failed; then the totals.");
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var counts = await services.GetRequiredService<JobQueue>().CountAsync(cancellationToken);
            context.Out.WriteLine($"{"NAME",-28} {"PENDING",8} {"RUNNING",8} {"FAILED",8}");
            foreach (var count in counts)
            {
                context.Out.WriteLine($"{count.Name,-28} {count.Pending,8} {count.Running,8} {count.Failed,8}");
            }

            context.Out.WriteLine($"{"total",-28} {counts.Sum(c => c.Pending),8} {counts.Sum(c => c.Running),8} {counts.Sum(c => c.Failed),8}");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Retry(CommandContext context)
    {
        var id = new Argument<long>("id") { Description = "The job to run again now, attempts reset." };
        var command = new Command("retry", "Run a failed or waiting job again now.") { id };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var job = parse.GetValue(id);
            if (!await services.GetRequiredService<JobQueue>().RetryAsync(job, cancellationToken))
            {
                throw new CommandException($"No job {job}.");
            }

            context.Out.WriteLine($"Job {job} will run again now.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Unlock(CommandContext context)
    {
        var id = new Argument<long>("id") { Description = "The job whose worker died." };
        var command = new Command("unlock", "Release a running job's lease, so that another worker takes it now.") { id };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var job = parse.GetValue(id);
            if (!await services.GetRequiredService<JobQueue>().UnlockAsync(job, cancellationToken))
            {
                throw new CommandException($"No running job {job}.");
            }

            context.Out.WriteLine($"Job {job} is unlocked.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static string OneLine(string? text) =>
        text is null ? "" : text.ReplaceLineEndings(" ") is { Length: > 80 } long_ ? long_[..80] + "…" : text.ReplaceLineEndings(" ");
}
