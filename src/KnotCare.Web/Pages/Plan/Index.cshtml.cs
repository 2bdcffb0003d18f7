using KnotCare.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages.Plan;

/// <summary>The printable self-care plan. A GET with query parameters, so a plan can be bookmarked; nothing is stored.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = KnotCare.Web.Infrastructure.OperationsExtensions.PlanPolicy)]
[KnotCare.Web.Infrastructure.SharedCache]
public sealed class IndexModel(PlanService plans) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "area")]
    public List<string> Areas { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "equipment")]
    public List<string> Equipment { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "minutes")]
    public string? Minutes { get; set; }

    [BindProperty(SupportsGet = true, Name = "cause")]
    public string? Cause { get; set; }

    public PlanPageView View { get; private set; } = null!;

    public void OnGet()
    {
        View = plans.Compose(Areas, Equipment, Minutes, Cause, submitted: PlanService.InputKeys.Any(Request.Query.ContainsKey));

        // The output cache cannot tell "?area=" from no area at all, so a page with errors is never stored.
        if (!View.Form.Errors.IsEmpty && HttpContext.Features.Get<IOutputCacheFeature>() is { } cache)
        {
            cache.Context.AllowCacheStorage = false;
        }
    }
}
