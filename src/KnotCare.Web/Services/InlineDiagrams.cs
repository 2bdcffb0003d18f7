using System.Collections.Frozen;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace KnotCare.Web.Services;

/// <summary>
/// Puts the site's own diagrams (wwwroot/images/*.svg) into article pages as inline SVG, so their labels are real
/// text that follows the page's colours (light and dark, from site.css) instead of pixels in a picture. Markdown
/// writes a diagram as <c>![what it shows](/images/name.svg)</c>; its alt text becomes the diagram's accessible
/// name. The file's own title, description and style (for use as a plain image) are left out of the page.
/// </summary>
public sealed partial class InlineDiagrams
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly FrozenDictionary<string, XElement> diagrams;
    private readonly ConditionalWeakTable<string, string> rendered = [];

    public InlineDiagrams(IWebHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var images = environment.WebRootFileProvider.GetDirectoryContents("images");
        diagrams = images.Where(f => !f.IsDirectory && f.Name.EndsWith(".svg", StringComparison.Ordinal))
            .ToFrozenDictionary(f => f.Name[..^4], f =>
            {
                using var stream = f.CreateReadStream();
                return XElement.Load(stream);
            }, StringComparer.Ordinal);
    }

    /// <summary>Article HTML with every image of a site diagram replaced by the diagram itself (computed once per HTML string).</summary>
    public string Render(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return html.Contains("<img src=\"/images/", StringComparison.Ordinal) ? rendered.GetValue(html, Inline) : html;
    }

    private string Inline(string html) => DiagramImage().Replace(html, match =>
        diagrams.TryGetValue(match.Groups["name"].Value, out var svg)
            ? Element(svg, WebUtility.HtmlDecode(match.Groups["alt"].Value))
            : match.Value);

    private static string Element(XElement file, string alt)
    {
        var svg = new XElement(file);
        svg.Elements().Where(e => e.Name == Svg + "title" || e.Name == Svg + "desc" || e.Name == Svg + "style").Remove();
        svg.SetAttributeValue("aria-labelledby", null);
        svg.SetAttributeValue("role", "img");
        svg.SetAttributeValue("aria-label", alt);
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    // Markdig writes an image as <img src="..." alt="..." />, with the alt text HTML-encoded.
    [GeneratedRegex("""<img src="/images/(?<name>[a-z0-9-]+)\.svg" alt="(?<alt>[^"]*)" />""", RegexOptions.CultureInvariant)]
    private static partial Regex DiagramImage();
}
