using KnotCare.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages.Techniques;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = KnotCare.Web.Infrastructure.OperationsExtensions.ContentPolicy)]
[KnotCare.Web.Infrastructure.SharedCache]
public sealed class TechniqueModel(TechniqueCatalog catalog) : PageModel
{
    public TechniqueView View { get; private set; } = null!;

    public IActionResult OnGet(string slug)
    {
        var view = catalog.Find(slug);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }
}
