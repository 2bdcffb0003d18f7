using Microsoft.Playwright;

namespace KnotCare.Browser.Tests;

/// <summary>
/// One page of every kind the site serves: the list the layout sweep and the HTML validity check both walk.
/// Add a page type here and both tests cover it.
/// </summary>
public static class PageTypes
{
    /// <summary>Name, and the address of a page of that kind (GET).</summary>
    public static readonly IReadOnlyList<(string Name, string Path)> Gets =
    [
        ("home", "/"),
        ("articles", "/articles"),
        ("article", "/articles/where-knots-form-and-referred-pain"),
        ("article-long", "/articles/when-to-see-a-clinician"),
        ("techniques", "/techniques"),
        ("technique", "/techniques/ball-against-a-wall"),
        ("area", "/areas/between-shoulder-blades"),
        ("check", "/check"),
        ("plan-form", "/plan"),
        ("plan-error", "/plan?minutes=10&cause=stress"),
        ("plan", "/plan?area=upper-back-neck&area=between-shoulder-blades&area=lower-back&equipment=foam-roller&equipment=ball&equipment=heat-pack&equipment=cold-pack&equipment=resistance-band&equipment=light-weight&minutes=30&cause=not-sure"),
        ("search", "/search"),
        ("search-results", "/search?q=knot+between+shoulder+blades"),
        ("not-found", "/no-such-page"),
    ];

    /// <summary>Every page type: the GETs, then the checklist result (a POST).</summary>
    public static IEnumerable<string> Names => Gets.Select(g => g.Name).Append(CheckResult.Name);

    /// <summary>Opens a page type in the browser and returns the HTML the server sent for it.</summary>
    public static async Task<string> OpenAsync(IPage page, string name)
    {
        if (name == CheckResult.Name)
        {
            return await CheckResult.OpenAsync(page);
        }

        var path = Gets.Single(g => g.Name == name).Path;
        var response = await page.GotoAsync(path) ?? throw new InvalidOperationException($"no response for {path}");
        return await response.TextAsync();
    }
}

/// <summary>
/// A checklist result, reached as a person would: the /check form with "yes" to saddle numbness and "no" to the rest,
/// then submitted (so the antiforgery token is the form's own). Kept apart so it can follow the form when it changes.
/// </summary>
public static class CheckResult
{
    public const string Name = "check-result";

    public static async Task<string> OpenAsync(IPage page)
    {
        await page.GotoAsync("/check");
        // The submit is queued so the script returns first; the checklist script fetches the result and shows it in place.
        var response = await page.RunAndWaitForResponseAsync(
            () => page.EvaluateAsync(
                """
                () => {
                    const form = document.querySelector("#checklist-form");
                    for (const input of form.querySelectorAll("input[inputmode=numeric]")) { input.value = "35"; }
                    // "Yes" to numbness in the saddle area (an emergency sign) and "No" to the rest: the emergency result with one reason.
                    const names = [...new Set([...form.querySelectorAll("input[type=radio]")].map(i => i.name))];
                    names.forEach(name => {
                        const options = form.querySelectorAll(`input[type=radio][name="${name}"]`);
                        options[name === "answers[saddle-numbness]" || options.length < 2 ? 0 : 1].checked = true;
                    });
                    for (const select of form.querySelectorAll("select")) { select.selectedIndex = 0; }
                    setTimeout(() => form.requestSubmit(), 0);
                }
                """),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/check");
        await page.Locator("#care-card").WaitForAsync();
        return await response.TextAsync();
    }
}
