using KnotCare.Content.Search;
using KnotCare.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnotCare.Web.Pages;

public sealed class SearchModel(SearchService search) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public SearchResults Results { get; private set; } = null!;

    public void OnGet() => Results = search.Search(Query);
}
