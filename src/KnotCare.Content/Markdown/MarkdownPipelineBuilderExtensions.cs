using Markdig;
using Markdig.Extensions.AutoIdentifiers;

namespace KnotCare.Content.Markdown;

public static class MarkdownPipelineBuilderExtensions
{
    /// <summary>
    /// Composes KnotCare's one Markdown dialect: YAML front matter, GitHub-style heading ids, pipe tables,
    /// callout containers (:::caution), raw HTML disabled, precise line numbers for errors, and the
    /// KnotCare extension that rewrites and records links once the document is parsed.
    /// </summary>
    public static MarkdownPipelineBuilder UseKnotCare(this MarkdownPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder
            .UseYamlFrontMatter()
            .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
            .UsePipeTables()
            .UseCustomContainers()
            .UsePreciseSourceLocation()
            .DisableHtml();
        builder.Extensions.AddIfNotAlready<KnotCareMarkdownExtension>();
        return builder;
    }
}
