namespace Flusio.Feeds.Tests;

/// <summary>The growth check itself: linear work passes, quadratic work cannot (its smallest input takes milliseconds, not microseconds, so that noise cannot hide the growth).</summary>
public sealed class GrowthTests
{
    private static long sink;

    private static void Quadratic(int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                sum += i ^ j;
            }
        }

        sink = sum;
    }

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
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Growth.AssertLinear(scale => 3_000 * scale, Quadratic, n => n, rounds: 3));
        Assert.Contains("time grew faster than the input in every attempt", failure.Message, StringComparison.Ordinal);
        Assert.True(sink != 0);
    }

    [Fact]
    public void Linear_work_passes_it() =>
        Assert.Equal(3, Growth.AssertLinear(scale => 10_000 * scale, Linear, n => n, rounds: 3).Count);
}
