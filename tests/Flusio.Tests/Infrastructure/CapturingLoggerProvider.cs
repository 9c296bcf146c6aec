using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Flusio.Tests.Infrastructure;

/// <summary>
/// Keeps every log message of an app (from <paramref name="minimum"/>, Information unless told,
/// and as the app's own filters let through), for tests that read the logs. Besides each
/// formatted message it keeps, as lines of their own, what a JSON log would also carry: the
/// values of the message's fields, the exception, and the scopes (request ids and paths).
/// </summary>
public sealed class CapturingLoggerProvider(LogLevel minimum = LogLevel.Information) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> details = new();

    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>The formatted messages.</summary>
    public IReadOnlyList<string> Lines => [.. Messages];

    /// <summary>The messages with their field values, exceptions and scopes: everything a log line may show.</summary>
    public IReadOnlyList<string> Everything => [.. Messages, .. details];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.details.Enqueue($"scope of {category}: {state}");
            owner.KeepValues(state);
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner.Messages.Enqueue(formatter(state, exception));
            owner.KeepValues(state);
            if (exception is not null)
            {
                owner.details.Enqueue(exception.ToString());
            }
        }
    }

    private readonly LogLevel minimumLevel = minimum;

    private void KeepValues<TState>(TState state)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> fields)
        {
            foreach (var (name, value) in fields)
            {
                if (name != "{OriginalFormat}" && value is not null)
                {
                    details.Enqueue($"{name}={value}");
                }
            }
        }
    }
}
