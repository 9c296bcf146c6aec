using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Authentication;

namespace Flusio.Feeds.Fetching;

/// <summary>
/// The feed engine's HTTP fetcher: one configured client, conditional GET, redirects followed by
/// hand (counted, loop-checked, permanent moves noted), a total timeout and a body cap counted
/// after decompression. Every connection goes through the <see cref="PublicAddressGuard"/>
/// unless private networks are allowed. Thread-safe; build one and share it.
/// </summary>
public sealed class HttpFetcher : IHttpFetcher, IDisposable
{
    public const string FeedAccept =
        "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, " +
        "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1";

    public const string PageAccept = "text/html, application/xhtml+xml;q=0.9, application/xml;q=0.8, */*;q=0.5";

    private readonly FetcherOptions _options;
    private readonly HttpClient _client;

    public HttpFetcher(FetcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _client = FetcherHttpClientFactory.Create(options);
    }

    public async Task<FetchResult> FetchAsync(Uri url, FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.TotalTimeout);
        try
        {
            return await FollowAsync(CheckUrl(url), request, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchException(FetchErrorKind.Timeout, $"no complete answer within {_options.TotalTimeout}", e);
        }
        catch (HttpRequestException e)
        {
            throw Translate(e);
        }
        catch (InvalidDataException e)
        {
            throw new FetchException(FetchErrorKind.InvalidResponse, "corrupt compressed body", e);
        }
        catch (IOException e)
        {
            // The connection broke while the body was being read.
            throw new FetchException(FetchErrorKind.Connection, e.Message, e);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<FetchResult> FollowAsync(Uri url, FetchRequest request, CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { url.AbsoluteUri };
        Uri? permanentUrl = null;
        var onlyPermanentHops = true;
        for (var redirects = 0; ; redirects++)
        {
            using var message = BuildMessage(url, request);
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                var next = RedirectTarget(url, response);
                if (redirects >= _options.MaxRedirects)
                {
                    throw new FetchException(FetchErrorKind.TooManyRedirects, $"more than {_options.MaxRedirects} redirects");
                }

                if (!visited.Add(next.AbsoluteUri))
                {
                    throw new FetchException(FetchErrorKind.RedirectLoop, $"{url} redirects back to {next}");
                }

                onlyPermanentHops &= status is 301 or 308;
                permanentUrl = onlyPermanentHops ? next : permanentUrl;
                url = next;
                continue;
            }

            return await ReadResultAsync(url, permanentUrl, response, cancellationToken);
        }
    }

    private static HttpRequestMessage BuildMessage(Uri url, FetchRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.TryAddWithoutValidation("Accept", request.Kind == FetchKind.Feed ? FeedAccept : PageAccept);
        if (request.IgnoreCache)
        {
            message.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
            message.Headers.Pragma.ParseAdd("no-cache");
            return message;
        }

        if (!string.IsNullOrEmpty(request.ETag))
        {
            message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        }

        if (request.LastModified is { } lastModified)
        {
            message.Headers.IfModifiedSince = lastModified;
        }

        return message;
    }

    private async Task<FetchResult> ReadResultAsync(Uri url, Uri? permanentUrl, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfter(response.Headers.RetryAfter);
        if (status != 304 && status is < 200 or > 299)
        {
            throw FetchException.ForStatus(status, retryAfter);
        }

        var body = Array.Empty<byte>();
        if (status != 304)
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            body = await BoundedBodyReader.ReadAsync(stream, response.Content.Headers.ContentLength, _options.MaxBodyBytes, cancellationToken);
        }

        var contentType = response.Content.Headers.ContentType;
        return new FetchResult
        {
            StatusCode = status,
            Body = body,
            MediaType = contentType?.MediaType?.ToLowerInvariant(),
            Charset = contentType?.CharSet?.Trim('"', '\'', ' '),
            ETag = RawHeader(response.Headers, "ETag"),
            LastModified = response.Content.Headers.LastModified,
            MaxAge = response.Headers.CacheControl?.MaxAge,
            Expires = response.Content.Headers.Expires,
            RetryAfter = retryAfter,
            FinalUrl = url,
            PermanentRedirectUrl = permanentUrl,
        };
    }

    // Echoed back verbatim in If-None-Match, even when a server's ETag does not follow the grammar.
    private static string? RawHeader(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private DateTimeOffset? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Date: { } date } => date,
        { Delta: { } delta } => _options.TimeProvider.GetUtcNow() + delta,
        _ => null,
    };

    private static Uri RedirectTarget(Uri from, HttpResponseMessage response)
    {
        var location = response.Headers.Location
            ?? throw new FetchException(FetchErrorKind.InvalidResponse, $"redirect {(int)response.StatusCode} without Location");
        if (!Uri.TryCreate(from, location, out var next))
        {
            throw new FetchException(FetchErrorKind.InvalidUrl, $"invalid redirect to {location}");
        }

        // A fragment is not sent to servers; it must not make two equal hops look different.
        return CheckUrl(new UriBuilder(next) { Fragment = string.Empty }.Uri);
    }

    private static Uri CheckUrl(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            throw new FetchException(FetchErrorKind.InvalidUrl, url.OriginalString);
        }

        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new FetchException(FetchErrorKind.UnsupportedScheme, url.Scheme);
        }

        if (string.IsNullOrEmpty(url.Host))
        {
            throw new FetchException(FetchErrorKind.InvalidUrl, url.OriginalString);
        }

        return url;
    }

    private static FetchException Translate(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is FetchException fetch)
            {
                return fetch;
            }

            if (inner is AuthenticationException)
            {
                return new FetchException(FetchErrorKind.Tls, inner.Message, e);
            }
        }

        var kind = e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => FetchErrorKind.Dns,
            HttpRequestError.SecureConnectionError => FetchErrorKind.Tls,
            HttpRequestError.ConfigurationLimitExceeded => FetchErrorKind.TooLarge,
            HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded
                or HttpRequestError.HttpProtocolError => FetchErrorKind.InvalidResponse,
            _ => FetchErrorKind.Connection,
        };
        return new FetchException(kind, e.Message, e);
    }
}
