using Microsoft.Playwright;

namespace KnotCare.Browser.Tests;

[Collection(BrowserTestGroup.Name)]
public sealed class PlanJourneyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(new[] { "upper-back-neck" }, new[] { "ball" }, "10", "desk-work")]
    [InlineData(new[] { "upper-back-neck", "between-shoulder-blades", "lower-back" }, new[] { "foam-roller", "ball", "heat-pack", "cold-pack", "resistance-band", "light-weight" }, "30", "not-sure")]
    public async Task A_person_builds_a_plan_and_prints_it_on_at_most_two_A4_pages(string[] areas, string[] equipment, string minutes, string cause)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/plan");
        await Accessibility.AssertNoViolationsAsync(page);

        foreach (var area in areas)
        {
            await page.Locator($"label[for='area-{area}']").ClickAsync();
        }

        foreach (var item in equipment)
        {
            await page.Locator($"label[for='equipment-{item}']").ClickAsync();
        }

        await page.Locator($"label[for='minutes-{minutes}']").ClickAsync();
        await page.Locator($"label[for='cause-{cause}']").ClickAsync();
        await page.Locator("#plan-submit").ClickAsync();
        await page.WaitForSelectorAsync("#plan");
        await Accessibility.AssertNoViolationsAsync(page);

        // The print button appears only with JavaScript, and works under the CSP (no inline script).
        Assert.True(await page.Locator("#print-plan").IsVisibleAsync());
        Assert.False(await page.Locator("#print-hint").IsVisibleAsync());
        var cspErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                cspErrors.Add(message.Text);
            }
        };
        await page.EvaluateAsync("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }");
        await page.Locator("#print-plan").ClickAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__printed"));
        Assert.Empty(cspErrors);

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("#plan-form").IsVisibleAsync(), "the form must not print");
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = false });
        await File.WriteAllBytesAsync(Path.Combine(Path.GetTempPath(), $"knotcare-plan-{areas.Length}.pdf"), pdf);
        var text = await Pdf.TextAsync(pdf);
        var pages = Pdf.PageCount(text);
        Assert.True(pages <= 2, $"the plan printed on {pages} pages");
        Assert.Contains("14-day tracker", text, StringComparison.Ordinal);
        Assert.Contains("Stop and get help if", text, StringComparison.Ordinal);
        Assert.Contains("no better after 2 weeks", text, StringComparison.Ordinal);
        Assert.Contains("999", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Make my plan", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Should I see a doctor?", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_javascript_the_plan_shows_a_plain_print_instruction()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/plan?area=lower-back&minutes=5&cause=stress");
        Assert.True(await page.Locator("#print-hint").IsVisibleAsync());
        Assert.False(await page.Locator("#print-plan").IsVisibleAsync());
        await context.CloseAsync();
    }
}
