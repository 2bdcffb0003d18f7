using KnotCare.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages;

public sealed class SearchModel(SearchService search) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    /// <summary>The region whose emergency number comes first in a red-flag notice (uk, us, au, eu), as on the checklist.</summary>
    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    public SearchPageView View { get; private set; } = null!;

    public void OnGet() => View = search.Page(Query, Region);
}
