using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages;

/// <summary>The styled page for error status codes (re-executed by the status code pages middleware).</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Heading { get; private set; } = "";

    public string Message { get; private set; } = "";

    /// <summary>Whether the page offers a search (for a page not found).</summary>
    public bool OffersSearch { get; private set; }

    /// <summary>Words to search for, taken from the missing page's address when it looks like one of ours.</summary>
    public string SearchWords { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Heading, Message) = code switch
        {
            404 => ("Page not found", "We could not find that page. It may have moved, or the address may be wrong."),
            429 => ("Too many requests", "You have sent a lot of requests in a short time. Please wait a minute and try again. If you think this is an emergency, do not wait: call your emergency number now."),
            414 => ("That address is too long", "The web address was longer than this site accepts. Go back and try again with fewer words."),
            400 => ("Something was wrong with that request", "The page could not use what was sent. Go back, reload the page and try again."),
            405 => ("That action is not allowed here", "This page cannot be used that way. Go back and try again."),
            413 => ("That was too much to send", "The form sent more than this site accepts. Go back and try again."),
            415 => ("That was sent in the wrong format", "This page cannot accept what was sent. Go back and try again."),
            _ => ("Something went wrong", "The page could not be shown. Please try again later."),
        };
        var reExecuted = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>();
        if (reExecuted is null)
        {
            Response.StatusCode = code is >= 400 and <= 599 ? code : 404;
        }

        OffersSearch = code == 404;
        SearchWords = OffersSearch ? WordsFrom(reExecuted?.OriginalPath) : "";
    }

    /// <summary>
    /// The last segment of a missing page's path as words ("/articles/foam-rollr" gives "foam rollr"), when it is
    /// made only of letters, digits and hyphens like the site's own addresses; otherwise nothing.
    /// </summary>
    private static string WordsFrom(string? path)
    {
        var segment = (path ?? "").TrimEnd('/');
        segment = segment[(segment.LastIndexOf('/') + 1)..];
        return segment.Length is > 0 and <= 80 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? string.Join(' ', segment.Split('-', StringSplitOptions.RemoveEmptyEntries))
            : "";
    }
}
