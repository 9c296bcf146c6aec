using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>RSS ttl: how many minutes a feed asks to be cached, for the refresher to weigh.</summary>
public sealed class TtlTests
{
    [Fact]
    public void Ttl_is_read_in_minutes() =>
        Assert.Equal(TimeSpan.FromMinutes(60), Feeds.Parse(Feeds.Rss("<ttl> 60 </ttl>")).Ttl);

    [Fact]
    public void A_feed_without_ttl_has_none() =>
        Assert.Null(Feeds.Parse(Feeds.Rss("<title>T</title>")).Ttl);

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("10081")]
    [InlineData("99999999999")]
    [InlineData("1.5")]
    [InlineData("soon")]
    [InlineData("")]
    public void A_ttl_that_is_not_a_sensible_number_of_minutes_is_ignored(string ttl) =>
        Assert.Null(Feeds.Parse(Feeds.Rss($"<ttl>{ttl}</ttl>")).Ttl);

    [Fact]
    public void A_week_is_the_longest_ttl() =>
        Assert.Equal(TimeSpan.FromDays(7), Feeds.Parse(Feeds.Rss("<ttl>10080</ttl>")).Ttl);

    [Fact]
    public void The_first_sensible_ttl_wins() =>
        Assert.Equal(TimeSpan.FromMinutes(30), Feeds.Parse(Feeds.Rss("<ttl>0</ttl><ttl>30</ttl><ttl>90</ttl>")).Ttl);

    [Fact]
    public void Ttl_is_read_in_a_default_namespace_too() =>
        Assert.Equal(TimeSpan.FromMinutes(15), Feeds.Parse("<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\"><channel><ttl>15</ttl></channel></rss>").Ttl);

    [Fact]
    public void Json_output_gives_the_ttl_in_minutes_after_the_image()
    {
        var feed = Feeds.Parse(Feeds.Rss("<title>T</title><ttl>45</ttl><image><url>https://example.org/i.png</url></image>"));
        Assert.Equal("{\"format\":\"rss2\",\"feed\":{\"title\":\"T\",\"image\":\"https://example.org/i.png\",\"ttl\":45},\"entries\":[]}", FeedJson.ToJson(feed));
    }
}
