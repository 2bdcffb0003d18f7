using KnotCare.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages.Techniques;

public sealed class IndexModel(TechniqueCatalog catalog) : PageModel
{
    public System.Collections.Immutable.ImmutableArray<TechniqueGroup> Groups { get; private set; }

    public void OnGet() => Groups = catalog.All();
}
