using System.Collections.Immutable;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KnotCare.Content.Markdown;

/// <summary>A parsed Markdown file: its front matter text (with the file line it starts on) and its syntax tree.</summary>
public sealed record ParsedMarkdown(string? FrontMatter, int FrontMatterLineOffset, MarkdownDocument Document, DocumentFacts Facts);

/// <summary>Parses and renders KnotCare Markdown with one pipeline built once. Thread-safe; hold it as a singleton.</summary>
public sealed class MarkdownService
{
    private readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder().UseKnotCare().Build();

    public ParsedMarkdown Parse(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, pipeline);
        var facts = document.GetData(typeof(DocumentFacts)) as DocumentFacts ?? new DocumentFacts([], []);
        var yaml = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (yaml is null)
        {
            return new ParsedMarkdown(null, 0, document, facts);
        }

        // The block's lines are the YAML between the --- fences; YAML line 1 is the file line after the opening fence.
        var text = yaml.Lines.ToString();
        document.Remove(yaml);
        return new ParsedMarkdown(text, yaml.Line + 1, document, facts);
    }

    public RenderedBody Render(MarkdownDocument document)
    {
        var html = document.ToHtml(pipeline);
        var headings = document.Descendants<HeadingBlock>()
            .Where(h => h.Level == 2)
            .Select(h => new Heading(h.GetAttributes().Id ?? "", InlineText(h.Inline)))
            .ToImmutableArray();
        var lines = document.Descendants<LeafBlock>()
            .Select(b => InlineText(b.Inline))
            .Where(t => t.Length > 0)
            .ToList();
        var plain = string.Join('\n', lines);
        var stats = Readability.Measure(lines);
        return new RenderedBody(html, headings, plain, stats.Words, stats.ReadingEase);
    }

    private static string InlineText(ContainerInline? inline)
    {
        if (inline is null)
        {
            return "";
        }

        var parts = inline.Descendants<Inline>().Select(i => i switch
        {
            LiteralInline literal => literal.Content.ToString(),
            CodeInline code => code.Content,
            LineBreakInline => " ",
            _ => "",
        });
        return string.Concat(parts).Trim();
    }
}
