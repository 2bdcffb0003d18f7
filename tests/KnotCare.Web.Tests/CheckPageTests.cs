using System.Net;
using KnotCare.Content.Checklist;

namespace KnotCare.Web.Tests;

public sealed class CheckPageTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    private Dictionary<string, string> Calm() => Forms.CalmAnswers(factory.Content.Checklist);

    [Fact]
    public async Task The_form_asks_every_question_in_fieldsets_with_the_safety_step_first()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var checklist = factory.Content.Checklist;

        var steps = page.QuerySelectorAll("#checklist-form section.step").Select(s => s.Id).ToList();
        Assert.Equal("step-safety", steps[0]);
        foreach (var question in checklist.Questions)
        {
            var fieldset = page.GetElementById("q-" + question.Id);
            Assert.True(fieldset is not null, $"no fieldset for {question.Id}");
            Assert.Equal("FIELDSET", fieldset!.TagName);
            Assert.Equal(question.Text, fieldset.QuerySelector("legend").Text());
            Assert.Equal(question.Options.Length, fieldset.QuerySelectorAll($"input[type=radio][name='answers[{question.Id}]']").Length);
            foreach (var input in fieldset.QuerySelectorAll("input"))
            {
                Assert.NotNull(page.QuerySelector($"label[for='{input.Id}']"));
            }
        }

        var safetyIds = checklist.InStep("safety").Select(q => "q-" + q.Id).ToHashSet();
        Assert.Contains("q-saddle-numbness", safetyIds);
        Assert.Contains("q-chest-pain", safetyIds);
        Assert.Equal("post", page.GetElementById("checklist-form")!.GetAttribute("method"));
        Assert.NotNull(page.QuerySelector("#checklist-form input[name=__RequestVerificationToken]"));
        Assert.Equal("uk", page.QuerySelector("#region option[selected]")?.GetAttribute("value"));
        Assert.Empty(page.QuerySelectorAll("script"));
    }

    [Fact]
    public async Task Submitting_nothing_lists_every_question_in_an_error_summary_and_guesses_nothing()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var (result, response) = await client.PostFormAsync(page, "checklist-form", [new("Region", "uk")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(result.GetElementById("care-card"));
        var links = result.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(factory.Content.Checklist.Questions.Length, links.Count);
        foreach (var href in links)
        {
            Assert.NotNull(result.GetElementById(href.TrimStart('#')));
        }

        Assert.StartsWith("Error:", result.Title, StringComparison.Ordinal);
        Assert.Equal(factory.Content.Checklist.Questions.Length, result.QuerySelectorAll("fieldset.has-error .field-error").Length);
    }

    [Fact]
    public async Task One_missing_answer_keeps_the_others_and_names_the_missing_question()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var answers = Calm();
        answers.Remove("fever");
        answers["saddle-numbness"] = Question.NotSure;
        var (result, _) = await client.PostFormAsync(page, "checklist-form", answers.AsFormFields());

        var errors = result.QuerySelectorAll("#error-summary li").ToList();
        Assert.Single(errors);
        Assert.Contains(factory.Content.Checklist.QuestionsById["fever"].Text, errors[0].Text(), StringComparison.Ordinal);
        Assert.NotNull(result.QuerySelector("#q-saddle-numbness-not-sure[checked]"));
        Assert.Null(result.GetElementById("care-card"));
    }

    [Theory]
    [InlineData("saddle-numbness", "yes", "uk", "emergency", "999")]
    [InlineData("chest-pain", "yes", "us", "emergency", "911")]
    [InlineData("leg-weakness", "yes", "au", "emergency", "000")]
    [InlineData("bladder-bowel", "not-sure", "eu", "urgent", null)]
    [InlineData("fever", "yes", "uk", "urgent", null)]
    [InlineData("spreading", "yes", "uk", "routine", null)]
    [InlineData("duration", "over-3-months", "uk", "routine", null)]
    [InlineData(null, null, "uk", "self-care", null)]
    public async Task The_result_is_a_care_card_with_one_call_to_action_reasons_safety_net_and_articles(
        string? question, string? answer, string region, string urgency, string? emergencyNumber)
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var answers = Calm();
        if (question is not null)
        {
            answers[question] = answer!;
        }

        var (result, response) = await client.PostFormAsync(page, "checklist-form", answers.AsFormFields(region));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        var card = result.GetElementById("care-card")!;
        Assert.Equal(urgency, card.GetAttribute("data-urgency"));
        Assert.Contains("care-card-" + urgency, card.ClassName, StringComparison.Ordinal);
        // Never colour alone: the level is written out, and the heading says what to do.
        Assert.False(string.IsNullOrWhiteSpace(card.QuerySelector(".care-badge").Text()));
        Assert.False(string.IsNullOrWhiteSpace(card.QuerySelector("h2").Text()));
        Assert.False(string.IsNullOrWhiteSpace(card.QuerySelector(".care-action").Text()));
        Assert.True(card.QuerySelectorAll("a.button").Length <= 1, "one call to action at most");
        if (emergencyNumber is not null)
        {
            Assert.Equal("tel:" + emergencyNumber, card.QuerySelector("#care-call")?.GetAttribute("href"));
        }

        // The card comes before the explanation, which comes before safety-netting and articles.
        var order = new[] { "care-card", "why", "safety-net", "read-more" }.Select(id => result.Body!.InnerHtml.IndexOf($"id=\"{id}\"", StringComparison.Ordinal)).ToList();
        Assert.True(order.SequenceEqual(order.Order()) && order[0] >= 0, string.Join(",", order));
        if (question is null)
        {
            Assert.Empty(result.QuerySelectorAll(".reason"));
        }
        else
        {
            var reasons = result.QuerySelectorAll(".reason").ToList();
            Assert.NotEmpty(reasons);
            Assert.Contains(reasons, r => r.QuerySelector(".reason-answers").Text().Contains(factory.Content.Checklist.QuestionsById[question].Text, StringComparison.Ordinal));
            Assert.All(reasons, r => Assert.StartsWith("https://", r.QuerySelector(".reason-source a")?.GetAttribute("href"), StringComparison.Ordinal));
        }

        // Safety-netting names the chosen region's emergency number and says nothing twice.
        var safetyNet = result.QuerySelectorAll("#safety-net li").Select(li => li.Text()).ToList();
        var number = factory.Content.Checklist.FindRegion(region)!.EmergencyNumber;
        Assert.Contains(safetyNet, line => line.Contains("Call " + number, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(safetyNet.Count, safetyNet.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(safetyNet, line => line.Contains('{', StringComparison.Ordinal));
        Assert.NotNull(result.QuerySelector("#read-more a[href='/articles/when-to-see-a-clinician']"));
        // Printing: a button for browsers running the script, a plain instruction for the rest.
        Assert.NotNull(result.QuerySelector("#print-result[hidden][data-print]"));
        Assert.NotNull(result.QuerySelector("script[src^='/js/print.']"));
        Assert.Contains("Ctrl+P", result.GetElementById("print-result-hint").Text(), StringComparison.Ordinal);
        Assert.Contains(factory.Content.Checklist.Version, result.QuerySelector(".checklist-version").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var (_, response) = await client.PostFormAsync(page, "checklist-form", Calm().AsFormFields(), includeToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_region_is_an_error_not_a_guess()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var (result, response) = await client.PostFormAsync(page, "checklist-form", Calm().AsFormFields("mars"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(result.GetElementById("care-card"));
        Assert.NotNull(result.QuerySelector("#error-summary a[href='#region']"));
    }

    [Fact]
    public async Task Answers_and_results_never_reach_the_logs()
    {
        var (_, result) = await factory.CreateClient().PostPrivateAnswersAsync(factory.Content.Checklist);
        Assert.Equal("emergency", result.GetElementById("care-card")?.GetAttribute("data-urgency"));

        static bool IsCheckPost(string l) => CapturedLogs.IsRequestLog(l, "POST", "/check");
        var logs = await factory.Logs.RenderedOnceAsync(IsCheckPost);
        Assert.Contains(logs, IsCheckPost);
        foreach (var secret in new[] { Forms.PrivateMarker, "saddle", "weight-loss", "not-sure", "emergency", "answers[", "RequestVerificationToken" })
        {
            Assert.DoesNotContain(logs, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
