namespace Flusio.Web.Feeds;

/// <summary>What a fetch told us about when to come back.</summary>
public sealed record FetchHints
{
    public TimeSpan? MaxAge { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public TimeSpan? Ttl { get; init; }
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>Publication dates of the entries in the feed, any order.</summary>
    public IReadOnlyList<DateTimeOffset> EntryDates { get; init; } = [];
}

/// <summary>
/// When a feed is checked next. The publisher's own word (Retry-After, Cache-Control max-age,
/// Expires, RSS ttl) comes first; without it, the feed's publishing rate: half the median
/// gap between its recent entries. Always within [15 min, 24 h], plus up to 10% jitter so
/// that feeds added together spread out. Failures back off exponentially to 24 h.
/// </summary>
public static class RefreshSchedule
{
    public static readonly TimeSpan Minimum = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Maximum = TimeSpan.FromHours(24);

    /// <summary>Without hints or dates to go by.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromHours(1);

    public static DateTimeOffset AfterSuccess(DateTimeOffset now, FetchHints hints, double jitter) =>
        now + Jittered(Clamp(Interval(now, hints)), jitter);

    /// <summary>After the <paramref name="failures"/>-th failure in a row (1 for the first): 15 min, 30 min, 1 h, … 24 h.</summary>
    public static DateTimeOffset AfterFailure(DateTimeOffset now, int failures, DateTimeOffset? retryAfter, double jitter)
    {
        var backoff = Minimum * Math.Pow(2, Math.Clamp(failures - 1, 0, 10));
        var interval = Clamp(backoff > Maximum ? Maximum : backoff);
        if (retryAfter is { } at && at - now > interval)
        {
            interval = Clamp(at - now);
        }

        return now + Jittered(interval, jitter);
    }

    private static TimeSpan Interval(DateTimeOffset now, FetchHints hints)
    {
        if (hints.RetryAfter is { } retryAfter && retryAfter > now)
        {
            return retryAfter - now;
        }

        if (hints.MaxAge is { } maxAge && maxAge > TimeSpan.Zero)
        {
            return maxAge;
        }

        if (hints.Expires is { } expires && expires > now)
        {
            return expires - now;
        }

        if (hints.Ttl is { } ttl && ttl > TimeSpan.Zero)
        {
            return ttl;
        }

        return PublishingRate(now, hints.EntryDates);
    }

    /// <summary>Half the median gap between the latest entries (up to 20), or <see cref="Default"/>.</summary>
    private static TimeSpan PublishingRate(DateTimeOffset now, IReadOnlyList<DateTimeOffset> dates)
    {
        var recent = dates.Where(d => d <= now).OrderDescending().Take(20).ToList();
        if (recent.Count < 2)
        {
            return recent.Count == 1 && now - recent[0] > TimeSpan.FromDays(30) ? Maximum : Default;
        }

        var gaps = recent.Zip(recent.Skip(1), (a, b) => a - b).Order().ToList();
        var median = gaps[gaps.Count / 2];
        // A feed silent for far longer than it used to be is checked less often too.
        var silence = now - recent[0];
        return silence > median * 4 ? TimeSpan.FromTicks(Math.Max(median.Ticks, silence.Ticks / 4)) : median / 2;
    }

    private static TimeSpan Clamp(TimeSpan interval) =>
        interval < Minimum ? Minimum : interval > Maximum ? Maximum : interval;

    /// <summary>Adds up to 10% of <paramref name="interval"/>; <paramref name="jitter"/> is in [0, 1).</summary>
    private static TimeSpan Jittered(TimeSpan interval, double jitter) =>
        interval + interval * (0.1 * Math.Clamp(jitter, 0, 1));
}
