using KnotCare.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages.Articles;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = KnotCare.Web.Infrastructure.OperationsExtensions.ContentPolicy)]
[KnotCare.Web.Infrastructure.SharedCache]
public sealed class ArticleModel(ArticleCatalog catalog) : PageModel
{
    public ArticleView View { get; private set; } = null!;

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
