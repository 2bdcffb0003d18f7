using KnotCare.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = KnotCare.Web.Infrastructure.OperationsExtensions.ContentPolicy)]
[KnotCare.Web.Infrastructure.SharedCache]
public sealed class IndexModel(ArticleCatalog catalog) : PageModel
{
    public HomeView View { get; private set; } = null!;

    public void OnGet() => View = catalog.Home();
}
