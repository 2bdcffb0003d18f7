using Markdig;
using Markdig.Extensions.CustomContainers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KnotCare.Content.Markdown;

/// <summary>What a parsed document links to, and what in it breaks the house rules; attached to the document.</summary>
public sealed record DocumentFacts(
    IReadOnlyList<DocumentLink> Links,
    IReadOnlyList<(int Line, string Message)> Problems);

public enum LinkKind
{
    Article,
    SitePath,
    External,
    Image,
}

/// <summary>A link found in a document, with its 1-based line.</summary>
public sealed record DocumentLink(LinkKind Kind, string Target, int Line);

/// <summary>
/// Rewrites article links (<c>other-article.md#part</c>) to site URLs once the document is processed, records every
/// link for checking at load, and renders callout containers as labelled notes.
/// </summary>
public sealed class KnotCareMarkdownExtension : IMarkdownExtension
{
    public static readonly IReadOnlyDictionary<string, string> Callouts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["caution"] = "Caution",
        ["clinician"] = "See a clinician",
        ["tip"] = "Tip",
        ["note"] = "Note",
    };

    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        pipeline.DocumentProcessed -= OnDocumentProcessed;
        pipeline.DocumentProcessed += OnDocumentProcessed;
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html)
        {
            html.ObjectRenderers.Replace<HtmlCustomContainerRenderer>(new CalloutRenderer());

            // Raw HTML stops the load; should any reach a renderer, it is shown as text, never emitted.
            html.ObjectRenderers.Replace<HtmlBlockRenderer>(new EscapedHtmlBlockRenderer());
            html.ObjectRenderers.Replace<Markdig.Renderers.Html.Inlines.HtmlInlineRenderer>(new EscapedHtmlInlineRenderer());
        }
    }

    private static void OnDocumentProcessed(MarkdownDocument document)
    {
        var links = new List<DocumentLink>();
        var problems = new List<(int, string)>();

        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            if (heading.Level == 1)
            {
                problems.Add((heading.Line + 1, "use ## headings in the body; the title comes from the front matter"));
            }
        }

        foreach (var block in document.Descendants<HtmlBlock>())
        {
            problems.Add((block.Line + 1, RawHtml(block.Lines.Lines.Length > 0 ? block.Lines.Lines[0].Slice.ToString() : "")));
        }

        foreach (var inline in document.Descendants<HtmlInline>())
        {
            problems.Add((inline.Line + 1, RawHtml(inline.Tag)));
        }

        foreach (var container in document.Descendants<CustomContainer>())
        {
            var name = container.Info ?? "";
            if (!Callouts.ContainsKey(name))
            {
                problems.Add((container.Line + 1, $"unknown callout ':::{name}'; expected one of: {string.Join(", ", Callouts.Keys)}"));
            }
        }

        foreach (var link in document.Descendants<LinkInline>())
        {
            var line = link.Line + 1;
            var url = link.Url ?? "";
            if (link.IsImage)
            {
                if (string.IsNullOrWhiteSpace(AltText(link)))
                {
                    problems.Add((line, "every image needs alt text: ![what the picture shows](/images/file.svg)"));
                }

                links.Add(new DocumentLink(LinkKind.Image, url, line));
                continue;
            }

            if (url.StartsWith("https://", StringComparison.Ordinal))
            {
                links.Add(new DocumentLink(LinkKind.External, url, line));
            }
            else if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
            {
                links.Add(new DocumentLink(LinkKind.SitePath, url, line));
            }
            else if (TryArticleLink(url, out var slug, out var fragment))
            {
                link.Url = "/articles/" + slug + fragment;
                links.Add(new DocumentLink(LinkKind.Article, slug, line));
            }
            else if (url.StartsWith('#'))
            {
                continue;
            }
            else
            {
                problems.Add((line, $"link '{url}' is not allowed: link articles as other-slug.md, site pages as /path, and other sites with https://"));
            }
        }

        document.SetData(typeof(DocumentFacts), new DocumentFacts(links, problems));
    }

    private static string RawHtml(string html)
    {
        var shown = html.Trim();
        shown = shown.Length > 40 ? shown[..40] + "..." : shown;
        return $"raw HTML is not allowed ('{shown}'): write it in Markdown, or put it in `backticks` to show it as code";
    }

    private static bool TryArticleLink(string url, out string slug, out string fragment)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? url : url[..hash];
        fragment = hash < 0 ? "" : url[hash..];
        slug = path.EndsWith(".md", StringComparison.Ordinal) ? path[..^3] : "";
        return slug.Length > 0 && Loading.YamlFields.IdPattern().IsMatch(slug);
    }

    private static string AltText(LinkInline image) =>
        string.Concat(image.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
}

/// <summary>Renders <c>:::name</c> containers as a labelled note; the label says what kind of callout it is in words.</summary>
internal sealed class CalloutRenderer : HtmlObjectRenderer<CustomContainer>
{
    protected override void Write(HtmlRenderer renderer, CustomContainer obj)
    {
        var name = obj.Info ?? "note";
        var label = KnotCareMarkdownExtension.Callouts.TryGetValue(name, out var l) ? l : "Note";
        renderer.EnsureLine();
        renderer.Write("<div class=\"callout callout-").WriteEscape(name).Write("\" role=\"note\">");
        renderer.Write("<p class=\"callout-title\">").WriteEscape(label).Write("</p>").WriteLine();
        renderer.WriteChildren(obj);
        renderer.Write("</div>").WriteLine();
    }
}

/// <summary>Writes a raw HTML block as escaped text (raw HTML is refused at load; this is the second lock).</summary>
internal sealed class EscapedHtmlBlockRenderer : HtmlObjectRenderer<HtmlBlock>
{
    protected override void Write(HtmlRenderer renderer, HtmlBlock obj)
    {
        renderer.EnsureLine();
        renderer.Write("<p>");
        renderer.WriteLeafRawLines(obj, true, true, true);
        renderer.Write("</p>").WriteLine();
    }
}

/// <summary>Writes a raw HTML tag as escaped text (raw HTML is refused at load; this is the second lock).</summary>
internal sealed class EscapedHtmlInlineRenderer : HtmlObjectRenderer<HtmlInline>
{
    protected override void Write(HtmlRenderer renderer, HtmlInline obj) => renderer.WriteEscape(obj.Tag);
}
