namespace Flusio.Feeds.Tests.Parsing;

/// <summary>The feed's language, wherever it is given, as a language tag.</summary>
public sealed class LanguageTests
{
    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><language>en_US</language></channel></rss>")]
    [InlineData("<rss version=\"2.0\" xml:lang=\"en_US\"><channel/></rss>")]
    [InlineData("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><dc:language> en_US </dc:language></channel></rss>")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en_US\"/>")]
    [InlineData("{\"version\":\"https://jsonfeed.org/version/1.1\",\"language\":\"en_US\",\"items\":[]}")]
    public void Underscores_in_a_language_become_hyphens(string document) =>
        Assert.Equal("en-US", Feeds.Parse(document).Language);

    [Fact]
    public void A_language_is_otherwise_kept_as_written() =>
        Assert.Equal("en-us", Feeds.Parse(Feeds.Rss("<language>en-us</language>")).Language);

    [Fact]
    public void A_blank_language_is_no_language() =>
        Assert.Null(Feeds.Parse("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"  \"/>").Language);
}
