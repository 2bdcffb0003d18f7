using System.Net;
using KnotCare.Content.Search;

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

    /// <summary>
    /// The passages of a snippet: split at the " … " between them, without the ellipsis that marks a first passage
    /// starting mid-sentence or a last one stopping mid-block. Each is a piece of the page's text.
    /// </summary>
    public static string[] Passages(string snippet)
    {
        var lead = Snippets.Ellipsis + " ";
        var body = snippet.StartsWith(lead, StringComparison.Ordinal) ? snippet[lead.Length..] : snippet;
        return body.TrimEnd(Snippets.Ellipsis).Split(" … ");
    }
}
