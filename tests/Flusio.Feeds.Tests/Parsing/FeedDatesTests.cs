using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests.Parsing;

public sealed class FeedDatesTests
{
    private static string? Utc(string text) => FeedDates.Parse(text) is { } date ? FeedJson.FormatDate(date) : null;

    [Fact]
    public void Rss_date_with_named_zone_is_utc() =>
        Assert.Equal("2014-07-06T12:56:00Z", Utc("Sun, 06 Jul 2014 12:56:00 GMT"));

    [Fact]
    public void Rss_date_with_numeric_zone_is_utc() =>
        Assert.Equal("2014-07-06T10:56:00Z", Utc("Sun, 06 Jul 2014 12:56:00 +0200"));

    [Fact]
    public void Rss_date_with_american_zone_is_utc() =>
        Assert.Equal("2014-07-06T20:56:00Z", Utc("Sun, 06 Jul 2014 12:56:00 PST"));

    [Fact]
    public void Rss_date_without_seconds_or_weekday_is_read() =>
        Assert.Equal("2020-08-13T17:06:00Z", Utc("13 Aug 2020 13:06 EDT"));

    [Fact]
    public void Rss_date_with_two_digit_year_is_read() =>
        Assert.Equal("2002-09-07T00:00:01Z", Utc("Sat, 07 Sep 02 00:00:01 GMT"));

    [Fact]
    public void Rss_date_with_full_month_name_and_foreign_weekday_is_read() =>
        Assert.Equal("2017-11-08T09:00:00Z", Utc("mer, 08 November 2017 10:00:00 +0100"));

    [Fact]
    public void Date_with_month_first_and_pm_is_read() =>
        Assert.Equal("2016-12-24T22:00:00Z", Utc("Sat, Dec 24 2016 10:00:00 PM"));

    [Fact]
    public void Date_with_zone_comment_is_read() =>
        Assert.Equal("2014-07-06T12:56:00Z", Utc("Sun, 06 Jul 2014 12:56:00 +0000 (UTC)"));

    [Fact]
    public void Rfc3339_date_is_utc() =>
        Assert.Equal("2019-07-31T09:54:28Z", Utc("2019-07-31T11:54:28+02:00"));

    [Fact]
    public void Rfc3339_date_with_fraction_keeps_second_precision() =>
        Assert.Equal("2019-10-12T07:20:50Z", Utc("2019-10-12T07:20:50.52Z"));

    [Fact]
    public void Iso_date_without_zone_is_taken_as_utc() =>
        Assert.Equal("2019-10-12T07:20:50Z", Utc("2019-10-12 07:20:50"));

    [Fact]
    public void W3c_partial_dates_are_read()
    {
        Assert.Equal("2004-01-01T00:00:00Z", Utc("2004"));
        Assert.Equal("2004-03-01T00:00:00Z", Utc("2004-03"));
        Assert.Equal("2004-03-05T00:00:00Z", Utc("2004-03-05"));
    }

    [Fact]
    public void Date_with_minutes_but_no_seconds_is_read() =>
        Assert.Equal("2014-07-06T12:56:00Z", Utc("2014-07-06T12:56Z"));

    [Theory]
    [InlineData("")]
    [InlineData("tomorrow")]
    [InlineData("Sun, 32 Jul 2014 12:56:00 GMT")]
    [InlineData("2014-13-01")]
    [InlineData("2014-02-30T00:00:00Z")]
    [InlineData("12:56:00")]
    public void Unreadable_date_is_null_never_now(string text) => Assert.Null(FeedDates.Parse(text));
}
