using System.Net;

namespace KnotCare.Content.Tests;

/// <summary>Reading search snippets (HTML-encoded text with &lt;mark&gt; around matches) in tests.</summary>
internal static class SnippetHtml
{
    /// <summary>The snippet with its &lt;mark&gt; and &lt;/mark&gt; tags taken out, still HTML-encoded.</summary>
    public static string WithoutMarks(string html) =>
        html.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal);

    /// <summary>The text the snippet shows: marks taken out, HTML decoded.</summary>
    public static string Text(string html) => WebUtility.HtmlDecode(WithoutMarks(html));

    /// <summary>How many &lt;mark&gt; tags the snippet opens.</summary>
    public static int CountMarks(string html) => (html.Length - html.Replace("<mark>", "", StringComparison.Ordinal).Length) / 6;
}
