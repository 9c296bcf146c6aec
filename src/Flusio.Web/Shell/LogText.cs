namespace Flusio.Web.Shell;

/// <summary>Values a client sent, made fit for a log line: at most 120 characters.</summary>
public static class LogText
{
    private const int MaxLength = 120;

    public static string Of(string? value) =>
        value is null ? "" : value.Length <= MaxLength ? value : string.Concat(value.AsSpan(0, MaxLength), "…");
}
