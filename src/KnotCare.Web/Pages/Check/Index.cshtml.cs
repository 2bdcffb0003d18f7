using KnotCare.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages.Check;

/// <summary>The "Should I see a doctor?" checklist. The result is rendered from the POST only: never stored or logged.</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(KnotCare.Web.Infrastructure.OperationsExtensions.PostsPolicy)]
public sealed class IndexModel(ChecklistService checklist) : PageModel
{
    [BindProperty(Name = "answers")]
    public Dictionary<string, string?> Answers { get; set; } = [];

    [BindProperty(Name = "region")]
    public string? Region { get; set; }

    public ChecklistFormView Form { get; private set; } = null!;

    public ChecklistResultView? Result { get; private set; }

    public void OnGet() => Form = checklist.EmptyForm();

    public void OnPostEvaluate()
    {
        var outcome = checklist.Submit(Answers, Region);
        (Form, Result) = (outcome.Form, outcome.Result);
    }
}
