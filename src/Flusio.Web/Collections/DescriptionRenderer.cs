using Flusio.Feeds.Cleaning;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace Flusio.Web.Collections;

/// <summary>
/// A description typed in Markdown, as HTML safe to show: Markdig renders it, then the
/// cleaner feed entries go through removes what no page should carry (scripts, handlers,
/// javascript: URLs, forms, frames). Raw HTML in the source is allowed in and cleaned like
/// the rest; never render Markdown without the cleaner.
/// </summary>
public sealed class DescriptionRenderer(HtmlCleaner cleaner)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    public IHtmlContent Render(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? HtmlString.Empty : new HtmlString(cleaner.Clean(Markdown.ToHtml(markdown, Pipeline), null));
}
