using Flusio.Web.Configuration;
using Markdig;

namespace Flusio.Web.Shell;

/// <summary>
/// The instance's terms of service: `terms.md` in DATA_PATH, written by the admin.
/// When it exists, registration asks users to accept it and /terms shows it.
/// </summary>
public sealed class TermsDocument(FlusioSettings settings)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    private string Path => System.IO.Path.Combine(settings.FullDataPath, "terms.md");

    public bool Exists => File.Exists(Path);

    /// <summary>The terms as HTML; raw HTML in the file is escaped, not rendered.</summary>
    public string? Html => Exists ? Markdown.ToHtml(File.ReadAllText(Path), Pipeline) : null;
}
