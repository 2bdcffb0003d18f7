using KnotCare.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages.Techniques;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = KnotCare.Web.Infrastructure.OperationsExtensions.ContentPolicy)]
[KnotCare.Web.Infrastructure.SharedCache]
public sealed class IndexModel(TechniqueCatalog catalog) : PageModel
{
    public System.Collections.Immutable.ImmutableArray<TechniqueGroup> Groups { get; private set; }

    public void OnGet() => Groups = catalog.All();
}
