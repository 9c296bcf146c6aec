using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Xml;
using Flusio.Feeds.Cleaning;
using Flusio.Feeds.Parsing;

// Measures the feed parser against the cheapest possible read of the same bytes.
//
// (a) bare read: an XmlReader visiting every node of each XML file, a
//     Utf8JsonReader visiting every token of each JSON file;
// (b) pipeline: FeedParser.Parse, then each entry's content and summary
//     through the HTML cleaner.
//
// All files are loaded in memory first; each measure runs warm-up rounds,
// then timed rounds, and the median is reported.

if (args is ["seed-sqlite", var database, var rows])
{
    // Not a measure: loads the links benchmark's rows (bench/links/links_bench.py).
    return SqliteSeed.Run(database, rows);
}

if (args is ["hostile", var hostileFolder])
{
    // Not a measure: writes the hostile inputs that bench/measure-hostile.sh feeds to `feeds parse`.
    return HostileInputs.Generate(hostileFolder);
}

var folder = args.Length > 0 ? args[0] : "/tmp/farm/f";
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
if (!Directory.Exists(folder))
{
    Console.Error.WriteLine($"No folder {folder}. Generate one: python3 ../shared/bench/feedfarm.py generate /tmp/farm --feeds 1000");
    return 1;
}

var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
var totalBytes = files.Sum(f => (long)f.Length);
var megabytes = totalBytes / 1024.0 / 1024.0;
Console.WriteLine($"{files.Length} files, {megabytes:F1} MB, {rounds} rounds after 2 warm-up rounds");

var entryCount = files.Sum(f => FeedParser.Parse(f).Entries.Count);
Console.WriteLine($"{entryCount} entries in all");
var cleaner = new HtmlCleaner();
var xmlSettings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };

long sink = 0;
var bare = Measure(() =>
{
    foreach (var file in files)
    {
        sink += IsJson(file) ? ReadJson(file) : ReadXml(file, xmlSettings);
    }
});
var bareString = Measure(() =>
{
    foreach (var file in files)
    {
        sink += IsJson(file) ? ReadJson(file) : ReadXmlString(System.Text.Encoding.UTF8.GetString(file), xmlSettings);
    }
});
var parseOnly = Measure(() =>
{
    foreach (var file in files)
    {
        sink += FeedParser.Parse(file).Entries.Count;
    }
});
var pipeline = Measure(() =>
{
    foreach (var file in files)
    {
        var feed = FeedParser.Parse(file);
        foreach (var entry in feed.Entries)
        {
            var baseUrl = Uri.TryCreate(entry.Link, UriKind.Absolute, out var link) ? link : null;
            sink += cleaner.Clean(entry.Content ?? "", baseUrl).Length + cleaner.Clean(entry.Summary ?? "", baseUrl).Length;
        }
    }
});

Console.WriteLine();
Console.WriteLine($"| {"measure",-34} | {"median s",9} | {"MB/s",8} | {"× bare",7} |");
Console.WriteLine($"|{new string('-', 36)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 9)}|");
Row("bare XmlReader / Utf8JsonReader", bare);
Row("bare, decoded to a string first", bareString);
Row("parse + normalise", parseOnly);
Row("parse + normalise + clean", pipeline);
Console.WriteLine();
Console.WriteLine($"full pipeline is {pipeline / bare:F2}× the bare read (target: within 4×)");
GC.KeepAlive(sink);
return 0;

void Row(string name, double seconds) =>
    Console.WriteLine($"| {name,-34} | {seconds,9:F3} | {megabytes / seconds,8:F1} | {seconds / bare,7:F2} |");

double Measure(Action action)
{
    for (var i = 0; i < 2; i++)
    {
        action();
    }
    var times = new double[rounds];
    for (var i = 0; i < rounds; i++)
    {
        GC.Collect();
        var watch = Stopwatch.StartNew();
        action();
        times[i] = watch.Elapsed.TotalSeconds;
    }
    Array.Sort(times);
    return times[rounds / 2];
}

static bool IsJson(byte[] file)
{
    foreach (var b in file)
    {
        if (b is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return b == '{';
        }
    }
    return false;
}

static long ReadXml(byte[] file, XmlReaderSettings settings)
{
    using var stream = new MemoryStream(file, writable: false);
    using var reader = XmlReader.Create(stream, settings);
    long nodes = 0;
    while (reader.Read())
    {
        nodes++;
    }
    return nodes;
}

static long ReadXmlString(string text, XmlReaderSettings settings)
{
    using var reader = XmlReader.Create(new StringReader(text), settings);
    long nodes = 0;
    while (reader.Read())
    {
        nodes++;
    }
    return nodes;
}

static long ReadJson(byte[] file)
{
    var reader = new Utf8JsonReader(file);
    long tokens = 0;
    while (reader.Read())
    {
        tokens++;
    }
    return tokens;
}
