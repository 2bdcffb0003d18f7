using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KnotCare.Browser.Tests;

/// <summary>
/// Every page type on a small phone (320 px) and a common one (390 x 844): nothing scrolls sideways (WCAG 1.4.10),
/// the header and the warning banner leave at least 80% of the first screen to the page, every image has its width
/// and height (no shift as it loads), and axe finds nothing.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class PhoneLayoutTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const int ScreenHeight = 844;

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in PageTypes.Names)
        {
            data.Add(name, 320);
            data.Add(name, 390);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_page_type_fits_a_phone_with_a_short_header_and_no_axe_violations(string pageType, int width)
    {
        var page = await fixture.NewPageAsync(new() { Width = width, Height = ScreenHeight });
        await PageTypes.OpenAsync(page, pageType);

        var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var chrome = await page.EvaluateAsync<double>(
            "() => Math.max(...[...document.querySelectorAll('#site-header, #site-banner, body > header, body > aside')].map(e => e.getBoundingClientRect().bottom + window.scrollY))");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pageType} at {width} px: page {pageWidth} px wide, header and banner {chrome:0} px of {ScreenHeight} ({chrome / ScreenHeight:P0})"));

        var wide = await page.EvaluateAsync<string[]>(
            """
            w => [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > w + 1 && getComputedStyle(e).position !== "absolute")
                .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : ""))
            """, width);
        Assert.True(pageWidth <= width, $"{pageType} scrolls sideways at {width} px: {pageWidth} px wide ({string.Join(", ", wide)})");
        Assert.True(chrome <= ScreenHeight * 0.2, $"{pageType} at {width} px: header and banner take {chrome:0} of {ScreenHeight} px");
        Assert.Empty(await page.EvaluateAsync<string[]>("() => [...document.images].filter(i => !i.hasAttribute('width') || !i.hasAttribute('height')).map(i => i.src)"));
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }
}
