namespace Flusio.Feeds.Fetching;

/// <summary>Fetches feeds and pages over HTTP within the rules for bad input.</summary>
public interface IHttpFetcher
{
    /// <summary>
    /// Fetches <paramref name="url"/>, following up to the configured number of redirects.
    /// Returns 2xx and 304 answers; throws <see cref="FetchException"/> for everything else, and
    /// <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> fires.
    /// </summary>
    Task<FetchResult> FetchAsync(Uri url, FetchRequest request, CancellationToken cancellationToken = default);
}
