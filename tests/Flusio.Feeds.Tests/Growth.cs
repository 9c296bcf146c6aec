using System.Diagnostics;

namespace Flusio.Feeds.Tests;

/// <summary>
/// How the cost of an operation grows with its input, measured in one test so that a loaded
/// machine slows every size alike: the same operation runs on inputs of scale 1, 2 and 4.
/// Allocated bytes are counted exactly (this thread only); time is the fastest of several
/// runs of each size, which noise can only lengthen. Linear work doubles with each doubling
/// of the input, quadratic work quadruples: allowing 3× per doubling tells them apart
/// without any wall-clock limit.
/// </summary>
internal static class Growth
{
    public const double MaxRatioPerDoubling = 3.0;

    public sealed record Sample(int Scale, long InputSize, long AllocatedBytes, TimeSpan Time);

    /// <summary>
    /// Builds the input of each scale with <paramref name="build"/> (not measured), then runs
    /// <paramref name="run"/> on each in turn, <paramref name="rounds"/> rounds after a warm-up
    /// one: interleaved, so that a burst of load elsewhere slows all sizes, not one.
    /// </summary>
    public static IReadOnlyList<Sample> Measure<T>(Func<int, T> build, Action<T> run, Func<T, long> size, int rounds = 5)
    {
        int[] scales = [1, 2, 4];
        var inputs = scales.Select(build).ToArray();
        var best = scales.Select(_ => TimeSpan.MaxValue).ToArray();
        var allocated = scales.Select(_ => long.MaxValue).ToArray();
        run(inputs[0]); // JIT and first-use costs belong to no size
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < scales.Length; k++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                run(inputs[k]);
                watch.Stop();
                allocated[k] = Math.Min(allocated[k], GC.GetAllocatedBytesForCurrentThread() - before);
                best[k] = watch.Elapsed < best[k] ? watch.Elapsed : best[k];
            }
        }
        return scales.Select((scale, k) => new Sample(scale, size(inputs[k]), allocated[k], best[k])).ToList();
    }

    /// <summary>
    /// Each doubling of the input costs at most <see cref="MaxRatioPerDoubling"/>× in allocated
    /// bytes, which are exact. Time, which noise can bend, is held on the last doubling, from
    /// scale 2 to 4: there the fixed costs and the cache effects that make the smallest input
    /// unduly fast weigh least (linear work takes 2×, quadratic work 4×).
    /// </summary>
    public static void AssertLinear(IReadOnlyList<Sample> samples)
    {
        var report = Describe(samples);
        for (var k = 1; k < samples.Count; k++)
        {
            var (small, large) = (samples[k - 1], samples[k]);
            var bytes = (double)large.AllocatedBytes / Math.Max(small.AllocatedBytes, 1);
            Assert.True(bytes <= MaxRatioPerDoubling, $"allocations grew {bytes:F1}× from scale {small.Scale} to {large.Scale}: {report}");
        }
        var (before, last) = (samples[^2], samples[^1]);
        var time = last.Time.TotalMilliseconds / Math.Max(before.Time.TotalMilliseconds, 0.001);
        Assert.True(time <= MaxRatioPerDoubling, $"time grew {time:F1}× from scale {before.Scale} to {last.Scale} ({MaxRatioPerDoubling:F0}× allowed): {report}");
    }

    /// <summary>Bytes allocated on this thread by one run of <paramref name="run"/> (exact, whatever the load).</summary>
    public static long AllocatedBy(Action run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetAllocatedBytesForCurrentThread();
        run();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public static string Describe(IEnumerable<Sample> samples) => string.Join("; ", samples.Select(s =>
        $"×{s.Scale}: {s.InputSize / 1024} KB in, {s.AllocatedBytes / 1024} KB allocated, {s.Time.TotalMilliseconds:F0} ms"));
}

/// <summary>Growth measures run alone, so that other tests do not share the cores with them.</summary>
[CollectionDefinition(nameof(GrowthMeasures), DisableParallelization = true)]
public sealed class GrowthMeasures;
