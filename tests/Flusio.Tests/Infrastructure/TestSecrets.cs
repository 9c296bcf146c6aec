using System.Collections.Concurrent;

namespace Flusio.Tests.Infrastructure;

/// <summary>
/// Every secret the test helpers make or send (passwords, session and sign-in cookies, mailed
/// reset and validation tokens, invitation codes, metrics tokens, two-factor codes): each app
/// of the run greps its own logs for all of them when it is disposed (<see cref="FlusioApp"/>),
/// and <c>SecretsInLogsTests</c> drives every account flow in one app and greps its logs.
/// A secret is found as a whole word, so that a short one is not found inside a longer word.
/// </summary>
public static class TestSecrets
{
    /// <summary>Shorter values (a code typed wrong, "x") are too common to mean anything when found.</summary>
    public const int MinLength = 8;

    private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);

    /// <summary>Remembers <paramref name="secret"/> as a <paramref name="kind"/> (password, cookie, token…) and returns it.</summary>
    public static string Remember(string secret, string kind)
    {
        if (IsDistinctive(secret))
        {
            Known.TryAdd(secret, kind);
        }

        return secret;
    }

    /// <summary>
    /// Long enough and unlike ordinary words: a phrase of three words or more, letters mixed with
    /// digits, or 16 characters at least. A test's deliberately guessable "password" or "12345678"
    /// is also plain text a log may hold for other reasons (a mail's subject, a count).
    /// </summary>
    public static bool IsDistinctive(string secret) =>
        secret.Length >= MinLength
        && (secret.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3
            || (secret.Any(char.IsLetter) && secret.Any(char.IsDigit))
            || secret.Length >= 16);

    public static int Count => Known.Count;

    /// <summary>
    /// Where each app with secrets in its logs writes them (and its test fails): xUnit reports a
    /// failing class fixture's disposal only as a cleanup failure, so `.ci/run` reads this file too.
    /// </summary>
    public static string FindingsFile => Path.Combine(AppContext.BaseDirectory, "secrets-in-logs.txt");

    private static readonly Lock FindingsGate = new();

    /// <summary>Appends one app's findings to <see cref="FindingsFile"/>, as one record.</summary>
    public static void Report(string app, IReadOnlyCollection<string> findings)
    {
        lock (FindingsGate)
        {
            File.AppendAllText(FindingsFile, $"--- {findings.Count} secret(s) in the logs of {app}\n{string.Join("\n", findings)}\n");
        }
    }

    public static bool Knows(string secret) => Known.ContainsKey(secret);

    /// <summary>What each kind counts so far.</summary>
    public static IReadOnlyDictionary<string, int> Kinds => Known.Values.GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Every remembered secret that appears in one of <paramref name="lines"/>, with the line; nothing when clean.</summary>
    public static List<string> FindIn(IEnumerable<string> lines)
    {
        // Words of the lines, split where no token, cookie or code has a character; secrets with
        // such characters (passphrases with spaces) are looked for in each line.
        var secrets = Known.ToArray();
        var spaced = secrets.Where(s => s.Key.AsSpan().IndexOfAny(SeparatorValues) >= 0).ToArray();
        var words = secrets.Length == spaced.Length ? null : secrets.Where(s => s.Key.AsSpan().IndexOfAny(SeparatorValues) < 0).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        var findings = new List<string>();
        foreach (var line in lines)
        {
            if (words is not null)
            {
                foreach (var word in line.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
                {
                    // "token=VALUE" is a word; base64 ends in "=": both the word and what follows its first "=".
                    var value = word.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? word[(eq + 1)..] : word;
                    foreach (var candidate in new[] { word, value, value.TrimEnd('.'), Unescape(word), Unescape(value) })
                    {
                        if (words.TryGetValue(candidate, out var kind))
                        {
                            findings.Add($"{kind} in: {line}");
                            break;
                        }
                    }
                }
            }

            foreach (var (secret, kind) in spaced)
            {
                if (ContainsWord(line, secret))
                {
                    findings.Add($"{kind} in: {line}");
                }
            }
        }

        return findings;
    }

    private static readonly char[] Separators = [' ', '\t', '\r', '\n', '"', '\'', ',', ';', ':', '&', '?', '(', ')', '[', ']', '{', '}', '<', '>', '|', '\\'];

    private static readonly System.Buffers.SearchValues<char> SeparatorValues = System.Buffers.SearchValues.Create(Separators);

    private static string Unescape(string word)
    {
        try
        {
            return Uri.UnescapeDataString(word);
        }
        catch (UriFormatException)
        {
            return word;
        }
    }

    private static bool ContainsWord(string line, string secret)
    {
        for (var at = line.IndexOf(secret, StringComparison.Ordinal); at >= 0; at = line.IndexOf(secret, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 || !char.IsLetterOrDigit(line[at - 1]);
            var end = at + secret.Length;
            var after = end == line.Length || !char.IsLetterOrDigit(line[end]);
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }
}
