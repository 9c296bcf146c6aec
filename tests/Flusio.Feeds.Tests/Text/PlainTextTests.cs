using Flusio.Feeds.Text;

namespace Flusio.Feeds.Tests.Text;

public sealed class PlainTextTests
{
    [Fact]
    public void Tags_are_stripped_and_entities_decoded() =>
        Assert.Equal("Fish & Chips", PlainText.FromHtml("<b>Fish</b> &amp; <i>Chips</i>"));

    [Fact]
    public void Escaped_markup_stays_visible_as_text() =>
        Assert.Equal("<p>Title</p>", PlainText.FromHtml("&lt;p&gt;Title&lt;/p&gt;"));

    [Fact]
    public void Whitespace_collapses_to_single_spaces() =>
        Assert.Equal("a b c", PlainText.FromHtml("  a\n\t b&nbsp;&nbsp;c  "));

    [Fact]
    public void Block_tags_separate_words() =>
        Assert.Equal("One Two", PlainText.FromHtml("<p>One</p><p>Two</p>"));

    [Fact]
    public void Scripts_and_comments_vanish() =>
        Assert.Equal("Hi", PlainText.FromHtml("<script>alert(1)</script><!-- x -->Hi<style>p{}</style>"));

    [Fact]
    public void Less_than_that_is_not_a_tag_is_text() =>
        Assert.Equal("I <3 feeds", PlainText.FromHtml("I <3 feeds"));

    [Fact]
    public void Numeric_references_in_the_windows_1252_range_mean_what_the_author_meant() =>
        Assert.Equal("it\u2019s", PlainText.FromHtml("it&#146;s"));

    [Fact]
    public void Entities_without_semicolon_are_left_alone() =>
        Assert.Equal("?page=1&copy=2", PlainText.FromHtml("?page=1&copy=2"));

    [Fact]
    public void Max_length_cuts_on_a_word_boundary() =>
        Assert.Equal("The quick brown\u2026", PlainText.FromHtml("The quick brown fox jumps", maxLength: 18));

    [Fact]
    public void Nothing_left_is_null() => Assert.Null(PlainText.FromHtml("<br> &#32; "));
}
