using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Flusio.Tests.Infrastructure;

/// <summary>
/// Counts the SQL commands EF Core runs against one database (recognised by a piece of its
/// connection string), whichever context or thread runs them: to show that a page does a
/// bounded number of queries, whatever the other tests running beside it do.
/// Create it before the app starts: a pooled context keeps its logger, and EF Core's logger,
/// finding nobody listening, stops asking for a second (<c>LoggingCacheTime</c>), so a counter
/// subscribed later misses the first second of queries. Subscribed from the start, it is asked
/// every time; <see cref="Watch"/> then names the database to count.
/// </summary>
public sealed class QueryCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private string? connectionMarker;
    private readonly IDisposable subscription;
    private readonly List<IDisposable> listeners = [];
    private int count;

    public QueryCounter() => subscription = DiagnosticListener.AllListeners.Subscribe(this);

    /// <summary>Counts from now on the commands run against the database whose connection string contains <paramref name="marker"/>.</summary>
    public void Watch(string marker)
    {
        Volatile.Write(ref connectionMarker, marker);
        Reset();
    }

    public int Count => Volatile.Read(ref count);

    public void Reset() => Interlocked.Exchange(ref count, 0);

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (listeners)
            {
                listeners.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuted.Name));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        var marker = Volatile.Read(ref connectionMarker);
        if (marker is not null
            && value.Value is CommandExecutedEventData data
            && data.Command.Connection?.ConnectionString?.Contains(marker, StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref count);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        subscription.Dispose();
        lock (listeners)
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
