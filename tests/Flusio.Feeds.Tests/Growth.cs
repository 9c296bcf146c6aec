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
    /// Builds the input of each scale with <paramref name="build"/> (not measured), runs
    /// <paramref name="run"/> on each (see <see cref="Measure"/>) and asserts that the cost grows
    /// linearly: allocations, which are exact, at every doubling; time, which a loaded machine
    /// bends, over the whole range (4× the input within 9× the time; quadratic work takes
    /// 16×). Load only lengthens runs, and the fastest of several is kept; a time over the
    /// bound is measured again, up to three times in all: a burst of load passes one of them,
    /// quadratic work none.
    /// Returns the samples of the attempt that passed.
    /// </summary>
    public static IReadOnlyList<Sample> AssertLinear<T>(Func<int, T> build, Action<T> run, Func<T, long> size, int rounds = 5)
    {
        int[] scales = [1, 2, 4];
        var inputs = scales.Select(build).ToArray();
        var reports = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var samples = Measure(scales, inputs, run, size, rounds);
            var report = Describe(samples);
            for (var k = 1; k < samples.Count; k++)
            {
                var (small, large) = (samples[k - 1], samples[k]);
                var bytes = (double)large.AllocatedBytes / Math.Max(small.AllocatedBytes, 1);
                Assert.True(bytes <= MaxRatioPerDoubling, $"allocations grew {bytes:F1}× from scale {small.Scale} to {large.Scale}: {report}");
            }

            var range = Ratio(samples[^1], samples[0]);
            if (range <= MaxRatioPerDoubling * MaxRatioPerDoubling)
            {
                return samples;
            }

            reports.Add($"attempt {attempt}: time grew {range:F1}× from scale 1 to 4 ({MaxRatioPerDoubling * MaxRatioPerDoubling:F0}× allowed): {report}");
        }

        Assert.Fail($"time grew faster than the input in every attempt:\n{string.Join("\n", reports)}");
        return [];
    }

    private static double Ratio(Sample large, Sample small) => large.Time.TotalMilliseconds / Math.Max(small.Time.TotalMilliseconds, 0.001);

    /// <summary>
    /// Runs <paramref name="run"/> on each input in turn, <paramref name="rounds"/> rounds after
    /// a warm-up one: interleaved, so that a burst of load elsewhere slows all sizes, not one.
    /// </summary>
    private static List<Sample> Measure<T>(int[] scales, T[] inputs, Action<T> run, Func<T, long> size, int rounds)
    {
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
