using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Flusio.Tests.Infrastructure;

/// <summary>
/// Counts the SQL commands EF Core runs against one database (recognised by a piece of its
/// connection string), whichever context or thread runs them: to show that a page does a
/// bounded number of queries, whatever the other tests running beside it do.
/// </summary>
public sealed class QueryCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string connectionMarker;
    private readonly IDisposable subscription;
    private readonly List<IDisposable> listeners = [];
    private int count;

    public QueryCounter(string connectionMarker)
    {
        this.connectionMarker = connectionMarker;
        subscription = DiagnosticListener.AllListeners.Subscribe(this);
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
        if (value.Value is CommandExecutedEventData data
            && data.Command.Connection?.ConnectionString?.Contains(connectionMarker, StringComparison.Ordinal) == true)
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
