namespace Flusio.Feeds.Parsing;

/// <summary>
/// Turns the URLs of a feed into absolute ones when a base is known, and lets only web
/// addresses out: a feed is hostile input, and a "javascript:" link it names would run in
/// the reader's page the day someone renders it as a link.
/// </summary>
internal static class Urls
{
    /// <summary>
    /// <paramref name="value"/> made absolute against <paramref name="baseUri"/>.
    /// An absolute URL is returned as written; without a base, a relative one too.
    /// Any scheme is kept: this is for bases and ids; <see cref="Link"/> is for addresses.
    /// </summary>
    public static string? Resolve(Uri? baseUri, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        value = value.Trim();
        if (baseUri is null || HasScheme(value))
        {
            return value;
        }
        try
        {
            return Uri.TryCreate(baseUri, value, out var uri) ? uri.AbsoluteUri : value;
        }
        catch (UriFormatException)
        {
            return value;
        }
    }

    /// <summary>
    /// A URL a reader may follow or load (links, images, enclosures): resolved like
    /// <see cref="Resolve"/>, then kept only if it is http or https, or still relative
    /// because no base was known. Spelled the way a browser reads it: tabs and line breaks
    /// dropped, control characters and spaces trimmed, so "java&#9;script:" is seen for what it is.
    /// </summary>
    public static string? Link(Uri? baseUri, string? value)
    {
        var cleaned = AsBrowsersRead(value);
        if (cleaned is null)
        {
            return null;
        }
        var resolved = Resolve(baseUri, cleaned);
        if (resolved is null)
        {
            return null;
        }
        if (!HasScheme(resolved))
        {
            return resolved;
        }
        return resolved.StartsWith("http:", StringComparison.OrdinalIgnoreCase)
            || resolved.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? resolved : null;
    }

    /// <summary>Whether <paramref name="uri"/> may serve as a base for links (http or https).</summary>
    public static bool IsWeb(Uri uri) => uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;

    // The URL parser of the WHATWG standard strips leading and trailing C0 controls and spaces,
    // and removes every tab and newline, before it looks for a scheme.
    private static string? AsBrowsersRead(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var span = value.AsSpan().Trim("\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F ");
        if (span.IsEmpty)
        {
            return null;
        }
        if (span.IndexOfAny('\t', '\n', '\r') < 0)
        {
            return span.Length == value.Length ? value : span.ToString();
        }
        var kept = new char[span.Length];
        var n = 0;
        foreach (var c in span)
        {
            if (c is not ('\t' or '\n' or '\r'))
            {
                kept[n++] = c;
            }
        }
        return new string(kept, 0, n);
    }

    /// <summary>True for "http:", "mailto:", "tag:"..., false for paths and "//host".</summary>
    public static bool HasScheme(string value)
    {
        if (value.Length < 2 || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == ':')
            {
                return true;
            }
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }
        return false;
    }
}
