using KnotCare.Content.Markdown;

namespace KnotCare.Content.Tests;

public sealed class MarkdownRenderingTests : IDisposable
{
    private readonly TestContent content = new();

    public void Dispose() => content.Dispose();

    private static string Html(string markdown)
    {
        var service = new MarkdownService();
        return service.Render(service.Parse(markdown).Document).Html;
    }

    [Theory]
    [InlineData("caution", "Caution")]
    [InlineData("clinician", "See a clinician")]
    [InlineData("tip", "Tip")]
    [InlineData("note", "Note")]
    public void Callouts_render_as_labelled_notes(string name, string label)
    {
        var html = Html($":::{name}\nTake care.\n:::\n");

        Assert.Contains($"<div class=\"callout callout-{name}\" role=\"note\"><p class=\"callout-title\">{label}</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Take care.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Article_links_are_rewritten_to_site_urls()
    {
        var html = content.Load().FindArticle("alpha")!.Body.Html;

        Assert.Contains("<a href=\"/articles/beta#second-part\">the other article</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/check\">the checklist</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Headings_get_ids_and_feed_the_contents_list()
    {
        var body = content.Load().FindArticle("alpha")!.Body;

        Assert.Contains("<h2 id=\"first-part\">First part</h2>", body.Html, StringComparison.Ordinal);
        Assert.Equal<Heading>([new Heading("first-part", "First part")], body.Headings);
    }

    [Fact]
    public void Tables_render()
    {
        var html = content.Load().FindArticle("alpha")!.Body.Html;

        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<th>Col</th>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<div onclick=\"x()\">hi</div>\n")]
    public void Raw_html_is_never_passed_through(string markdown)
    {
        var html = Html(markdown);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<div", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_leaves_out_markup_and_link_targets()
    {
        var body = content.Load().FindArticle("beta")!.Body;

        Assert.Equal("Second part\nBack to alpha.", body.PlainText);
        Assert.Equal(5, body.WordCount);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Text with <b onclick=\"x()\">inline</b> HTML.")]
    [InlineData("<img src=x onerror=alert(1)>")]
    public void Raw_html_is_never_rendered_as_html(string markdown)
    {
        var html = Html(markdown);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }
}
