using System.Diagnostics.Metrics;

namespace Flusio.Web.Metrics;

/// <summary>
/// The instance's own measurements, in the "Flusio" meter: feed refreshes by outcome and their
/// duration, job runs by outcome. A folder of its own, depending on nothing, so that any
/// feature records into it; `Hosting/FlusioMetrics` exports it at /metrics.
/// </summary>
public static class Measures
{
    public const string MeterName = "Flusio";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> FeedRefreshes = Meter.CreateCounter<long>("flusio.feed.refreshes", "{feed}", "Feeds refreshed, by outcome (fetched, not_modified, failed).");

    private static readonly Histogram<double> RefreshPasses = Meter.CreateHistogram<double>("flusio.feed.refresh.duration", "s", "Duration of a refresh of a set of feeds (a job's batch or a verb's pass).");

    private static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("flusio.jobs.runs", "{job}", "Jobs run, by name and outcome (done, failed).");

    public static void FeedRefreshed(string outcome, int count)
    {
        if (count > 0)
        {
            FeedRefreshes.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public static void RefreshPass(TimeSpan elapsed) => RefreshPasses.Record(elapsed.TotalSeconds);

    public static void JobRan(string name, bool failed) =>
        JobRuns.Add(1, new KeyValuePair<string, object?>("job", name), new KeyValuePair<string, object?>("outcome", failed ? "failed" : "done"));

}
