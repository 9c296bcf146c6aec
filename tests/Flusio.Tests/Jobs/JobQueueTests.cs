using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Flusio.Web.Configuration;
using Flusio.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Jobs;

/// <summary>The job queue on both databases, driven by a fake clock: no worker loop, no waiting.</summary>
public sealed class JobQueueTests
{
    private static ServiceHost Host(Db db) => new(db, configure: s =>
    {
        s.AddJobHandler<RecordingHandler>(RecordingHandler.Name);
        s.AddJobHandler<ThrowingHandler>(ThrowingHandler.Name);
        s.AddSingleton<RecordingHandler.Runs>();
    });

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_job_is_stored_with_the_callers_changes_or_not_at_all(Db db)
    {
        await using var host = Host(db);
        var user = await host.CreateUserAsync();

        // Rolled back with the caller's transaction.
        await host.WithScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<Flusio.Web.Data.FlusioDbContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            var tracked = await context.Set<User>().SingleAsync(u => u.Id == user.Id);
            tracked.Theme = "dark";
            sp.GetRequiredService<JobQueue>().Enqueue(RecordingHandler.Name, new RecordingHandler.Arguments("rolled back"));
            await context.SaveChangesAsync();
            return 0; // disposed without commit
        });
        Assert.Equal(0, await host.WithDbAsync(d => d.Set<Job>().CountAsync()));
        Assert.Equal("system", await host.WithDbAsync(d => d.Set<User>().Where(u => u.Id == user.Id).Select(u => u.Theme).SingleAsync()));

        // Committed with them.
        await host.WithScopeAsync(async sp =>
        {
            var context = sp.GetRequiredService<Flusio.Web.Data.FlusioDbContext>();
            (await context.Set<User>().SingleAsync(u => u.Id == user.Id)).Theme = "dark";
            sp.GetRequiredService<JobQueue>().Enqueue(RecordingHandler.Name, new RecordingHandler.Arguments("kept"));
            return await context.SaveChangesAsync();
        });
        Assert.Equal(1, await host.WithDbAsync(d => d.Set<Job>().CountAsync()));
        Assert.Equal("dark", await host.WithDbAsync(d => d.Set<User>().Where(u => u.Id == user.Id).Select(u => u.Theme).SingleAsync()));

        var ran = await host.Services.GetRequiredService<JobRunner>().RunDueAsync("test");
        Assert.Equal(1, ran);
        Assert.Equal(["kept"], host.Services.GetRequiredService<RecordingHandler.Runs>().Texts);
        Assert.Equal(0, await host.WithDbAsync(d => d.Set<Job>().CountAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Workers_claiming_at_the_same_time_never_get_the_same_job(Db db)
    {
        await using var host = Host(db);
        const int jobs = 40;
        await host.WithScopeAsync(async sp =>
        {
            var queue = sp.GetRequiredService<JobQueue>();
            for (var i = 0; i < jobs; i++)
            {
                queue.Enqueue(RecordingHandler.Name, new RecordingHandler.Arguments($"job {i}"));
            }

            return await sp.GetRequiredService<Flusio.Web.Data.FlusioDbContext>().SaveChangesAsync();
        });

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await host.WithScopeAsync(sp => sp.GetRequiredService<JobQueue>().ClaimAsync($"worker{worker}", 3, new FlusioSettings().JobLease)) is { Count: > 0 } claimed)
            {
                mine.AddRange(claimed.Select(j => j.Id));
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(jobs, all.Count);
        Assert.Equal(jobs, all.Distinct().Count());
        Assert.All(await host.WithDbAsync(d => d.Set<Job>().ToListAsync()), j => Assert.Equal(1, j.Attempts));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task An_expired_lease_makes_the_job_claimable_again_and_the_dead_worker_cannot_finish_it(Db db)
    {
        await using var host = Host(db);
        await Enqueue(host, RecordingHandler.Name, "once");
        var first = Assert.Single(await Claim(host, "dead-worker"));
        Assert.Empty(await Claim(host, "other"));

        host.Clock.Advance(new FlusioSettings().JobLease + TimeSpan.FromSeconds(1));
        var second = Assert.Single(await Claim(host, "other"));
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.Attempts);

        // The first worker comes back and reports: its lease is gone, nothing changes.
        await host.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<JobQueue>().CompleteAsync(first);
            return 0;
        });
        var row = await host.WithDbAsync(d => d.Set<Job>().SingleAsync());
        Assert.Equal("other", row.LeaseOwner);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_failing_job_retries_with_growing_backoff_then_stays_failed_and_visible_until_retried(Db db)
    {
        await using var host = Host(db);
        await host.WithScopeAsync(sp => sp.GetRequiredService<JobQueue>().EnqueueNowAsync(ThrowingHandler.Name, new { }, new JobOptions { MaxAttempts = 3 }));
        var runner = host.Services.GetRequiredService<JobRunner>();

        Assert.Equal(1, await runner.RunDueAsync("w"));
        var afterFirst = await host.WithDbAsync(d => d.Set<Job>().SingleAsync());
        Assert.Equal(1, afterFirst.Attempts);
        Assert.Null(afterFirst.FailedAt);
        Assert.Null(afterFirst.LeaseOwner);
        Assert.Contains("the handler broke", afterFirst.LastError, StringComparison.Ordinal);
        Assert.InRange(afterFirst.RunAt - host.Clock.GetUtcNow(), TimeSpan.FromSeconds(26), TimeSpan.FromSeconds(34));
        Assert.Equal(0, await runner.RunDueAsync("w")); // not due yet

        host.Clock.Advance(TimeSpan.FromSeconds(35));
        Assert.Equal(1, await runner.RunDueAsync("w"));
        var afterSecond = await host.WithDbAsync(d => d.Set<Job>().SingleAsync());
        Assert.InRange(afterSecond.RunAt - host.Clock.GetUtcNow(), TimeSpan.FromSeconds(53), TimeSpan.FromSeconds(67));

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await runner.RunDueAsync("w"));
        var failed = await host.WithDbAsync(d => d.Set<Job>().SingleAsync());
        Assert.Equal(host.Clock.GetUtcNow(), failed.FailedAt);
        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await runner.RunDueAsync("w")); // failed for good: never claimed again
        var listed = await host.WithScopeAsync(sp => sp.GetRequiredService<JobQueue>().ListAsync(failedOnly: true, 10));
        Assert.Equal(failed.Id, Assert.Single(listed).Id);

        Assert.True(await host.WithScopeAsync(sp => sp.GetRequiredService<JobQueue>().RetryAsync(failed.Id)));
        Assert.False(await host.WithScopeAsync(sp => sp.GetRequiredService<JobQueue>().RetryAsync(failed.Id + 1000)));
        var retried = await host.WithDbAsync(d => d.Set<Job>().SingleAsync());
        Assert.Null(retried.FailedAt);
        Assert.Equal(0, retried.Attempts);
        Assert.Equal(1, await runner.RunDueAsync("w"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_recurring_job_is_scheduled_once_however_many_workers_start_and_comes_back_after_its_interval(Db db)
    {
        await using var host = Host(db);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<JobQueue>().EnsureRecurringAsync(RecordingHandler.Name, TimeSpan.FromMinutes(10));
            return 0;
        })));
        var job = await host.WithDbAsync(d => d.Set<Job>().SingleAsync());
        Assert.Equal(600, job.RepeatSeconds);

        var runner = host.Services.GetRequiredService<JobRunner>();
        Assert.Equal(1, await runner.RunDueAsync("w"));
        var next = await host.WithDbAsync(d => d.Set<Job>().SingleAsync());
        Assert.Equal(host.Clock.GetUtcNow().AddMinutes(10), next.RunAt);
        Assert.Equal(0, next.Attempts);
        Assert.Equal(0, await runner.RunDueAsync("w"));
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await runner.RunDueAsync("w"));
    }

    [Fact]
    public async Task A_job_without_a_handler_fails_with_a_message_and_the_runner_goes_on()
    {
        await using var host = Host(Db.Sqlite);
        await Enqueue(host, "no-such-job", "x");
        await Enqueue(host, RecordingHandler.Name, "after");
        Assert.Equal(2, await host.Services.GetRequiredService<JobRunner>().RunDueAsync("w"));
        var left = await host.WithDbAsync(d => d.Set<Job>().SingleAsync());
        Assert.Equal("no-such-job", left.Name);
        Assert.Contains("No handler for jobs named 'no-such-job'", left.LastError, StringComparison.Ordinal);
        Assert.Equal(["after"], host.Services.GetRequiredService<RecordingHandler.Runs>().Texts);
    }

    private static Task<Job> Enqueue(ServiceHost host, string name, string text) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<JobQueue>().EnqueueNowAsync(name, new RecordingHandler.Arguments(text)));

    private static Task<List<Job>> Claim(ServiceHost host, string owner) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<JobQueue>().ClaimAsync(owner, 10, new FlusioSettings().JobLease));

    private sealed class RecordingHandler(RecordingHandler.Runs runs) : IJobHandler
    {
        public const string Name = "test-record";

        public Task RunAsync(JobRun run, CancellationToken cancellationToken)
        {
            runs.Add(run.Arguments<Arguments>().Text);
            return Task.CompletedTask;
        }

        public sealed record Arguments(string Text);

        public sealed class Runs
        {
            private readonly List<string> texts = [];

            public IReadOnlyList<string> Texts
            {
                get
                {
                    lock (texts)
                    {
                        return [.. texts];
                    }
                }
            }

            public void Add(string text)
            {
                lock (texts)
                {
                    texts.Add(text);
                }
            }
        }
    }

    private sealed class ThrowingHandler : IJobHandler
    {
        public const string Name = "test-throw";

        public Task RunAsync(JobRun run, CancellationToken cancellationToken) => throw new InvalidOperationException("the handler broke");
    }
}
