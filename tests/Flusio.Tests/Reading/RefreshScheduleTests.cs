using Flusio.Tests.Infrastructure;
using Flusio.Web.Feeds;

namespace Flusio.Tests.Reading;

/// <summary>When a feed is checked next: the publisher's word, else its publishing rate, clamped, jittered, backed off.</summary>
public sealed class RefreshScheduleTests
{
    private static readonly DateTimeOffset Now = ServiceHost.Start;

    private static TimeSpan After(FetchHints hints, double jitter = 0) => RefreshSchedule.AfterSuccess(Now, hints, jitter) - Now;

    [Fact]
    public void The_publishers_word_comes_first_retry_after_then_max_age_then_expires_then_ttl()
    {
        var all = new FetchHints
        {
            RetryAfter = Now + TimeSpan.FromHours(5),
            MaxAge = TimeSpan.FromHours(4),
            Expires = Now + TimeSpan.FromHours(3),
            Ttl = TimeSpan.FromHours(2),
        };
        Assert.Equal(TimeSpan.FromHours(5), After(all));
        Assert.Equal(TimeSpan.FromHours(4), After(all with { RetryAfter = null }));
        Assert.Equal(TimeSpan.FromHours(3), After(all with { RetryAfter = null, MaxAge = null }));
        Assert.Equal(TimeSpan.FromHours(2), After(all with { RetryAfter = null, MaxAge = null, Expires = null }));
        // An Expires in the past says nothing.
        Assert.Equal(TimeSpan.FromHours(2), After(all with { RetryAfter = null, MaxAge = null, Expires = Now - TimeSpan.FromHours(1) }));
    }

    [Fact]
    public void Everything_is_clamped_to_fifteen_minutes_and_a_day()
    {
        Assert.Equal(RefreshSchedule.Minimum, After(new FetchHints { MaxAge = TimeSpan.FromSeconds(10) }));
        Assert.Equal(RefreshSchedule.Maximum, After(new FetchHints { MaxAge = TimeSpan.FromDays(30) }));
        Assert.Equal(RefreshSchedule.Maximum, After(new FetchHints { Ttl = TimeSpan.FromDays(3) }));
    }

    [Fact]
    public void Without_hints_the_publishing_rate_decides()
    {
        // An entry every two hours, the last one just now: checked every hour.
        var busy = Enumerable.Range(0, 10).Select(i => Now - TimeSpan.FromHours(2 * i)).ToList();
        Assert.Equal(TimeSpan.FromHours(1), After(new FetchHints { EntryDates = busy }));
        // An entry a week, the last one three days ago: a day.
        var weekly = Enumerable.Range(0, 5).Select(i => Now - TimeSpan.FromDays(3 + 7 * i)).ToList();
        Assert.Equal(RefreshSchedule.Maximum, After(new FetchHints { EntryDates = weekly }));
        // Nothing to go by: the default.
        Assert.Equal(RefreshSchedule.Default, After(new FetchHints()));
        // A feed silent for months, publishing once long ago: a day.
        Assert.Equal(RefreshSchedule.Maximum, After(new FetchHints { EntryDates = [Now - TimeSpan.FromDays(90)] }));
    }

    [Fact]
    public void Jitter_adds_at_most_a_tenth()
    {
        var hints = new FetchHints { MaxAge = TimeSpan.FromHours(2) };
        Assert.Equal(TimeSpan.FromHours(2), After(hints, 0));
        Assert.Equal(TimeSpan.FromHours(2.2), After(hints, 1));
        Assert.Equal(TimeSpan.FromHours(2.1), After(hints, 0.5));
    }

    [Fact]
    public void Failures_back_off_exponentially_up_to_a_day_and_respect_retry_after()
    {
        TimeSpan Failed(int failures, DateTimeOffset? retryAfter = null) => RefreshSchedule.AfterFailure(Now, failures, retryAfter, 0) - Now;
        Assert.Equal(TimeSpan.FromMinutes(15), Failed(1));
        Assert.Equal(TimeSpan.FromMinutes(30), Failed(2));
        Assert.Equal(TimeSpan.FromHours(1), Failed(3));
        Assert.Equal(TimeSpan.FromHours(16), Failed(7));
        Assert.Equal(RefreshSchedule.Maximum, Failed(8));
        Assert.Equal(RefreshSchedule.Maximum, Failed(50));
        Assert.Equal(TimeSpan.FromHours(6), Failed(1, Now + TimeSpan.FromHours(6)));
        Assert.Equal(RefreshSchedule.Maximum, Failed(1, Now + TimeSpan.FromDays(5)));
    }
}
