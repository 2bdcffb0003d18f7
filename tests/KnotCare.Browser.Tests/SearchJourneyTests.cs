using Microsoft.Playwright;

namespace KnotCare.Browser.Tests;

[Collection(BrowserTestGroup.Name)]
public sealed class SearchJourneyTests(BrowserFixture fixture)
{
    /// <summary>
    /// On a phone with JavaScript off, a person searches for what is happening to them: the emergency notice is the
    /// first thing on the results page, on screen without scrolling, with the call link.
    /// </summary>
    [Fact]
    public async Task A_search_describing_an_emergency_opens_with_the_notice_on_a_phone_without_javascript()
    {
        await using var context = await fixture.Browser.NewContextAsync(new()
        {
            BaseURL = fixture.BaseAddress.ToString(),
            ViewportSize = new() { Width = 390, Height = 844 },
            JavaScriptEnabled = false,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/search");
        await page.Locator("#search-q").FillAsync("shoulder blade pain and sweating");
        await page.Locator("#search-submit").ClickAsync();
        await page.WaitForURLAsync("**/search?q=*");

        var notice = page.Locator("#red-flag-notice");
        Assert.Equal("emergency", await notice.GetAttributeAsync("data-urgency"));
        Assert.True(await page.Locator("#red-flag-call").IsVisibleAsync());
        var box = await page.Locator("#red-flag-call").BoundingBoxAsync();
        Assert.True(box is not null && box.Y + box.Height <= 844, $"the call link is below the fold on a phone (at {box?.Y})");
        Assert.True(await page.Locator(".search-hit").CountAsync() > 0);
    }

    [Fact]
    public async Task Search_pages_with_a_notice_and_with_no_results_have_no_accessibility_violations()
    {
        var page = await fixture.NewPageAsync(new() { Width = 375, Height = 740 });
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            foreach (var url in new[] { "/search?q=numb+bum", "/search?q=back+pain+and+a+fever", "/search?q=strechces", "/search?q=zzqx" })
            {
                await page.GotoAsync(url);
                await Accessibility.AssertNoViolationsAsync(page);
                var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
                Assert.False(overflow, $"{url} scrolls sideways on a phone");
            }
        }
    }
}
