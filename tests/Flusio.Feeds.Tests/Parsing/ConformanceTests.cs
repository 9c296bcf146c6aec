using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Flusio.Feeds.Parsing;
using Xunit.Abstractions;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>
/// Holds the parser against the shared corpus (gofeed and feed-rs test data in
/// one normalised form): each case goes through FeedParser and FeedJson, then
/// each check's path is read from that JSON. Every check must pass, except the
/// deviations listed below, each with its reason; a listed deviation that
/// passes again (or no longer exists) fails the test too, so the list stays true.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    /// <summary>Failures we accept on purpose: "corpus:file|path" → why.</summary>
    private static readonly Dictionary<string, string> Deviations = new(StringComparer.Ordinal)
    {
        ["gofeed:testdata/parser/atom/issue_275_extensions_and_source.xml|entries[3].content"] =
            "content of an XML media type given as escaped text: we return the text, gofeed re-escapes it",
        ["feed-rs:feed-rs/fixture/atom/atom_example_1.xml|entries[0].content"] =
            "type=\"xhtml\": RFC 4287 says the wrapper div is not part of the content; we drop it (gofeed agrees), feed-rs keeps it",
        ["feed-rs:feed-rs/fixture/atom/atom_example_7.xml|entries[0].content"] =
            "same xhtml wrapper div as above",
        ["feed-rs:feed-rs/fixture/atom/atom_xml_base.xml|entries[0].content"] =
            "we resolve relative URLs in content against xml:base (gofeed agrees); feed-rs leaves them relative",
        ["feed-rs:feed-rs/fixture/jsonfeed/jsonfeed_elastic_1.1.json|entries[0].author"] =
            "JSON Feed 1.1: \"authors\" supersedes the deprecated \"author\"; feed-rs prefers the deprecated one",
        ["feed-rs:feed-rs/fixture/rss1/rss_1.0_spec_2.xml|feed.link"] =
            "feed-rs normalises an empty URL path to \"/\"; we keep URLs as written (gofeed's cases expect that)",
        ["feed-rs:feed-rs/fixture/rss2/rss_2.0_kdist.xml|feed.link"] =
            "same URL normalisation as above",
        ["feed-rs:feed-rs/fixture/rss2/rss_2.0_relurl_1.xml|entries[0].content"] =
            "only surrounding whitespace differs: we trim values",
    };

    // Not a speed limit (the growth tests hold the parser linear): a case this slow is a hang.
    private static readonly TimeSpan Catastrophe = TimeSpan.FromSeconds(20);

    // Fields the parser delivers as plain text by design (titles, names): for a
    // check marked html, the reader-visible text of the expected markup is what
    // they must equal.
    private static readonly string[] PlainTextFields = [".title", ".author"];

    [CorpusFact]
    public void Gofeed_corpus_passes_every_check_but_the_listed_deviations() => RunCorpus("gofeed");

    [CorpusFact]
    public void Feed_rs_corpus_passes_every_check_but_the_listed_deviations() => RunCorpus("feed-rs");

    private void RunCorpus(string name)
    {
        var folder = Path.Combine(Corpus.RequiredRoot, name);
        Assert.True(File.Exists(Path.Combine(folder, "cases.jsonl")), $"{folder}/cases.jsonl is missing");
        var byFormat = new SortedDictionary<string, (int Pass, int Total)>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        var stillDeviating = new HashSet<string>(StringComparer.Ordinal);
        int passed = 0, total = 0;
        foreach (var testCase in Corpus.Cases(folder))
        {
            var file = (string)testCase["file"]!;
            var format = testCase["format"]?.ToString() ?? "null";
            foreach (var (path, ok, detail) in RunCase(folder, testCase))
            {
                total++;
                var counts = byFormat.GetValueOrDefault(format);
                byFormat[format] = (counts.Pass + (ok ? 1 : 0), counts.Total + 1);
                var key = $"{name}:{file}|{path}";
                if (ok)
                {
                    passed++;
                }
                else if (Deviations.ContainsKey(key))
                {
                    stillDeviating.Add(key);
                }
                else
                {
                    unexpected.Add($"FAIL {file} {path}: {detail}");
                }
            }
        }
        var stale = Deviations.Keys.Where(k => k.StartsWith(name + ":", StringComparison.Ordinal) && !stillDeviating.Contains(k)).ToList();
        output.WriteLine($"{name}: {passed}/{total} checks pass ({(double)passed / Math.Max(1, total):P2}), {stillDeviating.Count} listed deviations");
        foreach (var (format, (pass, count)) in byFormat)
        {
            output.WriteLine($"  {format,-10} {pass}/{count} ({(double)pass / count:P1})");
        }
        foreach (var line in unexpected.Concat(stale.Select(k => $"STALE deviation (passes now, or no such check): {k}")))
        {
            output.WriteLine(line);
        }
        Assert.True(unexpected.Count == 0 && stale.Count == 0,
            $"{name}: {unexpected.Count} failing checks not listed as deviations, {stale.Count} stale deviations:\n"
            + string.Join("\n", unexpected.Concat(stale).Take(40)));
    }

    private static List<(string Path, bool Ok, string Detail)> RunCase(string folder, JsonObject testCase)
    {
        var file = (string)testCase["file"]!;
        var checks = testCase["checks"]!.AsArray();
        var expectError = testCase["expect_error"]?.GetValue<bool>() == true;
        var bytes = File.ReadAllBytes(Path.Combine(folder, file));
        var watch = Stopwatch.StartNew();
        JsonNode? actual = null;
        string? crash = null;
        try
        {
            actual = JsonNode.Parse(FeedJson.ToJson(FeedParser.Parse(bytes, new FeedParseOptions())));
        }
        catch (FeedParseException e)
        {
            crash = expectError ? null : $"FeedParseException {e.Kind}: {e.Message}{(e.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "")}";
        }
#pragma warning disable CA1031 // a crash is a result here, reported as failed checks
        catch (Exception e)
        {
            crash = $"crash {e.GetType().Name}: {e.Message}";
        }
#pragma warning restore CA1031
        watch.Stop();
        if (watch.Elapsed > Catastrophe)
        {
            crash = $"took {watch.ElapsedMilliseconds} ms";
        }
        if (expectError)
        {
            var ok = actual is null && crash is null;
            return [("expect_error", ok, ok ? "" : crash ?? "parsed without error")];
        }
        var results = new List<(string, bool, string)>();
        foreach (var check in checks)
        {
            var path = (string)check!["path"]!;
            if (crash is not null)
            {
                results.Add((path, false, crash));
                continue;
            }
            var expected = check["equals"];
            var html = check["html"]?.GetValue<bool>() == true;
            var value = Evaluate(actual!, path);
            var ok = Matches(expected, value, html, path);
            results.Add((path, ok, ok ? "" : $"expected {Show(expected)}, got {Show(value)}"));
        }
        return results;
    }

    private static bool Matches(JsonNode? expected, JsonNode? actual, bool html, string path)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null;
        }
        if (expected is JsonArray expectedArray)
        {
            return actual is JsonArray actualArray && expectedArray.Count == actualArray.Count
                && expectedArray.Zip(actualArray).All(p => Matches(p.First, p.Second, html, path));
        }
        if (expected.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            return actual.GetValueKind() == System.Text.Json.JsonValueKind.Number && expected.ToJsonString() == actual.ToJsonString();
        }
        var want = expected.ToString();
        var got = actual.ToString();
        if (want == got)
        {
            return true;
        }
        if (!html)
        {
            return false;
        }
        if (HtmlComparison.Normalize(want) == HtmlComparison.Normalize(got))
        {
            return true;
        }
        return PlainTextFields.Any(f => path.EndsWith(f, StringComparison.Ordinal))
            && HtmlComparison.Text(want) == HtmlComparison.Collapse(got);
    }

    /// <summary>Reads "feed.title", "entries.length", "entries[0].categories[1]", "x.length" from the JSON.</summary>
    internal static JsonNode? Evaluate(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.'))
        {
            if (node is null)
            {
                return null;
            }
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            if (name == "length" && node is JsonArray array)
            {
                node = JsonValue.Create(array.Count);
                continue;
            }
            node = node is JsonObject obj ? obj[name] : null;
            if (node is null && name is "categories" or "enclosures" or "entries")
            {
                node = new JsonArray();
            }
            var rest = bracket < 0 ? "" : part[bracket..];
            while (rest.Length > 0 && node is not null)
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                var index = int.Parse(rest[1..close], System.Globalization.CultureInfo.InvariantCulture);
                node = node is JsonArray items && index < items.Count ? items[index] : null;
                rest = rest[(close + 1)..];
            }
        }
        return node;
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "(absent)";
        return text.Length > 160 ? text[..160] + "..." : text;
    }
}
