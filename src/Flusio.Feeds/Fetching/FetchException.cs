namespace Flusio.Feeds.Fetching;

/// <summary>
/// A fetch that failed for a reason the user can be told about. <see cref="Exception.Message"/>
/// is short and user-facing; technical detail stays in <see cref="Detail"/> and the inner exception.
/// </summary>
public sealed class FetchException : Exception
{
    public FetchException(FetchErrorKind kind, string? detail = null, Exception? innerException = null)
        : base(UserMessage(kind, null), innerException)
    {
        Kind = kind;
        Detail = detail;
    }

    private FetchException(int statusCode, DateTimeOffset? retryAfter)
        : base(UserMessage(FetchErrorKind.HttpStatus, statusCode))
    {
        Kind = FetchErrorKind.HttpStatus;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
        Detail = $"HTTP {statusCode}";
    }

    public FetchErrorKind Kind { get; }

    /// <summary>The HTTP status code, for <see cref="FetchErrorKind.HttpStatus"/>.</summary>
    public int? StatusCode { get; }

    /// <summary>When the server asked to be left alone until (429 and 503 answers).</summary>
    public DateTimeOffset? RetryAfter { get; }

    /// <summary>What exactly went wrong, for logs; never shown as is.</summary>
    public string? Detail { get; }

    public static FetchException ForStatus(int statusCode, DateTimeOffset? retryAfter = null) =>
        new(statusCode, retryAfter);

    public static string UserMessage(FetchErrorKind kind, int? statusCode) => kind switch
    {
        FetchErrorKind.InvalidUrl => "The address is not a valid web address.",
        FetchErrorKind.UnsupportedScheme => "Only http and https addresses can be fetched.",
        FetchErrorKind.Dns => "The server name could not be found.",
        FetchErrorKind.RefusedAddress => "The address points to a private network and cannot be fetched.",
        FetchErrorKind.Connection => "The server could not be reached.",
        FetchErrorKind.Tls => "The secure connection to the server failed.",
        FetchErrorKind.Timeout => "The server took too long to answer.",
        FetchErrorKind.TooLarge => "The document is too large.",
        FetchErrorKind.TooManyRedirects => "The address redirects too many times.",
        FetchErrorKind.RedirectLoop => "The address redirects in a loop.",
        FetchErrorKind.HttpStatus => StatusMessage(statusCode),
        FetchErrorKind.InvalidResponse => "The server sent an answer that could not be understood.",
        _ => "The address could not be fetched.",
    };

    private static string StatusMessage(int? code) => code switch
    {
        401 or 403 => $"The server refused access (HTTP {code}).",
        404 => "The page was not found (HTTP 404).",
        410 => "The page is gone for good (HTTP 410).",
        429 => "The server asked us to slow down (HTTP 429).",
        >= 500 => $"The server had a problem (HTTP {code}).",
        _ => $"The server answered with an error (HTTP {code}).",
    };
}
