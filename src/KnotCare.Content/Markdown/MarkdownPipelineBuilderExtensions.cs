using Markdig;
using Markdig.Extensions.AutoIdentifiers;

namespace KnotCare.Content.Markdown;

public static class MarkdownPipelineBuilderExtensions
{
    /// <summary>
    /// Composes KnotCare's one Markdown dialect: YAML front matter, GitHub-style heading ids, pipe tables,
    /// callout containers (:::caution), precise line numbers for errors, and the KnotCare extension that rewrites and
    /// records links once the document is parsed. Raw HTML is parsed (not disabled) so that the extension can find it
    /// and refuse the file, naming the line; it is never emitted (the extension renders it escaped).
    /// </summary>
    public static MarkdownPipelineBuilder UseKnotCare(this MarkdownPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder
            .UseYamlFrontMatter()
            .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
            .UsePipeTables()
            .UseCustomContainers()
            .UsePreciseSourceLocation();
        builder.Extensions.AddIfNotAlready<KnotCareMarkdownExtension>();
        return builder;
    }
}
