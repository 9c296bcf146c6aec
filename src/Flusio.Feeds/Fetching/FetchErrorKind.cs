namespace Flusio.Feeds.Fetching;

/// <summary>Why a fetch failed. The name doubles as a stable key for translations.</summary>
public enum FetchErrorKind
{
    InvalidUrl,
    UnsupportedScheme,
    Dns,
    RefusedAddress,
    Connection,
    Tls,
    Timeout,
    TooLarge,
    TooManyRedirects,
    RedirectLoop,
    HttpStatus,
    InvalidResponse,
}
