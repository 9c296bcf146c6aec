namespace Flusio.Feeds.Parsing;

/// <summary>The syndication format a document was recognised as.</summary>
public enum FeedFormat
{
    Rss2,
    Rss1,
    Rss09x,
    Atom1,
    Atom03,
    Json1,
}

/// <summary>Names of the formats as the normalised JSON prints them.</summary>
public static class FeedFormatNames
{
    public static string ToName(this FeedFormat format) => format switch
    {
        FeedFormat.Rss2 => "rss2",
        FeedFormat.Rss1 => "rss1/rdf",
        FeedFormat.Rss09x => "rss0.9x",
        FeedFormat.Atom1 => "atom1",
        FeedFormat.Atom03 => "atom0.3",
        FeedFormat.Json1 => "json1",
        _ => "unknown",
    };
}

/// <summary>
/// A feed as the parser understood it, whatever its format. Titles and author
/// names are plain text; descriptions, summaries and contents are HTML that has
/// not been sanitised yet; URLs are absolute when a base was known.
/// </summary>
public sealed record ParsedFeed
{
    public required FeedFormat Format { get; init; }
    public string? Title { get; init; }
    public string? Link { get; init; }
    public string? Description { get; init; }
    public string? Language { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public string? Image { get; init; }

    /// <summary>The feed's own categories: RSS channel category, dc:subject, Atom category, iTunes categories and subcategories.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>How long the feed asks to be cached (RSS ttl), from a minute to 7 days; null when it does not say.</summary>
    public TimeSpan? Ttl { get; init; }

    public IReadOnlyList<ParsedEntry> Entries { get; init; } = [];
}

/// <summary>One item (RSS), entry (Atom) or item (JSON Feed).</summary>
public sealed record ParsedEntry
{
    public string? Id { get; init; }
    public string? Title { get; init; }
    public string? Link { get; init; }
    public string? Summary { get; init; }
    public string? Content { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public string? Author { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<ParsedEnclosure> Enclosures { get; init; } = [];

    /// <summary>The entry's picture: media:thumbnail, else its iTunes episode image.</summary>
    public string? Image { get; init; }
}

/// <summary>A media file attached to an entry (podcast episode, image...).</summary>
public sealed record ParsedEnclosure(string Url, string? Type, long? Length);
