namespace Flusio.Feeds.Parsing;

/// <summary>Turns the URLs of a feed into absolute ones when a base is known.</summary>
internal static class Urls
{
    /// <summary>
    /// <paramref name="value"/> made absolute against <paramref name="baseUri"/>.
    /// An absolute URL is returned as written; without a base, a relative one too.
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
