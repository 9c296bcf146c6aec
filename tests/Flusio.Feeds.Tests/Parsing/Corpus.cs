using System.Text.Json.Nodes;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>
/// Finds the shared conformance corpus: FLUSIO_FEED_CORPUS, else
/// ../shared/corpus beside the repository (the folder holding Flusio.sln).
/// </summary>
internal static class Corpus
{
    public static readonly string? Root = Locate();

    public static bool Required => Environment.GetEnvironmentVariable("FLUSIO_REQUIRE_CORPUS") == "1";

    /// <summary>
    /// The corpus folder, for a <see cref="CorpusFactAttribute"/> test. Such a test runs without
    /// the corpus only when FLUSIO_REQUIRE_CORPUS=1, and then this is where it fails.
    /// </summary>
    public static string RequiredRoot => Root ?? throw new Xunit.Sdk.XunitException(
        "FLUSIO_REQUIRE_CORPUS=1 but the corpus was not found (FLUSIO_FEED_CORPUS or ../shared/corpus)");

    public static IEnumerable<string> Folders =>
        Root is null ? [] : Directory.GetDirectories(Root).Where(d => File.Exists(Path.Combine(d, "cases.jsonl"))).Order(StringComparer.Ordinal);

    public static IEnumerable<JsonObject> Cases(string folder) =>
        File.ReadLines(Path.Combine(folder, "cases.jsonl"))
            .Where(line => line.Length > 0)
            .Select(line => JsonNode.Parse(line)!.AsObject());

    /// <summary>Every feed file the corpus cases point at.</summary>
    public static IEnumerable<string> Files() =>
        Folders.SelectMany(folder => Cases(folder).Select(c => Path.Combine(folder, (string)c["file"]!)))
            .Where(File.Exists);

    private static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable("FLUSIO_FEED_CORPUS");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Flusio.sln")))
            {
                var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
                return Directory.Exists(corpus) ? corpus : null;
            }
        }
        return null;
    }
}

/// <summary>A fact that needs the corpus: skipped, visibly, when it is absent, unless FLUSIO_REQUIRE_CORPUS=1.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (Corpus.Root is null && !Corpus.Required)
        {
            Skip = "Conformance corpus not found (set FLUSIO_FEED_CORPUS or place it at ../shared/corpus)";
        }
    }
}
