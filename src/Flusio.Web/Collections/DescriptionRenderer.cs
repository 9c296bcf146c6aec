using Flusio.Feeds.Cleaning;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace Flusio.Web.Collections;

/// <summary>
/// A description typed in Markdown, as HTML safe to show: Markdig renders it, then the
/// cleaner feed entries go through removes what no page should carry (scripts, handlers,
/// javascript: URLs, forms, frames). Raw HTML in the source is allowed in and cleaned like
/// the rest; never render Markdown without the cleaner.
/// Rendering is a pure function of the text, and a public page renders the same notes and
/// description for every visitor: the last <see cref="CacheSize"/> results are kept (keyed by
/// the text itself, so an edit is a new key), which makes a busy collection page several times
/// cheaper than parsing and cleaning on every request.
/// </summary>
public sealed class DescriptionRenderer(HtmlCleaner cleaner)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    public const int CacheSize = 4_096;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HtmlString> rendered = new(StringComparer.Ordinal);

    public IHtmlContent Render(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return HtmlString.Empty;
        }

        if (rendered.TryGetValue(markdown, out var html))
        {
            return html;
        }

        html = new HtmlString(cleaner.Clean(Markdown.ToHtml(markdown, Pipeline), null));
        if (rendered.Count >= CacheSize)
        {
            // Crude but bounded: start again rather than track recency on every read.
            rendered.Clear();
        }

        rendered[markdown] = html;
        return html;
    }
}
