namespace Flusio.Web.Collections;

/// <summary>
/// Query parameters that only tell a site or an advertiser where a visitor came from: a link's
/// address without them is the same page. Repairing a link proposes its address stripped of them.
/// </summary>
public static class TrackingParameters
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id",
        "mc_eid", "mc_cid", "igshid", "igsh", "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp", "hsctatracking",
        "ref_src", "ref_url", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "_openstat",
        "wickedid", "rb_clickid", "s_cid", "at_medium", "at_campaign", "_ga", "_gl",
    };

    private static readonly string[] Prefixes = ["utm_", "pk_", "mtm_"];

    public static bool IsTracking(string name) =>
        Names.Contains(name) || Prefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="url"/> without its tracking parameters; the other parameters keep their order and spelling.</summary>
    public static Uri Strip(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var query = url.Query;
        if (query.Length <= 1)
        {
            return url;
        }

        var kept = query[1..].Split('&').Where(part => part.Length > 0 && !IsTracking(Name(part))).ToList();
        var builder = new UriBuilder(url) { Query = string.Join('&', kept) };
        if (url.IsDefaultPort)
        {
            builder.Port = -1;
        }

        return builder.Uri;
    }

    private static string Name(string part)
    {
        var equals = part.IndexOf('=', StringComparison.Ordinal);
        var raw = equals < 0 ? part : part[..equals];
        try
        {
            return Uri.UnescapeDataString(raw.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return raw;
        }
    }
}
