using Microsoft.Playwright;

namespace KnotCare.Browser.Tests;

[Collection(BrowserTestGroup.Name)]
public sealed class ChecklistJourneyTests(BrowserFixture fixture)
{
    /// <summary>Answers every question by clicking its label, as a person would: "no" unless overridden.</summary>
    private async Task FillAsync(IPage page, Dictionary<string, string> overrides)
    {
        foreach (var question in fixture.Content.Checklist.Questions)
        {
            var value = overrides.TryGetValue(question.Id, out var v) ? v : question.Id switch
            {
                "age" => "35",
                "duration" => "under-2-weeks",
                _ => "no",
            };
            if (question.Type == KnotCare.Content.Checklist.QuestionType.Number)
            {
                await page.Locator($"#q-{question.Id}-input").FillAsync(value);
            }
            else
            {
                await page.Locator($"label[for='q-{question.Id}-{value}']").ClickAsync();
            }
        }
    }

    [Theory]
    [InlineData("emergency", "saddle-numbness", "yes", "us", "Call 911")]
    [InlineData("urgent", "fever", "yes", "uk", null)]
    [InlineData("routine", "duration", "over-3-months", "au", null)]
    [InlineData("self-care", null, null, "eu", null)]
    public async Task A_person_fills_the_checklist_and_gets_the_right_care_card(string urgency, string? question, string? answer, string region, string? call)
    {
        var page = await fixture.NewPageAsync(new() { Width = 390, Height = 844 });
        await page.GotoAsync("/check");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.Locator("#region").SelectOptionAsync(region);
        await FillAsync(page, question is null ? [] : new() { [question] = answer! });
        await page.Locator("#checklist-submit").ClickAsync();
        await page.WaitForSelectorAsync("#care-card");

        Assert.Equal(urgency, await page.Locator("#care-card").GetAttributeAsync("data-urgency"));
        Assert.EndsWith("/check?handler=Evaluate", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(question ?? "no-answer-in-url", page.Url, StringComparison.Ordinal);
        var badge = (await page.Locator("#care-card .care-badge").TextContentAsync())!.Trim();
        Assert.False(string.IsNullOrEmpty(badge), "the urgency must be written, not only coloured");
        if (call is not null)
        {
            Assert.Equal(call, (await page.Locator("#care-call").TextContentAsync())!.Trim());
        }

        // The card is the first thing under the heading, visible without scrolling on a phone.
        var box = await page.Locator("#care-card h2").BoundingBoxAsync();
        Assert.True(box is not null && box.Y + box.Height < 844, $"care card heading is below the fold: {box?.Y}");
        await Accessibility.AssertNoViolationsAsync(page);
    }

    /// <summary>A printed result (to keep, or to show a clinician) is the result, the reasons and what to watch for, without the form.</summary>
    [Fact]
    public async Task The_result_prints_on_one_page_without_the_form()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/check");
        await page.Locator("#region").SelectOptionAsync("au");
        await FillAsync(page, new() { ["fever"] = "yes", ["duration"] = "2-to-6-weeks" });
        await page.Locator("#checklist-submit").ClickAsync();
        await page.WaitForSelectorAsync("#care-card");
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.False(await page.Locator("#print-result-hint").IsVisibleAsync());
        await page.EvaluateAsync("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }");
        await page.Locator("#print-result").ClickAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__printed"));

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("#checklist-form").IsVisibleAsync(), "the form must not print under the result");
        Assert.False(await page.Locator("#print-result").IsVisibleAsync(), "the print button must not print");
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = false });
        await File.WriteAllBytesAsync(Path.Combine(Path.GetTempPath(), "knotcare-check-result.pdf"), pdf);
        var text = await Pdf.TextAsync(pdf);
        Assert.Equal(1, Pdf.PageCount(text));
        Assert.Contains(fixture.Content.Checklist.Levels[KnotCare.Content.Checklist.Urgency.Urgent].Heading, text, StringComparison.Ordinal);
        Assert.Contains("Why this advice", text, StringComparison.Ordinal);
        Assert.Contains("Call 000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Change your answers", text, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Content.Checklist.Questions[0].Text, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submitting_with_an_answer_missing_shows_an_error_summary_that_links_to_the_question()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/check");
        await FillAsync(page, []);
        await page.GotoAsync("/check");
        await page.Locator("#checklist-submit").ClickAsync();
        await page.WaitForSelectorAsync("#error-summary");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.Locator("#error-summary a").First.ClickAsync();
        var focusedId = await page.EvaluateAsync<string>("() => location.hash");
        Assert.Equal("#q-age-input", focusedId);
    }
}
