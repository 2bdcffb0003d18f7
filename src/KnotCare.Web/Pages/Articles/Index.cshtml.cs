using System.Collections.Immutable;
using KnotCare.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages.Articles;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = KnotCare.Web.Infrastructure.OperationsExtensions.ContentPolicy)]
[KnotCare.Web.Infrastructure.SharedCache]
public sealed class IndexModel(ArticleCatalog catalog) : PageModel
{
    public ImmutableArray<CategoryView> Categories { get; private set; } = [];

    public void OnGet() => Categories = catalog.Categories();
}
