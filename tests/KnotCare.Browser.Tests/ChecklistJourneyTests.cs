using System.Diagnostics;
using System.Globalization;
using KnotCare.Content.Checklist;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KnotCare.Browser.Tests;

/// <summary>
/// The stepped checklist in Chromium, on a phone-sized screen: the emergency path, the keyboard path, the browser's
/// Back button, no JavaScript, axe on every step and result, and every result printed on one A4 page.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ChecklistJourneyTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private ChecklistDefinition Checklist => fixture.Content.Checklist;

    /// <summary>The calm answer: no, the first option, or 30 for a number.</summary>
    private static string Calm(Question question) => question.Type switch
    {
        QuestionType.YesNo => Question.No,
        QuestionType.Number => Math.Clamp(30, question.Range!.Min, question.Range.Max).ToString(CultureInfo.InvariantCulture),
        _ => question.Options[0].Value,
    };

    /// <summary>Answers every question visible on the step by tapping its label (or typing a number); returns the taps.</summary>
    private async Task<int> AnswerStepAsync(IPage page, Dictionary<string, string> overrides)
    {
        var taps = 0;
        foreach (var id in await page.Locator("#checklist-form .question").EvaluateAllAsync<string[]>("els => els.map(e => e.id.slice(2))"))
        {
            if (!await page.Locator("#q-" + id).IsVisibleAsync())
            {
                continue;
            }

            var question = Checklist.QuestionsById[id];
            var value = overrides.TryGetValue(id, out var v) ? v : Calm(question);
            if (question.Type == QuestionType.Number)
            {
                await page.Locator($"#q-{id}-input").FillAsync(value);
            }
            else
            {
                await page.Locator($"label[for='q-{id}-{value}']").ClickAsync();
            }

            taps++;
        }

        return taps;
    }

    /// <summary>
    /// A page that lists each page the person is shown: a document loaded, or a step or result the script fetched with
    /// the form's own POST and put in place of the last one.
    /// </summary>
    private static async Task<IPage> NewPageCountingAsync(IBrowserContext context, List<string> documents)
    {
        var page = await context.NewPageAsync();
        page.Request += (_, request) =>
        {
            if ((request.IsNavigationRequest && request.ResourceType == "document") || (request.ResourceType == "fetch" && request.Method == "POST"))
            {
                documents.Add(request.Method + " " + new Uri(request.Url).PathAndQuery);
            }
        };
        return page;
    }

    /// <summary>Presses a submit button and waits until the page it leads to is shown (the script marks the wait).</summary>
    private static async Task SubmitAsync(IPage page, string button)
    {
        await page.Locator(button).ClickAsync();
        await page.WaitForFunctionAsync("() => !document.documentElement.hasAttribute('data-checklist-busy')");
    }

    private static async Task<string> HeadingAsync(IPage page) => (await page.Locator("h1").TextContentAsync())!.Trim();

    private Task<IBrowserContext> NewContextAsync(bool javaScript = true) =>
        fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseAddress.ToString(), ViewportSize = Phone, JavaScriptEnabled = javaScript });

    private static Task<int> HeightAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");

    /// <summary>Prints the page to A4 and returns the page count pdfinfo reports.</summary>
    private static async Task<int> PrintedPagesAsync(IPage page, string name)
    {
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = false });
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        var path = Path.Combine(Path.GetTempPath(), $"knotcare-check-{name}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        var start = new ProcessStartInfo("pdfinfo", [path]) { RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdfinfo (poppler-utils) is not installed");
        var info = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        var line = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("saddle-numbness", "uk", "999", ColorScheme.Light)]
    [InlineData("chest-pain", "us", "911", ColorScheme.Dark)]
    public async Task An_emergency_answer_reaches_the_emergency_advice_in_two_pages_on_a_phone(string question, string region, string number, ColorScheme scheme)
    {
        var context = await NewContextAsync();
        var documents = new List<string>();
        var page = await NewPageCountingAsync(context, documents);
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        await page.GotoAsync("/check");
        await Accessibility.AssertNoViolationsAsync(page);

        var taps = 0;
        if (region != "uk")
        {
            await page.Locator("#region").SelectOptionAsync(region);
            taps++;
        }

        // "Yes" shows "See what to do now" right under the question: no scrolling to the end of the step.
        await page.Locator($"label[for='q-{question}-yes']").ClickAsync();
        var now = page.Locator($"#q-{question}-now-yes");
        Assert.True(await now.IsVisibleAsync(), "no way to the result under the answer");
        var offset = await page.EvaluateAsync<double>(
            "q => document.getElementById('q-' + q + '-now-yes').getBoundingClientRect().top - document.getElementById('q-' + q + '-yes').getBoundingClientRect().bottom", question);
        Assert.True(offset < 100, $"the button is {offset} px below the answer");
        await Accessibility.AssertNoViolationsAsync(page);
        await SubmitAsync(page, $"#q-{question}-now-yes");
        taps += 2;
        await page.WaitForSelectorAsync("#care-card");

        Assert.Equal(2, documents.Count);
        Assert.Equal("emergency", await page.Locator("#care-card").GetAttributeAsync("data-urgency"));
        Assert.Equal("/check", new Uri(page.Url).PathAndQuery);
        Assert.Equal(Checklist.Levels[Urgency.Emergency].Heading, await HeadingAsync(page));
        Assert.Equal("care-card-heading", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        var call = page.Locator("#care-call");
        Assert.Equal("tel:" + number, await call.GetAttributeAsync("href"));
        Assert.Equal("Call " + number, (await call.TextContentAsync())!.Trim());
        Assert.Contains("button-primary", await call.GetAttributeAsync("class"), StringComparison.Ordinal);
        var box = await call.BoundingBoxAsync();
        Assert.True(box is not null && box.Y + box.Height < Phone.Height, $"the call button is below the fold: {box?.Y}");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"knotcare-check-emergency-{question}.png"), FullPage = true });
        Assert.Equal(1, await PrintedPagesAsync(page, "emergency-" + question));
        output.WriteLine($"emergency ({question}, {region}): {documents.Count} pages, {taps} taps");
        await context.CloseAsync();
    }

    /// <summary>The longest result: every first-step question answered yes (every gate open). It still prints on one page.</summary>
    [Fact]
    public async Task Even_with_every_warning_sign_the_result_prints_on_one_page()
    {
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/check");
        var first = Checklist.InStep(Checklist.Steps[0].Id).ToList();
        var everything = first.Where(q => q.Type != QuestionType.Number).ToDictionary(q => q.Id, _ => Question.Yes);
        foreach (var number in first.Where(q => q.Type == QuestionType.Number))
        {
            everything[number.Id] = "70";
        }

        // Gates first, so the questions they reveal are visible.
        await AnswerStepAsync(page, everything);
        await AnswerStepAsync(page, everything);
        await SubmitAsync(page, "#checklist-submit");
        await page.WaitForSelectorAsync("#care-card");
        var reasons = await page.Locator(".reason").CountAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        var pages = await PrintedPagesAsync(page, "every-sign");
        output.WriteLine($"every first-step sign: {reasons} reasons, {pages} printed pages");
        Assert.Equal(1, pages);
        await context.CloseAsync();
    }

    public static TheoryData<string, string, string?, string?> Paths() => new()
    {
        // expected urgency, step on which the sign is given, question id, answer
        { "urgent", "warning-signs", "weight-loss", Question.Yes },
        { "routine", "about-your-pain", "duration", "last" },
        { "self-care", "about-your-pain", null, null },
    };

    /// <summary>Every step of the way passes axe; the result comes on the step that decides it and prints on one page.</summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_person_answers_step_by_step_and_gets_the_result_on_the_deciding_step(string urgency, string decidingStep, string? question, string? answer)
    {
        var context = await NewContextAsync();
        var documents = new List<string>();
        var page = await NewPageCountingAsync(context, documents);
        var cspErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                cspErrors.Add(message.Text);
            }
        };
        await page.GotoAsync("/check");
        var taps = 0;
        var heights = new List<string>();
        var overrides = new Dictionary<string, string>();
        if (question is not null)
        {
            var q = Checklist.QuestionsById[question];
            overrides[question] = answer == "last" ? q.Options[^1].Value : answer!;
        }

        for (var i = 0; i < Checklist.Steps.Length && await page.Locator("#care-card").CountAsync() == 0; i++)
        {
            var step = Checklist.Steps[i];
            Assert.Equal(step.Title, await HeadingAsync(page));
            heights.Add($"{step.Id} {await HeightAsync(page)} px");
            await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"knotcare-check-{urgency}-{step.Id}.png"), FullPage = true });
            await Accessibility.AssertNoViolationsAsync(page);
            taps += await AnswerStepAsync(page, overrides);
            await SubmitAsync(page, "#checklist-submit");
            taps++;
            if (step.Id == decidingStep)
            {
                break;
            }
        }

        await page.WaitForSelectorAsync("#care-card");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"knotcare-check-{urgency}-result.png"), FullPage = true });
        Assert.Equal(urgency, await page.Locator("#care-card").GetAttributeAsync("data-urgency"));
        Assert.Equal(Checklist.Steps.Select(s => s.Id).ToList().IndexOf(decidingStep) + 2, documents.Count);
        await Accessibility.AssertNoViolationsAsync(page);
        Assert.Empty(cspErrors);
        Assert.Equal(1, await PrintedPagesAsync(page, urgency));
        output.WriteLine($"{urgency}: {documents.Count} pages, {taps} taps; step heights at 390 px: {string.Join(", ", heights)}");
        await context.CloseAsync();
    }

    [Fact]
    public async Task With_the_keyboard_an_empty_step_moves_focus_to_the_error_summary_and_its_link_shows_the_question()
    {
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/check");
        for (var i = 0; i < 300 && await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''") != "checklist-submit"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("checklist-submit", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => !document.documentElement.hasAttribute('data-checklist-busy')");
        await page.WaitForSelectorAsync("#error-summary");
        await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.id === 'error-summary'");
        Assert.StartsWith("Error:", await page.TitleAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "knotcare-check-errors.png") });
        await Accessibility.AssertNoViolationsAsync(page);

        // The first link: Enter moves focus into the question, with its label on screen.
        await page.Keyboard.PressAsync("Tab");
        var href = await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')");
        Assert.StartsWith("#q-", href, StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Enter");
        var focusedIn = await page.EvaluateAsync<string>("() => document.activeElement.closest('.question')?.id ?? ''");
        Assert.Equal(href[1..], focusedIn);
        var label = await page.Locator($"{href} .question-label").BoundingBoxAsync();
        Assert.True(label is not null && label.Y >= 0 && label.Y + label.Height <= Phone.Height, $"label off screen at y={label?.Y}");

        // The last link too (further down the page).
        await page.Locator("#error-summary a").Last.FocusAsync();
        var lastHref = await page.Locator("#error-summary a").Last.GetAttributeAsync("href");
        await page.Keyboard.PressAsync("Enter");
        var lastLabel = await page.Locator($"{lastHref} .question-label").BoundingBoxAsync();
        Assert.True(lastLabel is not null && lastLabel.Y >= 0 && lastLabel.Y + lastLabel.Height <= Phone.Height, $"label off screen at y={lastLabel?.Y}");
        await context.CloseAsync();
    }

    /// <summary>
    /// Each step is the response to a POST and is never stored by any cache (its hidden fields hold the earlier
    /// answers). The page's own Back button shows the previous step with its answers, with or without JavaScript.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_pages_back_button_returns_to_the_previous_step_with_its_answers(bool javaScript)
    {
        var context = await NewContextAsync(javaScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/check");
        await AnswerStepAsync(page, []);
        await page.Locator("#checklist-submit").ClickAsync();
        await page.WaitForSelectorAsync($"input[name=step][value='{Checklist.Steps[1].Id}']", new() { State = WaitForSelectorState.Attached });
        var second = await page.Locator("#checklist-form .question").First.GetAttributeAsync("id");
        await AnswerStepAsync(page, []);
        await page.Locator("#checklist-submit").ClickAsync();
        await page.WaitForSelectorAsync($"input[name=step][value='{Checklist.Steps[2].Id}']", new() { State = WaitForSelectorState.Attached });

        await page.Locator("#checklist-back").ClickAsync();
        await page.WaitForSelectorAsync($"input[name=step][value='{Checklist.Steps[1].Id}']", new() { State = WaitForSelectorState.Attached });
        Assert.Equal(Checklist.Steps[1].Title, (await page.Locator("h1").TextContentAsync())!.Trim());
        Assert.True(await page.Locator($"#{second}-no").IsCheckedAsync(), "the second step's answer was lost");

        await page.Locator("#checklist-back").ClickAsync();
        await page.WaitForSelectorAsync($"input[name=step][value='{Checklist.Steps[0].Id}']", new() { State = WaitForSelectorState.Attached });
        var firstQuestion = Checklist.InStep(Checklist.Steps[0].Id).First(q => q.Type == QuestionType.YesNo);
        Assert.True(await page.Locator($"#q-{firstQuestion.Id}-no").IsCheckedAsync(), "the first step's answers were lost");
        await context.CloseAsync();
    }

    /// <summary>
    /// With JavaScript, the browser's own Back and Forward move between the steps with their answers, without a
    /// reload and without putting any answer in the URL, the history entries or storage. Changing an earlier answer
    /// and pressing Forward gives the outcome of the new answers, not the old next step.
    /// </summary>
    [Fact]
    public async Task The_browsers_back_and_forward_buttons_move_between_steps_with_their_answers()
    {
        var context = await NewContextAsync();
        var documents = new List<string>();
        var page = await NewPageCountingAsync(context, documents);
        await page.GotoAsync("/check");
        var firstQuestion = Checklist.InStep(Checklist.Steps[0].Id).First(q => q.Type == QuestionType.YesNo && q.AskIf is null);
        await AnswerStepAsync(page, []);
        await SubmitAsync(page, "#checklist-submit");
        Assert.Equal(Checklist.Steps[1].Title, await HeadingAsync(page));
        var second = (await page.Locator("#checklist-form .question").First.GetAttributeAsync("id"))!;
        await AnswerStepAsync(page, []);

        await page.GoBackAsync();
        Assert.Equal(Checklist.Steps[0].Title, await HeadingAsync(page));
        Assert.True(await page.Locator($"#q-{firstQuestion.Id}-no").IsCheckedAsync(), "the first step's answers were lost");
        Assert.Equal("step-title", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        await page.GoForwardAsync();
        Assert.Equal(Checklist.Steps[1].Title, await HeadingAsync(page));
        Assert.True(await page.Locator($"#{second}-no").IsCheckedAsync(), "the second step's answers were lost");

        // Back, then Continue: the second step comes back with the answers given on it.
        await page.GoBackAsync();
        await SubmitAsync(page, "#checklist-submit");
        Assert.Equal(Checklist.Steps[1].Title, await HeadingAsync(page));
        Assert.True(await page.Locator($"#{second}-no").IsCheckedAsync(), "the second step's answers were not carried");

        // Back, an emergency answer instead, then Forward: the emergency result, not the old second step.
        await page.GoBackAsync();
        await page.Locator("label[for='q-saddle-numbness-yes']").ClickAsync();
        await page.GoForwardAsync();
        await page.WaitForSelectorAsync("#care-card");
        Assert.Equal("emergency", await page.Locator("#care-card").GetAttributeAsync("data-urgency"));

        // And Back from the result: the step with the answer that led there.
        await page.GoBackAsync();
        Assert.Equal(Checklist.Steps[0].Title, await HeadingAsync(page));
        Assert.True(await page.Locator("#q-saddle-numbness-yes").IsCheckedAsync());

        Assert.Equal(["GET /check"], documents.Where(d => !d.StartsWith("POST", StringComparison.Ordinal)));
        Assert.Equal("/check", new Uri(page.Url).PathAndQuery);
        var kept = await page.EvaluateAsync<string>("() => JSON.stringify(history.state) + localStorage.length + sessionStorage.length");
        Assert.DoesNotContain("answers", kept, StringComparison.Ordinal);
        Assert.DoesNotContain("yes", kept, StringComparison.Ordinal);
        Assert.EndsWith("00", kept, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    /// <summary>
    /// A response that is not one of the checklist's pages (here the 400 for a tampered hidden field) is not put in
    /// place of the step: the script lets the browser submit the form itself, so the person sees the server's answer.
    /// </summary>
    [Fact]
    public async Task A_refused_step_falls_back_to_the_browsers_own_submit_and_shows_no_result()
    {
        var context = await NewContextAsync();
        var documents = new List<string>();
        var page = await NewPageCountingAsync(context, documents);
        await page.GotoAsync("/check");
        await AnswerStepAsync(page, []);
        await SubmitAsync(page, "#checklist-submit");
        Assert.Equal(Checklist.Steps[1].Title, await HeadingAsync(page));

        await page.EvaluateAsync("() => { document.querySelector('#checklist-form input[type=hidden][name^=\"answers[\"]').value = 'maybe'; }");
        await AnswerStepAsync(page, []);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#checklist-submit").ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        await page.WaitForLoadStateAsync();
        Assert.Equal(0, await page.Locator("#care-card").CountAsync());
        Assert.Equal(["GET /check", "POST /check?handler=Evaluate", "POST /check?handler=Evaluate", "POST /check?handler=Evaluate"], documents);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Without_javascript_the_emergency_path_works_and_every_question_shows()
    {
        var context = await NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/check");
        foreach (var question in Checklist.InStep(Checklist.Steps[0].Id))
        {
            Assert.True(await page.Locator("#q-" + question.Id).IsVisibleAsync(), $"{question.Id} hidden without JavaScript");
        }

        // "See what to do now" is shown by the style sheet alone, and only once "yes" is chosen.
        var now = page.Locator("#q-saddle-numbness-now-yes");
        Assert.False(await now.IsVisibleAsync());
        await page.Locator("label[for='q-saddle-numbness-not-sure']").ClickAsync();
        Assert.False(await now.IsVisibleAsync());
        await page.Locator("label[for='q-saddle-numbness-yes']").ClickAsync();
        Assert.True(await now.IsVisibleAsync());
        await now.ClickAsync();
        await page.WaitForSelectorAsync("#care-card");
        Assert.Equal("emergency", await page.Locator("#care-card").GetAttributeAsync("data-urgency"));
        Assert.EndsWith("/check?handler=Evaluate", page.Url, StringComparison.Ordinal);
        Assert.True(await page.Locator("#print-result-hint").IsVisibleAsync());
        await context.CloseAsync();
    }

    [Fact]
    public async Task With_javascript_questions_gated_on_the_same_page_appear_after_yes_or_not_sure()
    {
        var gated = Checklist.Questions.First(q => q.AskIf is AnswerIs { Values: [Question.Yes] } gate && Checklist.QuestionsById[gate.QuestionId].StepId == q.StepId);
        var gate = ((AnswerIs)gated.AskIf!).QuestionId;
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/check");
        if (gated.StepId != Checklist.Steps[0].Id)
        {
            await AnswerStepAsync(page, []);
            await page.Locator("#checklist-submit").ClickAsync();
        }

        var field = page.Locator("#q-" + gated.Id);
        Assert.False(await field.IsVisibleAsync());
        await page.Locator($"label[for='q-{gate}-yes']").ClickAsync();
        Assert.True(await field.IsVisibleAsync());
        await page.Locator($"label[for='q-{gate}-no']").ClickAsync();
        Assert.False(await field.IsVisibleAsync());
        await page.Locator($"label[for='q-{gate}-not-sure']").ClickAsync();
        Assert.True(await field.IsVisibleAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await context.CloseAsync();
    }

    [Fact]
    public async Task With_javascript_a_question_asked_after_a_choice_appears_only_for_that_choice()
    {
        var gated = Checklist.Questions.First(q => q.AskIf is AnswerIs gate && Checklist.QuestionsById[gate.QuestionId].Type == QuestionType.Choice);
        var gate = (AnswerIs)gated.AskIf!;
        var other = Checklist.QuestionsById[gate.QuestionId].Options.First(o => !gate.Values.Contains(o.Value)).Value;
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/check");
        while (await page.Locator("#q-" + gated.Id).CountAsync() == 0)
        {
            await AnswerStepAsync(page, []);
            await SubmitAsync(page, "#checklist-submit");
        }

        var field = page.Locator("#q-" + gated.Id);
        Assert.False(await field.IsVisibleAsync());
        await page.Locator($"label[for='q-{gate.QuestionId}-{gate.Values[0]}']").ClickAsync();
        Assert.True(await field.IsVisibleAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Locator($"label[for='q-{gate.QuestionId}-{other}']").ClickAsync();
        Assert.False(await field.IsVisibleAsync());
        await context.CloseAsync();
    }
}
