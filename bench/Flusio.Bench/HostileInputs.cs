using System.Globalization;
using System.Text;

/// <summary>
/// Writes the hostile feeds of the hardening issue into a folder, streamed so that even the
/// 200 MB ones cost no memory: unclosed and well-formed nesting, distinct undeclared prefixes,
/// on both sides of the 10 MiB body cap. Each one is an RSS item whose description holds the
/// hostile markup, so that the parser gets past the root before meeting it.
/// </summary>
internal static class HostileInputs
{
    private const int Cap = 10 * 1024 * 1024;
    private const string Head = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Hostile</title><item><title>x</title><description>";
    private const string Tail = "</description></item></channel></rss>";

    public static int Generate(string folder)
    {
        Directory.CreateDirectory(folder);
        Write(folder, "unclosed-a-10mb.xml", 10_000_000, _ => "<a>", closed: false);
        Write(folder, "prefixes-nested-9.5mb.xml", 9_500_000, i => $"<p{i}:a>", closed: false);
        Write(folder, "prefixes-flat-9.5mb.xml", 9_500_000, i => $"<p{i}:a/>", closed: false, selfClosing: true);
        Write(folder, "nesting-wellformed-just-under-cap.xml", Cap - 4096, _ => "<a>", closed: true);
        Write(folder, "nesting-unclosed-just-under-cap.xml", Cap - 4096, _ => "<a>", closed: false);
        Write(folder, "nesting-wellformed-196mb.xml", 196_000_000, _ => "<a>", closed: true);
        Write(folder, "nesting-unclosed-198mb.xml", 198_000_000, _ => "<a>", closed: false);
        return 0;
    }

    // Start tags until the file reaches about `size` bytes; `closed` adds the matching end tags
    // (counted in the size) and the end of the document.
    private static void Write(string folder, string name, long size, Func<long, string> startTag, bool closed, bool selfClosing = false)
    {
        var path = Path.Combine(folder, name);
        using var file = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        file.Write(Head);
        var budget = size - Head.Length - (closed ? Tail.Length : 0);
        long written = 0, count = 0;
        while (true)
        {
            var tag = startTag(count);
            var cost = tag.Length + (closed && !selfClosing ? tag.Length + 1 : 0);
            if (written + cost > budget)
            {
                break;
            }
            file.Write(tag);
            written += cost;
            count++;
        }
        if (closed)
        {
            for (var i = count - 1; i >= 0 && !selfClosing; i--)
            {
                file.Write(startTag(i).Insert(1, "/"));
            }
            file.Write(Tail);
        }
        file.Flush();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: {new FileInfo(path).Length:N0} bytes, {count:N0} tags"));
    }
}
