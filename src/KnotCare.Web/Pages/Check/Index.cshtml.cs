using KnotCare.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages.Check;

/// <summary>
/// The "Should I see a doctor?" checklist, one step per page. Each step is the response to a POST, with earlier
/// answers in hidden fields: nothing is stored on the server, put in a URL or logged.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(KnotCare.Web.Infrastructure.OperationsExtensions.PostsPolicy)]
public sealed class IndexModel(ChecklistService checklist) : PageModel
{
    [BindProperty(Name = "answers")]
    public Dictionary<string, string?> Answers { get; set; } = [];

    [BindProperty(Name = ChecklistService.RegionField)]
    public string? Region { get; set; }

    [BindProperty(Name = ChecklistService.StepField)]
    public string? Step { get; set; }

    public ChecklistStepView? StepView { get; private set; }

    public ChecklistResultView? Result { get; private set; }

    public void OnGet() => StepView = checklist.Start();

    /// <summary>Continue: the result once it is decided, else this step with errors, else the next step.</summary>
    public IActionResult OnPostEvaluate() => Show(checklist.Continue(Answers, Region, Step));

    /// <summary>Back: the previous step, answers kept (this step's too).</summary>
    public IActionResult OnPostBack() => Show(checklist.Back(Answers, Region, Step));

    /// <summary>"Change your answers" on the result: the step the person stopped on, answers kept.</summary>
    public IActionResult OnPostChange() => Show(checklist.Change(Answers, Region, Step));

    private IActionResult Show(ChecklistOutcome outcome)
    {
        switch (outcome)
        {
            // A result, like a step (whose hidden fields hold the earlier answers), is never stored by any cache, the
            // browser's included: HttpCaching makes every response to a POST "no-store, private".
            case ChecklistOutcome.ShowResult result:
                Result = result.View;
                return Page();
            case ChecklistOutcome.ShowStep step:
                StepView = step.View;
                return Page();
            default:
                return BadRequest();
        }
    }
}
