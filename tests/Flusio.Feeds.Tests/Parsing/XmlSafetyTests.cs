using System.Diagnostics;
using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>A feed is hostile input: its DTD is never processed, its entities never expanded or fetched.</summary>
public sealed class XmlSafetyTests
{
    private const string BillionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE rss [
          <!ENTITY lol "lol">
          <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
          <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
          <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
          <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
          <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
          <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
          <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        <rss version="2.0"><channel><title>&lol9;</title><item><title>After</title></item></channel></rss>
        """;

    [Fact]
    public void Billion_laughs_is_not_expanded()
    {
        var watch = Stopwatch.StartNew();
        var feed = Feeds.Parse(BillionLaughs);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Equal("&lol9;", feed.Title);
        Assert.Equal("After", feed.Entries[0].Title);
    }

    [Fact]
    public void External_entity_is_never_read()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET-CONTENT");
        try
        {
            var feed = Feeds.Parse($"""
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
                <rss version="2.0"><channel><title>&xxe;</title><description>x</description></channel></rss>
                """);
            Assert.DoesNotContain("TOP-SECRET", FeedJson.ToJson(feed), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Entity_pointing_at_etc_passwd_does_not_leak_it()
    {
        var feed = Feeds.Parse("""
            <?xml version="1.0"?>
            <!DOCTYPE feed [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>&passwd;</title></feed>
            """);
        Assert.DoesNotContain("root:", FeedJson.ToJson(feed), StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_entities_in_the_dtd_are_ignored()
    {
        var feed = Feeds.Parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote;]>
            <rss version="2.0"><channel><title>Safe</title></channel></rss>
            """);
        Assert.Equal("Safe", feed.Title);
    }
}
