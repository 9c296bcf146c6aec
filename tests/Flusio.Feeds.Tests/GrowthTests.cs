namespace Flusio.Feeds.Tests;

/// <summary>
/// The growth check itself: linear work passes, quadratic work cannot. The quadratic case
/// waits rather than computes (20, 80 and 320 ms for scales 1, 2 and 4): a wait is elapsed
/// time that load on the machine cannot shrink or even out, so the check must see its 16×
/// growth however busy the cores are. (A computed quadratic loop once passed the check on a
/// loaded CI machine: its smallest input was slowed far more than its largest.)
/// </summary>
[Collection(nameof(GrowthMeasures))]
public sealed class GrowthTests
{
    private static long sink;

    private static void QuadraticWait(int scale) => Thread.Sleep(TimeSpan.FromMilliseconds(20 * scale * scale));

    private static void Linear(int n)
    {
        long sum = 0;
        for (var i = 0; i < n * 400; i++)
        {
            sum += i ^ (i >> 3);
        }

        sink = sum;
    }

    [Fact]
    public void Quadratic_work_fails_the_check()
    {
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Growth.AssertLinear(scale => scale, QuadraticWait, scale => scale, rounds: 3));
        Assert.Contains("time grew faster than the input in every attempt", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Linear_work_passes_it()
    {
        Assert.Equal(3, Growth.AssertLinear(scale => 10_000 * scale, Linear, n => n, rounds: 3).Count);
        Assert.True(sink != 0);
    }
}
