using Microsoft.Playwright;

namespace KnotCare.Browser.Tests;

[Collection(BrowserTestGroup.Name)]
public sealed class ArticleJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_reader_goes_from_home_to_an_article_which_is_accessible_and_prints()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await Accessibility.AssertNoViolationsAsync(page);

        var article = fixture.Content.FindArticle("what-is-a-muscle-knot")!;
        await page.Locator($"main a[href='{article.Url}']").First.ClickAsync();
        await page.WaitForURLAsync($"**{article.Url}");
        Assert.Equal(article.Title, await page.Locator("h1").TextContentAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("header.site-header nav").IsVisibleAsync(), "navigation should not print");
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        var text = await Pdf.TextAsync(pdf);
        Assert.Contains(article.Title, text, StringComparison.Ordinal);
        Assert.Contains("Sources", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Skip to main content", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_article_has_no_accessibility_violations_on_a_phone_in_dark_mode()
    {
        var page = await fixture.NewPageAsync(new() { Width = 375, Height = 740 });
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        foreach (var article in fixture.Content.Articles)
        {
            await page.GotoAsync(article.Url);
            await Accessibility.AssertNoViolationsAsync(page);
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, $"{article.Url} scrolls sideways on a phone");
        }
    }

    [Fact]
    public async Task The_page_makes_no_request_to_another_site()
    {
        var page = await fixture.NewPageAsync();
        var foreign = new List<string>();
        page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (url.Host != fixture.BaseAddress.Host || url.Port != fixture.BaseAddress.Port)
            {
                foreign.Add(request.Url);
            }
        };
        await page.GotoAsync("/articles/where-knots-form-and-referred-pain");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(foreign);
    }

    /// <summary>A mistyped address gets an accessible page that offers a search for it, and the search finds the page.</summary>
    [Fact]
    public async Task A_missing_page_offers_a_search_that_finds_what_was_meant()
    {
        var page = await fixture.NewPageAsync(new() { Width = 390, Height = 844 });
        var failed = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/techniques/foam-rollr", StringComparison.Ordinal))
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };
        var response = await page.GotoAsync("/techniques/foam-rollr");
        Assert.Equal(404, response?.Status);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Accessibility.AssertNoViolationsAsync(page);
        Assert.Equal("foam rollr", await page.Locator("#notfound-q").InputValueAsync());

        await page.Locator("#notfound-submit").ClickAsync();
        await page.WaitForSelectorAsync(".search-hit");
        Assert.Equal(1, await page.Locator(".search-hit a[href='/techniques/foam-roller']").CountAsync());
        Assert.Empty(failed);
    }
}
