using KnotCare.Content.Markdown;

namespace KnotCare.Content.Tests;

/// <summary>
/// The README's rule: raw HTML in Markdown is not allowed and stops the load, naming the file and line. It used to be
/// accepted and shown escaped, so a page could show "&lt;div&gt;" to a reader.
/// </summary>
public sealed class RawHtmlTests : IDisposable
{
    private readonly TestContent content = new();

    public void Dispose() => content.Dispose();

    /// <summary>Beta with <paramref name="snippet"/> appended; returns the file line the snippet starts on.</summary>
    private int AppendToBeta(string snippet)
    {
        var text = TestContent.ArticleB.ReplaceLineEndings("\n") + "\n\n" + snippet + "\n";
        content.Write("articles/beta.md", text);
        return TestContent.ArticleB.ReplaceLineEndings("\n").Split('\n').Length + 2;
    }

    [Theory]
    [InlineData("<div class=\"box\">A box</div>", 0)]
    [InlineData("<script>alert(1)</script>", 0)]
    [InlineData("<!-- a note for editors -->", 0)]
    [InlineData("Some text with <span>inline</span> markup.", 0)]
    [InlineData("A plain first line.\nA second line with <img src=x onerror=alert(1)> in it.", 1)]
    [InlineData("A line that ends in a break<br>\nand goes on.", 0)]
    public void Raw_html_stops_the_load_naming_the_file_and_line(string snippet, int lineInSnippet)
    {
        var line = AppendToBeta(snippet) + lineInSnippet;

        var errors = content.LoadFails().Errors;

        // Beta is refused, so what links to it is reported too; the first error is the HTML.
        var error = errors[0];
        Assert.Equal("content/articles/beta.md", error.File);
        Assert.All(errors.Where(e => e.File == error.File), e => Assert.Contains("raw HTML", e.Message, StringComparison.Ordinal));
        Assert.Equal(line, error.Line);
        Assert.Contains("raw HTML is not allowed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pain of 3 < 5 out of 10, and 7 > 4.", "3 &lt; 5")]
    [InlineData("Type `<div>` in code.", "<code>&lt;div&gt;</code>")]
    [InlineData("```\n<div>in a fence</div>\n```", "&lt;div&gt;in a fence")]
    [InlineData("See <https://www.nhs.uk/conditions/back-pain/>.", "href=\"https://www.nhs.uk/conditions/back-pain/\"")]
    [InlineData("Heat &amp; cold.", "Heat &amp; cold.")]
    public void Text_that_only_looks_like_html_is_allowed_and_escaped(string snippet, string expectedHtml)
    {
        AppendToBeta(snippet);

        var beta = content.Load().FindArticle("beta")!;

        Assert.Contains(expectedHtml, beta.Body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_that_somehow_reaches_the_renderer_is_escaped_not_emitted()
    {
        var markdown = new MarkdownService();
        var parsed = markdown.Parse("<div onclick=\"x()\">box</div>\n\nText <b>bold</b>.\n"); // one block, two tags

        var html = markdown.Render(parsed.Document).Html;

        Assert.DoesNotContain("<div", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;", html, StringComparison.Ordinal);
        Assert.Equal(3, parsed.Facts.Problems.Count(p => p.Message.Contains("raw HTML", StringComparison.Ordinal)));
    }
}
