using System.Text;
using Flusio.Feeds.Parsing;
using Xunit.Abstractions;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>
/// The inputs of the hardening issue, which once cost gigabytes or minutes: each is parsed at
/// a 32nd, a 16th and an 8th of the body cap, and must cost time and memory in proportion
/// to its size, then once at the cap, where it may allocate no more than 20 times its size.
/// </summary>
[Collection(nameof(GrowthMeasures))]
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private const int MaxAllocationPerInputByte = 20;

    private const string Head = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Hostile</title><item><title>x</title><description>";
    private const string Tail = "</description></item></channel></rss>";

    [Fact]
    public void Unclosed_tags_cost_time_and_memory_in_proportion_to_their_number() =>
        AssertLinearUpToTheCap(size => Repeat(size, _ => "<a>"));

    [Fact]
    public void Distinct_undeclared_prefixes_cost_time_and_memory_in_proportion_to_their_number() =>
        AssertLinearUpToTheCap(size => Repeat(size, i => $"<p{i}:a/>"));

    [Fact]
    public void Distinct_undeclared_prefixes_nested_cost_time_and_memory_in_proportion_to_their_number() =>
        AssertLinearUpToTheCap(size => Repeat(size, i => $"<p{i}:a>"));

    [Fact]
    public void Well_formed_deep_nesting_costs_time_and_memory_in_proportion_to_its_depth() =>
        AssertLinearUpToTheCap(size => Repeat(size, _ => "<a>", closed: true));

    [Fact]
    public void Stray_end_tags_in_deep_markup_cost_time_and_memory_in_proportion_to_their_number() =>
        AssertLinearUpToTheCap(size => Repeat(size / 2, _ => "<b>") + Repeat(size / 2, _ => "</x>") + "&bogus;");

    [Fact]
    public void Many_attributes_on_one_tag_cost_time_and_memory_in_proportion_to_their_number() =>
        AssertLinearUpToTheCap(size => "<p " + Repeat(size, i => $"a{i}=\"\" ") + ">");

    private void AssertLinearUpToTheCap(Func<int, string> description)
    {
        var cap = (int)FeedLimits.MaxBodyBytes;
        static void Parse(byte[] body) => Assert.Single(FeedParser.Parse(body).Entries);
        var samples = Growth.AssertLinear(
            scale => Document(description((cap / 32 * scale) - Head.Length - Tail.Length - 1024)),
            Parse,
            body => body.Length,
            rounds: 3);
        output.WriteLine(Growth.Describe(samples));

        var atCap = Document(description(cap - Head.Length - Tail.Length - 1024));
        Assert.True(atCap.Length <= cap, "the largest input is within the cap");
        var allocated = Growth.AllocatedBy(() => Parse(atCap));
        output.WriteLine($"at the cap: {atCap.Length / 1024} KB in, {allocated / 1024} KB allocated");
        Assert.True(allocated <= MaxAllocationPerInputByte * (long)atCap.Length,
            $"allocated {allocated / (double)atCap.Length:F1}× the input at the cap ({MaxAllocationPerInputByte}× allowed)");
    }

    private static byte[] Document(string description) => Encoding.UTF8.GetBytes(Head + description + Tail);

    // Markup of about `size` characters made of `tag(i)` for i = 0, 1, ...; closed: each one's end tag too.
    private static string Repeat(int size, Func<int, string> tag, bool closed = false)
    {
        var open = new StringBuilder(size);
        var ends = new List<string>();
        for (var i = 0; open.Length + (closed ? open.Length + ends.Count : 0) < size; i++)
        {
            var start = tag(i);
            open.Append(start);
            if (closed)
            {
                ends.Add(start.Insert(1, "/"));
            }
        }
        for (var k = ends.Count - 1; k >= 0; k--)
        {
            open.Append(ends[k]);
        }
        return open.ToString();
    }
}
