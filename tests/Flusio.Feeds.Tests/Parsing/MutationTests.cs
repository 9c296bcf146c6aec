using System.Diagnostics;
using System.Text;
using Flusio.Feeds.Parsing;
using Xunit.Abstractions;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>
/// Feeds arrive broken in every way; the parser must answer with a feed or a
/// FeedParseException, never anything else. 10,000 deterministic mutations of
/// the corpus files (bytes flipped, inserted, deleted, duplicated; tags added,
/// dropped, swapped; bodies cut short) check that it does. Speed is the growth
/// tests' business (HostileInputTests); only a hang counts here.
/// </summary>
public sealed class MutationTests(ITestOutputHelper output)
{
    private const int Mutations = 10_000;
    private static readonly TimeSpan Catastrophe = TimeSpan.FromSeconds(20);
    private static readonly string[] Fragments =
    [
        "<", ">", "&", "&amp;", "&nbsp;", "&#0;", "&#xD800;", "&unknown;", "]]>", "<![CDATA[", "<!--", "-->",
        "</item>", "<item>", "</entry>", "<entry>", "</channel>", "<title>", "</title>", "<x:y>", "</a>",
        "<!DOCTYPE x [<!ENTITY a \"&#38;a;&#38;a;\">]>", "&a;", "xml:base=\"::\"", " xmlns=\"\"", "\u0000", "\"", "'",
        "<?xml version=\"1.0\"?>", "<div xmlns=\"http://www.w3.org/1999/xhtml\">", "{", "}", "[", "\"items\":",
        "\\ud800", "<p:q>", " a=\"1\" a=\"2\"",
    ];

    [CorpusFact]
    public void Mutated_corpus_files_either_parse_or_raise_FeedParseException()
    {
        _ = Corpus.RequiredRoot;
        var files = Corpus.Files().Select(File.ReadAllBytes).Where(b => b.Length > 0).ToArray();
        Assert.NotEmpty(files);
        var random = new Random(20240601);
        var problems = new List<string>();
        int parsed = 0, rejected = 0;
        var total = Stopwatch.StartNew();
        for (var n = 0; n < Mutations; n++)
        {
            var source = files[random.Next(files.Length)];
            var mutated = Mutate(source, random);
            var watch = Stopwatch.StartNew();
            try
            {
                FeedParser.Parse(mutated, new FeedParseOptions { FeedUrl = new Uri("https://example.org/feed/") });
                parsed++;
            }
            catch (FeedParseException)
            {
                rejected++;
            }
#pragma warning disable CA1031 // anything else is exactly what this test reports
            catch (Exception e)
            {
                problems.Add($"mutation {n}: {e.GetType().Name}: {e.Message}");
            }
#pragma warning restore CA1031
            if (watch.Elapsed > Catastrophe)
            {
                problems.Add($"mutation {n}: took {watch.ElapsedMilliseconds} ms");
            }
        }
        output.WriteLine($"{Mutations} mutations: {parsed} parsed, {rejected} rejected, {problems.Count} problems in {total.ElapsedMilliseconds} ms");
        foreach (var problem in problems.Take(50))
        {
            output.WriteLine(problem);
        }
        Assert.Empty(problems);
    }

    internal static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = new List<byte>(source);
        var rounds = 1 + random.Next(4);
        for (var k = 0; k < rounds && bytes.Count > 0; k++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0: // flip a byte
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1: // insert random bytes
                    var noise = new byte[1 + random.Next(8)];
                    random.NextBytes(noise);
                    bytes.InsertRange(at, noise);
                    break;
                case 2: // delete a range
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(64)));
                    break;
                case 3: // duplicate a range
                    var length = Math.Min(bytes.Count - at, 1 + random.Next(256));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 4: // insert a tag or a reference
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)]));
                    break;
                case 5: // drop a tag
                    DropTag(bytes, at);
                    break;
                case 6: // cut the body short
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default: // swap two ranges of tags
                    var other = random.Next(bytes.Count);
                    var (a, b) = at < other ? (at, other) : (other, at);
                    var span = Math.Min(b - a, 1 + random.Next(128));
                    var first = bytes.GetRange(a, span);
                    bytes.RemoveRange(a, span);
                    bytes.InsertRange(Math.Min(bytes.Count, b - span), first);
                    break;
            }
        }
        return [.. bytes];
    }

    private static void DropTag(List<byte> bytes, int from)
    {
        var start = bytes.IndexOf((byte)'<', from);
        if (start < 0)
        {
            return;
        }
        var end = bytes.IndexOf((byte)'>', start);
        if (end > start)
        {
            bytes.RemoveRange(start, end - start + 1);
        }
    }
}
