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
    public void Billion_laughs_is_refused_unexpanded_with_a_typed_error()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(BillionLaughs);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<FeedParseException>(() => FeedParser.Parse(body));

        // Expanded even once, the entities would cost gigabytes: refusing costs the text and no more.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
        Assert.Equal(FeedParseError.EntityDeclarations, error.Kind);
        Assert.Equal("The feed declares its own XML entities, which are not allowed", error.Message);
    }

    [Fact]
    public void A_plain_doctype_without_entities_is_still_read()
    {
        var feed = Feeds.Parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>Old &amp; fine</title><item><title>One</title></item></channel></rss>
            """);
        Assert.Equal("Old & fine", feed.Title);
        Assert.Equal("One", feed.Entries[0].Title);
    }

    [Fact]
    public void External_entity_is_never_read()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET-CONTENT");
        try
        {
            var error = Assert.Throws<FeedParseException>(() => Feeds.Parse($"""
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
                <rss version="2.0"><channel><title>&xxe;</title><description>x</description></channel></rss>
                """));
            Assert.Equal(FeedParseError.EntityDeclarations, error.Kind);
            Assert.DoesNotContain("TOP-SECRET", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Entity_pointing_at_etc_passwd_does_not_leak_it()
    {
        var error = Assert.Throws<FeedParseException>(() => Feeds.Parse("""
            <?xml version="1.0"?>
            <!DOCTYPE feed [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>&passwd;</title></feed>
            """));
        Assert.Equal(FeedParseError.EntityDeclarations, error.Kind);
        Assert.DoesNotContain("root:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_entities_in_the_dtd_are_refused_unread()
    {
        var error = Assert.Throws<FeedParseException>(() => Feeds.Parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote;]>
            <rss version="2.0"><channel><title>Safe</title></channel></rss>
            """));
        Assert.Equal(FeedParseError.EntityDeclarations, error.Kind);
    }

    // A "<a" or "<rss" inside a comment or an instruction is no root element: the check reads
    // the prolog the way an XML reader does, so hiding the declaration's start does not work.
    [Theory]
    [InlineData("<!DOCTYPE rss [<!-- <a --><!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")]
    [InlineData("<!-- <rss version=\"2.0\"> --><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")]
    [InlineData("<?pi <rss ?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")]
    [InlineData("<!DOCTYPE rss [<?pi <a?><!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")]
    [InlineData("<!DOCTYPE rss [<!-- ]> --><!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")]
    [InlineData("<!DOCTYPE rss SYSTEM \"<a>\" [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")]
    public void Entity_declarations_hidden_behind_comments_or_instructions_are_still_refused(string prolog)
    {
        var error = Assert.Throws<FeedParseException>(() => Feeds.Parse(
            $"<?xml version=\"1.0\"?>{prolog}<rss version=\"2.0\"><channel><title>&xxe;</title></channel></rss>"));

        Assert.Equal(FeedParseError.EntityDeclarations, error.Kind);
    }

    [Fact]
    public void A_comment_that_only_mentions_an_entity_declaration_is_no_declaration()
    {
        var feed = Feeds.Parse("<?xml version=\"1.0\"?><!-- no <!ENTITY here --><rss version=\"2.0\"><channel><title>Fine</title></channel></rss>");
        Assert.Equal("Fine", feed.Title);
    }
}
