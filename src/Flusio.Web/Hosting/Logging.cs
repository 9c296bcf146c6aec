using System.Text;
using Flusio.Web.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;


namespace Flusio.Web.Hosting;

/// <summary>
/// One logging set-up for every host: one line per event, as text or JSON (LOG_FORMAT),
/// timestamps in UTC, framework chatter at warnings only, and the request's id on every line
/// written while serving a request (JSON: its scopes; text: "[request-id]" before the category).
/// </summary>
public static class Logging
{
    public static void Configure(ILoggingBuilder logging, FlusioSettings settings, bool quiet)
    {
        logging.ClearProviders();
        if (settings.LogJson)
        {
            logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
                o.IncludeScopes = true;
            });
        }
        else
        {
            logging.AddConsole(o => o.FormatterName = LineFormatter.FormatterName)
                .AddConsoleFormatter<LineFormatter, ConsoleFormatterOptions>(o => o.IncludeScopes = true);
        }

        if (quiet)
        {
            logging.SetMinimumLevel(LogLevel.Warning);
        }

        logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Keys live unencrypted in the database on purpose (see docs/deployment.md): the
        // database is the trust boundary, and every web process must read them.
        logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
    }
}

/// <summary>
/// "HH:mm:ss level: [request-id] category message" on one line, UTC (the request id only while
/// serving a request). Control characters in the message are escaped: a value a client sent
/// (a username with "\r\n") can never forge a log line.
/// </summary>
public sealed class LineFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "flusio-line";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var line = new StringBuilder(message.Length + 64);
        var timestamp = DateTimeOffset.UtcNow;
        line.Append(timestamp.ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture))
            .Append(Level(logEntry.LogLevel)).Append(": ");
        if (RequestId(scopeProvider) is { } requestId)
        {
            line.Append('[');
            AppendEscaped(line, requestId);
            line.Append("] ");
        }

        line.Append(logEntry.Category).Append(' ');
        AppendEscaped(line, message);
        if (logEntry.Exception is not null)
        {
            // The exception's own lines (a stack trace) follow, indented: they come from our code.
            line.AppendLine().Append("    ").Append(logEntry.Exception.ToString().Replace("\n", "\n    ", StringComparison.Ordinal));
        }

        textWriter.WriteLine(line.ToString());
    }

    /// <summary>The id ASP.NET Core's hosting scope gives the request being served, if any.</summary>
    private static string? RequestId(IExternalScopeProvider? scopes)
    {
        string? id = null;
        scopes?.ForEachScope(
            (scope, _) =>
            {
                if (id is null && scope is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        if (key == "RequestId" && value is not null)
                        {
                            id = value.ToString();
                            break;
                        }
                    }
                }
            },
            (object?)null);
        return id;
    }

    internal static void AppendEscaped(StringBuilder line, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r': line.Append("\\r"); break;
                case '\n': line.Append("\\n"); break;
                case '\t': line.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029')
                    {
                        line.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        line.Append(c);
                    }

                    break;
            }
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
