using Flusio.Feeds.Fetching;
using Flusio.Feeds.Parsing;
using Microsoft.Extensions.Localization;

namespace Flusio.Web.Feeds;

/// <summary>
/// A feed's failure as stored (<see cref="Feed.ErrorKind"/>): the engine's error kind names,
/// fetch and parse alike, and its wording for the people who follow the feed.
/// </summary>
public static class FeedErrors
{
    public const string Gone = "Gone";

    public static string Key(FetchErrorKind kind) => kind.ToString();

    public static string Key(FeedParseError kind) => "Parse" + kind;

    /// <summary>What failed, in the reader's language.</summary>
    public static string Describe(string key, int? status, IStringLocalizer t) => key switch
    {
        Gone => t["The feed is gone: its server says it was removed for good. It is no longer checked."],
        nameof(FetchErrorKind.Dns) => t["The site's name could not be found."],
        nameof(FetchErrorKind.RefusedAddress) => t["The feed's address points to a private network, which this instance does not fetch."],
        nameof(FetchErrorKind.Connection) => t["The site's server could not be reached."],
        nameof(FetchErrorKind.Tls) => t["The site's secure connection failed."],
        nameof(FetchErrorKind.Timeout) => t["The site's server took too long to answer."],
        nameof(FetchErrorKind.TooLarge) => t["The feed is too large."],
        nameof(FetchErrorKind.TooManyRedirects) or nameof(FetchErrorKind.RedirectLoop) => t["The feed's address redirects too many times."],
        nameof(FetchErrorKind.HttpStatus) => t["The site's server answered with an error (HTTP {0}).", status ?? 0],
        nameof(FetchErrorKind.InvalidUrl) or nameof(FetchErrorKind.UnsupportedScheme) => t["The feed's address is not valid."],
        nameof(FetchErrorKind.InvalidResponse) => t["The site's server gave an answer that could not be read."],
        _ when key.StartsWith("Parse", StringComparison.Ordinal) => t["The feed could not be read: it is not a valid RSS, Atom or JSON feed."],
        _ => t["The feed could not be fetched."],
    };
}
