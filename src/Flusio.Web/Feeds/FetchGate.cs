using System.Collections.Concurrent;

namespace Flusio.Web.Feeds;

/// <summary>
/// Politeness of the whole process: at most <c>FETCH_CONCURRENCY</c> fetches at a time, and
/// at most <see cref="PerHost"/> to any one host, whoever asks (scheduled refreshes, a verb,
/// a user following a feed).
/// </summary>
public sealed class FetchGate(int concurrency) : IDisposable
{
    public const int PerHost = 2;

    private readonly SemaphoreSlim all = new(concurrency, concurrency);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task<T> RunAsync<T>(string host, Func<Task<T>> fetch, CancellationToken cancellationToken)
    {
        var perHost = hosts.GetOrAdd(host, _ => new SemaphoreSlim(PerHost, PerHost));
        await perHost.WaitAsync(cancellationToken);
        try
        {
            await all.WaitAsync(cancellationToken);
            try
            {
                return await fetch();
            }
            finally
            {
                all.Release();
            }
        }
        finally
        {
            perHost.Release();
        }
    }

    public void Dispose()
    {
        all.Dispose();
        foreach (var host in hosts.Values)
        {
            host.Dispose();
        }
    }
}
