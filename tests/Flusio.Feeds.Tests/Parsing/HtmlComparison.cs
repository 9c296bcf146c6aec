using System.Text;
using AngleSharp.Html.Parser;

namespace Flusio.Feeds.Tests.Parsing;

/// <summary>
/// Lenient comparison for checks marked html: both sides are parsed as HTML
/// fragments and serialised again, so quoting, entity spelling, void-element
/// syntax and whitespace between or inside text do not count.
/// </summary>
internal static class HtmlComparison
{
    private static readonly HtmlParser Parser = new();

    public static string Normalize(string html)
    {
        var document = Parser.ParseDocument("");
        document.Body!.InnerHtml = html;
        var collapsed = Collapse(document.Body.InnerHtml);
        return collapsed.Replace("> ", ">", StringComparison.Ordinal).Replace(" <", "<", StringComparison.Ordinal);
    }

    /// <summary>The text a reader sees in <paramref name="html"/>.</summary>
    public static string Text(string html)
    {
        var document = Parser.ParseDocument("");
        document.Body!.InnerHtml = html;
        return Collapse(document.Body.TextContent);
    }

    public static string Collapse(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space)
            {
                sb.Append(' ');
                space = false;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
