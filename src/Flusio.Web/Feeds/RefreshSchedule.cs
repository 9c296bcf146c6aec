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

    /// <summary>The rhythm kept from the feed's last full fetch; when set, <see cref="EntryDates"/> is not looked at.</summary>
    public PublishingRhythm? Rhythm { get; init; }
}

/// <summary>When a feed last published (its newest entry) and how often (the median gap between its latest entries; null with a single entry).</summary>
public sealed record PublishingRhythm(DateTimeOffset Newest, TimeSpan? MedianGap);

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

        return PublishingRate(now, hints.Rhythm ?? RhythmOf(now, hints.EntryDates));
    }

    /// <summary>Half the median gap between the latest entries (up to 20), or <see cref="Default"/>.</summary>
    /// <summary>
    /// The publishing rhythm of a feed's entries (the 20 newest published by
    /// <paramref name="now"/>): the newest date and the median gap between them, or null
    /// without any entry. Kept with the feed, so that a 304, which brings no entries, still
    /// paces it by its rhythm without reading its entries again.
    /// </summary>
    public static PublishingRhythm? RhythmOf(DateTimeOffset now, IEnumerable<DateTimeOffset> dates)
    {
        var recent = dates.Where(d => d <= now).OrderDescending().Take(20).ToList();
        if (recent.Count == 0)
        {
            return null;
        }

        var gaps = recent.Zip(recent.Skip(1), (a, b) => a - b).Order().ToList();
        return new PublishingRhythm(recent[0], gaps.Count == 0 ? null : gaps[gaps.Count / 2]);
    }

    private static TimeSpan PublishingRate(DateTimeOffset now, PublishingRhythm? rhythm)
    {
        if (rhythm is not { MedianGap: { } median })
        {
            return rhythm is { } single && now - single.Newest > TimeSpan.FromDays(30) ? Maximum : Default;
        }

        // A feed silent for far longer than it used to be is checked less often too.
        var silence = now - rhythm.Newest;
        return silence > median * 4 ? TimeSpan.FromTicks(Math.Max(median.Ticks, silence.Ticks / 4)) : median / 2;
    }

    private static TimeSpan Clamp(TimeSpan interval) =>
        interval < Minimum ? Minimum : interval > Maximum ? Maximum : interval;

    /// <summary>Adds up to 10% of <paramref name="interval"/>; <paramref name="jitter"/> is in [0, 1).</summary>
    private static TimeSpan Jittered(TimeSpan interval, double jitter) =>
        interval + interval * (0.1 * Math.Clamp(jitter, 0, 1));
}
