using System.Globalization;
using Microsoft.Playwright;

namespace KnotCare.Browser.Tests;

/// <summary>The phone-first header and banner, the article diagram, the plan's print button and printing.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class PhoneFirstTests(BrowserFixture fixture)
{
    private const string Article = "/articles/where-knots-form-and-referred-pain";

    [Fact]
    public async Task The_menu_and_the_emergency_signs_open_with_one_tap_without_javascript()
    {
        var context = await fixture.Browser.NewContextAsync(new()
        {
            BaseURL = fixture.BaseAddress.ToString(), JavaScriptEnabled = false, ViewportSize = new() { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/articles");

        var checkLink = page.Locator("#site-menu nav a[href='/check']");
        Assert.False(await checkLink.IsVisibleAsync(), "on a phone the full list waits behind Menu");
        await page.Locator("#site-menu > summary").ClickAsync();
        Assert.True(await checkLink.IsVisibleAsync());
        var box = await checkLink.BoundingBoxAsync();
        Assert.True(box!.Height >= 24, $"the menu link is {box.Height} px tall");
        await page.GotoAsync("/check");

        var signs = page.Locator("#site-banner p");
        Assert.True(await page.Locator("#site-banner summary").IsVisibleAsync());
        Assert.Contains("999", await page.Locator("#site-banner summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.False(await signs.IsVisibleAsync());
        await page.Locator("#site-banner summary").ClickAsync();
        Assert.Contains("numbness between your legs", await signs.InnerTextAsync(), StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task On_a_wide_screen_the_whole_menu_is_in_the_header()
    {
        var page = await fixture.NewPageAsync(new() { Width = 1280, Height = 900 });
        await page.GotoAsync("/");
        Assert.False(await page.Locator("#site-menu > summary").IsVisibleAsync());
        foreach (var link in await page.Locator("#site-menu nav a").AllAsync())
        {
            Assert.True(await link.IsVisibleAsync(), $"{await link.InnerTextAsync()} should be in the header");
        }

        var header = await page.Locator("#site-header").BoundingBoxAsync();
        Assert.True(header!.Height < 60, $"the header takes {header.Height} px");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(320, ColorScheme.Light)]
    [InlineData(390, ColorScheme.Dark)]
    public async Task The_article_diagram_is_real_text_of_at_least_14_px_in_the_page_colours(int width, ColorScheme scheme)
    {
        var page = await fixture.NewPageAsync(new() { Width = width, Height = 844 });
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        await page.GotoAsync(Article);

        var diagram = page.Locator(".prose svg.diagram[role=img]");
        Assert.Equal(1, await diagram.CountAsync());
        Assert.True((await diagram.GetAttributeAsync("aria-label") ?? "").Length > 20, "the diagram is named by the article's alt text");
        Assert.Equal(0, await page.Locator(".prose img[src$='.svg']").CountAsync());

        // Each label's size on screen: its font size in its own units times the scale from those units to the screen.
        var sizes = await page.EvaluateAsync<double[]>(
            "() => [...document.querySelectorAll('.prose svg.diagram text')].map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)");
        Assert.True(sizes.Length >= 10, $"the diagram has {sizes.Length} text labels");
        Assert.True(sizes.Min() >= 14, $"the smallest label is {sizes.Min().ToString("0.0", CultureInfo.InvariantCulture)} px at {width} px");
        Assert.Contains("inner edge of the shoulder", await diagram.TextContentAsync() ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("arm", (await diagram.TextContentAsync() ?? "").Split(' ', '.', ','), StringComparer.OrdinalIgnoreCase);

        // The picture takes the page's colours: dark background and light text in dark mode, and the reverse.
        var (background, text) = (await Luminance(page, ".prose svg.diagram .rp-bg", "fill"), await Luminance(page, ".prose svg.diagram .rp-text", "fill"));
        var pageBackground = await Luminance(page, "body", "background-color");
        Assert.True(Math.Abs(background - pageBackground) < 0.05, $"diagram background {background:0.00}, page {pageBackground:0.00}");
        Assert.True(scheme == ColorScheme.Dark ? background < 0.1 && text > 0.7 : background > 0.9 && text < 0.1, $"{scheme}: background {background:0.00}, text {text:0.00}");
        await page.Context.CloseAsync();
    }

    private static Task<double> Luminance(IPage page, string selector, string property) => page.EvaluateAsync<double>(
        """
        ([selector, property]) => {
            const [r, g, b] = getComputedStyle(document.querySelector(selector)).getPropertyValue(property).match(/\d+(\.\d+)?/g).map(Number);
            const lin = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
            return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
        }
        """, new[] { selector, property });

    /// <summary>print.js shows the print button and hides the instruction; both share one reserved cell, so nothing moves.</summary>
    [Theory]
    [InlineData("plan")]
    [InlineData(CheckResult.Name)]
    public async Task Nothing_moves_when_print_js_shows_the_print_button(string pageType)
    {
        var page = await fixture.NewPageAsync(new() { Width = 390, Height = 844 });
        await page.AddInitScriptAsync(
            """
            window.__shift = 0;
            new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) window.__shift += e.value; } })
                .observe({ type: "layout-shift", buffered: true });
            """);
        // A slow phone: the page is painted before print.js arrives.
        await page.RouteAsync("**/js/print.*", async route =>
        {
            await Task.Delay(700);
            await route.ContinueAsync();
        });
        await PageTypes.OpenAsync(page, pageType);
        await page.Locator("button[data-print]").WaitForAsync();
        await page.WaitForTimeoutAsync(300);
        var shift = await page.EvaluateAsync<double>("() => window.__shift");
        Assert.True(shift < 0.001, $"layout shift {shift:0.000} on {pageType}");
        await page.Context.CloseAsync();
    }

    /// <summary>On a phone a week per table, 7 day columns that fit; on paper one table of all 14 days.</summary>
    [Fact]
    public async Task The_tracker_is_a_week_per_table_on_a_phone_and_one_14_day_table_on_paper()
    {
        var page = await fixture.NewPageAsync(new() { Width = 320, Height = 844 });
        await PageTypes.OpenAsync(page, "plan");
        var visibleDays = "() => [...document.querySelectorAll('#tracker thead th')].filter(th => th.offsetParent !== null && th.cellIndex > 0).length";
        Assert.Equal(2, await page.Locator("#tracker .tracker-weeks table").CountAsync());
        Assert.Equal(14, await page.EvaluateAsync<int>(visibleDays));
        Assert.False(await page.Locator("#tracker .tracker-print").IsVisibleAsync());
        var cell = await page.Locator("#tracker-week-1 td").First.BoundingBoxAsync();
        Assert.True(cell!.Width >= 24, $"a tracker cell is {cell.Width} px wide at 320 px");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("#tracker .tracker-weeks").IsVisibleAsync());
        Assert.Equal(1, await page.EvaluateAsync<int>("() => [...document.querySelectorAll('#tracker table')].filter(t => t.offsetParent !== null).length"));
        Assert.Equal(14, await page.EvaluateAsync<int>(visibleDays));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Print_styles_give_every_font_size_in_pt()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        var notPt = await page.EvaluateAsync<string[]>(
            """
            () => {
                const found = [];
                const walk = (rules, print) => {
                    for (const rule of rules) {
                        if (rule instanceof CSSMediaRule) { walk(rule.cssRules, print || rule.media.mediaText.includes("print")); }
                        else if (rule.cssRules && rule.cssRules.length) { walk(rule.cssRules, print); }
                        if (print && rule.style && rule.style.fontSize && !/^(\d+(\.\d+)?pt|inherit)$/.test(rule.style.fontSize)) {
                            found.push(rule.selectorText + " { font-size: " + rule.style.fontSize + " }");
                        }
                    }
                };
                for (const sheet of document.styleSheets) { walk(sheet.cssRules, false); }
                return found;
            }
            """);
        Assert.Empty(notPt);
        await page.Context.CloseAsync();
    }

    /// <summary>On paper a link cannot be followed: each one that leaves the site prints its full address, and small print stays small.</summary>
    [Theory]
    [InlineData("article")]
    [InlineData(CheckResult.Name)]
    public async Task Printed_pages_show_the_address_of_every_outside_link_in_small_print(string pageType)
    {
        var page = await fixture.NewPageAsync();
        await PageTypes.OpenAsync(page, pageType);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var addresses = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('main a[href^=\"http\"]')].map(a => a.href)");
        Assert.NotEmpty(addresses);

        var sizes = await page.EvaluateAsync<Dictionary<string, double>>(
            """
            () => Object.fromEntries([...document.querySelectorAll("body, .reason-source, .checklist-version, .review-dates, .sources li")]
                .map(e => [e.tagName === "BODY" ? "body" : e.className, parseFloat(getComputedStyle(e).fontSize)]))
            """);
        Assert.All(sizes.Where(s => s.Key != "body"), s => Assert.True(s.Value <= sizes["body"], $"{s.Key} prints at {s.Value} px, larger than the body's {sizes["body"]} px"));

        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = false });
        await File.WriteAllBytesAsync(Path.Combine(Path.GetTempPath(), $"knotcare-print-{pageType}.pdf"), pdf);
        var text = string.Concat((await Pdf.TextAsync(pdf)).Where(c => !char.IsWhiteSpace(c)));
        Assert.All(addresses, address => Assert.Contains(address, text, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }
}
