namespace Flusio.Web.Data;

/// <summary>A word or an "exact phrase" of a search, to find or (<see cref="Excluded"/>) to avoid.</summary>
public sealed record SearchTerm(string Text, bool IsPhrase, bool Excluded);

/// <summary>Why a search cannot run, said on the page instead of running it.</summary>
public enum SearchQueryError
{
    /// <summary>Nothing to look for: empty, or only quotes, dashes and punctuation.</summary>
    NothingToFind,
    /// <summary>Only -exclusions: they would list everything else.</summary>
    OnlyExclusions,
    /// <summary>More than <see cref="SearchQuery.MaxLength"/> characters.</summary>
    TooLong,
    /// <summary>More than <see cref="SearchQuery.MaxTerms"/> words and phrases.</summary>
    TooManyTerms,
}

/// <summary>
/// What the user typed in a search box, parsed once into a provider-neutral form: words
/// (all must match), "exact phrases", and -exclusions (a -word or a -"phrase"). Matching
/// is case-insensitive. The terms are plain text: each provider renders them into its own
/// query language as bound values, quoted so that no character of theirs (quotes, *, :,
/// parentheses, &amp;, |, !, NEAR, AND) is ever read as an operator.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<SearchTerm> Terms)
{
    public const int MaxLength = 200;
    public const int MaxTerms = 20;

    public IEnumerable<SearchTerm> Included => Terms.Where(t => !t.Excluded);

    public IEnumerable<SearchTerm> Excluded => Terms.Where(t => t.Excluded);

    /// <summary>The query, or why it cannot run. An unclosed quote runs to the end of the text.</summary>
    public static (SearchQuery? Query, SearchQueryError? Error) Parse(string? text)
    {
        text ??= "";
        if (text.Length > MaxLength)
        {
            return (null, SearchQueryError.TooLong);
        }

        var terms = new List<SearchTerm>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var excluded = text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]);
            if (excluded)
            {
                i++;
            }

            string term;
            var phrase = text[i] == '"';
            if (phrase)
            {
                var close = text.IndexOf('"', i + 1);
                var end = close < 0 ? text.Length : close;
                term = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                term = text[start..i];
            }

            // A term without a letter or a digit finds nothing in any index: it is syntax.
            term = string.Join(' ', term.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
            if (term.Any(char.IsLetterOrDigit) && !terms.Any(t => t.Text == term && t.Excluded == excluded))
            {
                terms.Add(new SearchTerm(term, phrase && term.Contains(' '), excluded));
            }
        }

        if (terms.Count > MaxTerms)
        {
            return (null, SearchQueryError.TooManyTerms);
        }

        if (!terms.Any(t => !t.Excluded))
        {
            return (null, terms.Count == 0 ? SearchQueryError.NothingToFind : SearchQueryError.OnlyExclusions);
        }

        return (new SearchQuery(terms), null);
    }
}
