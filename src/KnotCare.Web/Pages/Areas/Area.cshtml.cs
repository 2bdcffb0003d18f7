using KnotCare.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages.Areas;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = KnotCare.Web.Infrastructure.OperationsExtensions.ContentPolicy)]
[KnotCare.Web.Infrastructure.SharedCache]
public sealed class AreaModel(TechniqueCatalog catalog) : PageModel
{
    public AreaPageView View { get; private set; } = null!;

    public IActionResult OnGet(string area)
    {
        var view = catalog.Area(area);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }
}
