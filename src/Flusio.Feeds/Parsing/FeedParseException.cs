namespace Flusio.Feeds.Parsing;

/// <summary>Why a body could not be read as a feed.</summary>
public enum FeedParseError
{
    /// <summary>Nothing, or only whitespace, was received.</summary>
    Empty,
    /// <summary>An HTML page (the user probably gave a site, not its feed).</summary>
    Html,
    /// <summary>Well-formed XML whose root is not a feed.</summary>
    NotAFeed,
    /// <summary>JSON that is not a JSON Feed, or JSON that does not parse.</summary>
    Json,
    /// <summary>Looks like a feed but is too broken to read.</summary>
    Malformed,
    /// <summary>An image, an archive or other binary data.</summary>
    Binary,
    /// <summary>XML that declares its own entities (billion laughs, external entities): refused unread.</summary>
    EntityDeclarations,
    /// <summary>A body over the cap (<see cref="FeedLimits.MaxBodyBytes"/>): refused unread.</summary>
    TooLarge,
}

/// <summary>
/// How the parser says that a body cannot be read as a feed. <see cref="Exception.Message"/>
/// is short and meant for the user: it says what was received instead of a feed. Any other
/// exception out of the parser is a bug of the parser, never a verdict on the body.
/// </summary>
public sealed class FeedParseException : Exception
{
    public FeedParseException() : this(FeedParseError.Malformed, "The feed could not be read")
    {
    }

    public FeedParseException(string message) : this(FeedParseError.Malformed, message)
    {
    }

    public FeedParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = FeedParseError.Malformed;
    }

    public FeedParseException(FeedParseError kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public FeedParseError Kind { get; }
}
