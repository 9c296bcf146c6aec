namespace Flusio.Feeds.Parsing;

/// <summary>The XML namespaces feeds use, and what each one is to the parser.</summary>
internal static class FeedNamespaces
{
    public const string Atom10 = "http://www.w3.org/2005/Atom";
    public const string Atom03 = "http://purl.org/atom/ns#";
    public const string Rss10 = "http://purl.org/rss/1.0/";
    public const string Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public const string Userland = "http://backend.userland.com/rss2";
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Content = "http://purl.org/rss/1.0/modules/content/";
    public const string DublinCore = "http://purl.org/dc/elements/1.1/";
    public const string DublinCoreTerms = "http://purl.org/dc/terms/";
    public const string Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    public const string Media = "http://search.yahoo.com/mrss/";
    public const string Xhtml = "http://www.w3.org/1999/xhtml";
    public const string Xml = "http://www.w3.org/XML/1998/namespace";

    /// <summary>
    /// The namespace a broken feed meant by a prefix it used without declaring it, for the
    /// prefixes whose elements the parser reads; null for any other prefix.
    /// </summary>
    public static string? KnownPrefix(ReadOnlySpan<char> prefix)
    {
        Span<char> lower = stackalloc char[8];
        if (prefix.Length > lower.Length)
        {
            return null;
        }
        var n = prefix.ToLowerInvariant(lower);
        return lower[..n] switch
        {
            "atom" => Atom10,
            "content" => Content,
            "dc" => DublinCore,
            "dcterms" => DublinCoreTerms,
            "itunes" => Itunes,
            "media" => Media,
            "rdf" => Rdf,
            "xhtml" => Xhtml,
            _ => null,
        };
    }

    public static NsKind Classify(string ns) => ns switch
    {
        "" => NsKind.None,
        Atom10 or Atom03 => NsKind.Atom,
        Rss10 or Rss090 or Userland => NsKind.Rss,
        Content => NsKind.Content,
        DublinCore or DublinCoreTerms => NsKind.DublinCore,
        Media => NsKind.Media,
        Rdf => NsKind.Rdf,
        Xhtml => NsKind.Xhtml,
        _ when ns.Contains("itunes.com/dtds", StringComparison.OrdinalIgnoreCase) => NsKind.Itunes,
        _ => NsKind.Other,
    };
}

internal enum NsKind
{
    None,
    Atom,
    Rss,
    Content,
    DublinCore,
    Itunes,
    Media,
    Rdf,
    Xhtml,
    Other,
}
