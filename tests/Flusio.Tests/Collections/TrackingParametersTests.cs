using Flusio.Web.Collections;

namespace Flusio.Tests.Collections;

public sealed class TrackingParametersTests
{
    [Theory]
    [InlineData("https://site.example/a?utm_source=x&utm_medium=y&utm_campaign=z", "https://site.example/a")]
    [InlineData("https://site.example/a?id=3&utm_source=x&page=2", "https://site.example/a?id=3&page=2")]
    [InlineData("https://site.example/a?fbclid=abc", "https://site.example/a")]
    [InlineData("https://site.example/a?gclid=1&mc_eid=2&mc_cid=3&igshid=4&yclid=5&_hsenc=6&_hsmi=7&ref_src=twsrc", "https://site.example/a")]
    [InlineData("https://site.example/a?UTM_Source=x&q=caf%C3%A9+cr%C3%A8me", "https://site.example/a?q=caf%C3%A9+cr%C3%A8me")]
    [InlineData("https://site.example/a?q=1&utm_term=x#section", "https://site.example/a?q=1#section")]
    [InlineData("https://site.example:8443/a?utm_source=x", "https://site.example:8443/a")]
    [InlineData("https://site.example/a?ref=home&source=rss", "https://site.example/a?ref=home&source=rss")]
    [InlineData("https://site.example/a", "https://site.example/a")]
    [InlineData("https://site.example/a?", "https://site.example/a?")]
    [InlineData("https://site.example/a?utm_source", "https://site.example/a")]
    [InlineData("https://site.example/a?%75tm_source=x&b", "https://site.example/a?b")]
    public void Tracking_parameters_go_and_the_others_stay_as_they_were(string url, string expected) =>
        Assert.Equal(expected, TrackingParameters.Strip(new Uri(url)).AbsoluteUri);

    [Fact]
    public void Names_are_told_apart_exactly()
    {
        Assert.True(TrackingParameters.IsTracking("utm_content"));
        Assert.True(TrackingParameters.IsTracking("FBCLID"));
        Assert.False(TrackingParameters.IsTracking("utm"));
        Assert.False(TrackingParameters.IsTracking("id"));
        Assert.False(TrackingParameters.IsTracking("reference"));
    }
}
