using Flusio.Feeds.Parsing;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>Dublin Core fills what the format leaves empty (its dates: see <see cref="DatePrecedenceTests"/>).</summary>
public sealed class DublinCoreTests
{
    [Fact]
    public void Dc_subject_is_a_category_of_an_rss_item_beside_its_own()
    {
        var feed = Feeds.Parse("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><item>"
                               + "<category>News</category><dc:subject> Science </dc:subject><dc:subject>Space</dc:subject></item></channel></rss>");

        Assert.Equal(["News", "Science", "Space"], feed.Entries[0].Categories);
    }

    [Fact]
    public void Dc_subject_is_a_category_of_an_rdf_item()
    {
        var feed = Feeds.Parse("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" "
                               + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel/><item rdf:about=\"https://example.org/1\"><dc:subject>Science</dc:subject></item></rdf:RDF>");

        Assert.Equal(["Science"], feed.Entries[0].Categories);
    }

    [Fact]
    public void Dublin_core_fills_what_an_atom_entry_lacks()
    {
        var feed = Feeds.Parse("<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><entry>"
                               + "<dc:title>Title</dc:title><dc:subject>Science</dc:subject><dc:creator>Ann</dc:creator></entry></feed>");

        Assert.Equal("Title", feed.Entries[0].Title);
        Assert.Equal(["Science"], feed.Entries[0].Categories);
        Assert.Equal("Ann", feed.Entries[0].Author);
    }

    [Fact]
    public void Dc_subject_of_a_channel_is_a_feed_category()
    {
        var feed = Feeds.Parse("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><dc:subject>Science</dc:subject></channel></rss>");
        Assert.Equal(["Science"], feed.Categories);
    }
}
