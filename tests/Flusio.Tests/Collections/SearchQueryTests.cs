using Flusio.Web.Data;

namespace Flusio.Tests.Collections;

/// <summary>The search box's syntax, parsed once for both providers.</summary>
public sealed class SearchQueryTests
{
    private static SearchQuery Parsed(string text)
    {
        var (query, error) = SearchQuery.Parse(text);
        Assert.True(query is not null, $"{text}: {error}");
        return query!;
    }

    [Fact]
    public void Words_phrases_and_exclusions_are_terms_in_lower_case()
    {
        var query = Parsed("  Rust   \"Memory  Safety\" -Java -\"Garbage collector\" ");
        Assert.Equal(
            [new SearchTerm("rust", false, false), new SearchTerm("memory safety", true, false), new SearchTerm("java", false, true), new SearchTerm("garbage collector", true, true)],
            query.Terms);
    }

    [Fact]
    public void An_unclosed_quote_runs_to_the_end_and_a_lone_dash_is_nothing()
    {
        Assert.Equal([new SearchTerm("open ended phrase", true, false)], Parsed("\"open ended phrase").Terms);
        Assert.Equal([new SearchTerm("a", false, false), new SearchTerm("b", false, false)], Parsed("a - b").Terms);
        // A quoted single word is a word; repeated terms count once.
        Assert.Equal([new SearchTerm("word", false, false)], Parsed("\"word\" WORD word").Terms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"\" - -")]
    [InlineData("* : ( ) & | ! \"")]
    public void Only_syntax_is_nothing_to_find(string text) =>
        Assert.Equal(SearchQueryError.NothingToFind, SearchQuery.Parse(text).Error);

    [Fact]
    public void Only_exclusions_too_long_and_too_many_terms_are_refused()
    {
        Assert.Equal(SearchQueryError.OnlyExclusions, SearchQuery.Parse("-a -\"b c\"").Error);
        Assert.Equal(SearchQueryError.TooLong, SearchQuery.Parse(new string('a', SearchQuery.MaxLength + 1)).Error);
        Assert.Null(SearchQuery.Parse(new string('a', SearchQuery.MaxLength)).Error);
        Assert.Equal(SearchQueryError.TooManyTerms, SearchQuery.Parse(string.Join(' ', Enumerable.Range(0, SearchQuery.MaxTerms + 1).Select(i => $"w{i}"))).Error);
        Assert.Null(SearchQuery.Parse(string.Join(' ', Enumerable.Range(0, SearchQuery.MaxTerms).Select(i => $"w{i}"))).Error);
    }

    [Fact]
    public void Operators_of_the_query_languages_stay_text()
    {
        var query = Parsed("NEAR(a b) AND c:* OR !d");
        Assert.Equal(["near(a", "b)", "and", "c:*", "or", "!d"], query.Terms.Select(t => t.Text));
        Assert.All(query.Terms, t => Assert.False(t.Excluded));
    }
}
