using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using KnotCare.Content.Checklist;

namespace KnotCare.Web.Tests;

/// <summary>
/// The stepped checklist over HTTP, with real antiforgery: each step posts its own fields plus the hidden ones the
/// page carries, as a browser would. Every answer set is built from the loaded definition.
/// </summary>
public sealed class CheckPageTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    private ChecklistDefinition Checklist => factory.Content.Checklist;

    private ChecklistStep First => Checklist.Steps[0];

    /// <summary>The question ids a step page shows, in page order.</summary>
    private static List<string> Shown(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#checklist-form .question").Select(q => q.Id!["q-".Length..])];

    /// <summary>Calm answers to every question the page shows, with some answers overridden.</summary>
    private Dictionary<string, string> CalmFor(IHtmlDocument page, Dictionary<string, string>? overrides = null)
    {
        var answers = Shown(page).ToDictionary(id => id, id => Forms.CalmAnswer(Checklist.QuestionsById[id]));
        foreach (var (id, value) in overrides ?? [])
        {
            answers[id] = value;
        }

        return answers;
    }

    /// <summary>A step carries earlier answers in its hidden fields, so no cache may keep it, the browser's included.</summary>
    private static void AssertKeptForHistoryOnly(HttpResponseMessage response)
    {
        var cache = response.Headers.CacheControl!;
        Assert.True(cache.Private && cache.NoStore && !cache.Public && cache.MaxAge is null, cache.ToString());
    }

    private static string StepOf(IHtmlDocument page) =>
        page.QuerySelector("#checklist-form input[name=step]")?.GetAttribute("value") ?? throw new InvalidOperationException("not a step page: " + page.Title);

    [Fact]
    public async Task The_first_step_asks_only_its_own_questions_with_the_region_a_token_and_nothing_in_the_url()
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/check", UriKind.Relative));
        var page = await response.ParseAsync();

        Assert.Equal(First.Title, page.QuerySelector("h1").Text().Trim());
        Assert.Equal(First.Id, StepOf(page));
        var expected = Checklist.InStep(First.Id).Where(q => q.AskIf is null || q.AskIf.QuestionIds.All(g => Checklist.QuestionsById[g].StepId == First.Id)).Select(q => q.Id);
        Assert.Equal(expected, Shown(page));
        foreach (var question in Checklist.InStep(First.Id))
        {
            var field = page.GetElementById("q-" + question.Id)!;
            if (question.Type == QuestionType.Number)
            {
                var input = field.QuerySelector("input[type=text][inputmode=numeric]")!;
                Assert.Equal($"answers[{question.Id}]", input.GetAttribute("name"));
                Assert.Equal(question.Text, page.QuerySelector($"label[for='{input.Id}']").Text());
            }
            else
            {
                Assert.Equal("FIELDSET", field.TagName);
                Assert.Equal(question.Text, field.QuerySelector("legend").Text());
                Assert.Equal(question.Options.Length, field.QuerySelectorAll($"input[type=radio][name='answers[{question.Id}]']").Length);
                Assert.All(field.QuerySelectorAll("input"), input => Assert.NotNull(page.QuerySelector($"label[for='{input.Id}']")));
            }
        }

        Assert.DoesNotContain(Checklist.Questions.Where(q => q.StepId != First.Id), q => page.GetElementById("q-" + q.Id) is not null);
        var form = page.GetElementById("checklist-form")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/check?handler=Evaluate", form.GetAttribute("action"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal("uk", page.QuerySelector("#region option[selected]")?.GetAttribute("value"));
        Assert.Null(page.GetElementById("checklist-back"));
        AssertKeptForHistoryOnly(response);
        Assert.All(page.QuerySelectorAll("script"), s => Assert.Matches("^/js/(checklist|print)\\.[a-z0-9]+\\.js$", s.GetAttribute("src") ?? "inline"));
    }

    public static TheoryData<string, string, string> EmergencyQuestions() => new()
    {
        { "saddle-numbness", "uk", "999" },
        { "chest-pain", "us", "911" },
        { "saddle-numbness", "au", "000" },
        { "chest-pain", "eu", "112" },
    };

    [Theory]
    [MemberData(nameof(EmergencyQuestions))]
    public async Task One_emergency_answer_on_the_first_step_shows_the_emergency_result_at_once(string question, string region, string number)
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var (result, response) = await client.PostStepAsync(page, new() { [question] = Question.Yes, ["region"] = region });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "a result is never stored");
        var card = result.GetElementById("care-card")!;
        Assert.Equal("emergency", card.GetAttribute("data-urgency"));
        Assert.Equal(Checklist.Levels[Urgency.Emergency].Heading, card.QuerySelector("h1").Text().Trim());
        Assert.Equal("tel:" + number, card.QuerySelector("a#care-call.button-primary")?.GetAttribute("href"));
        Assert.Equal("Call " + number, card.QuerySelector("#care-call").Text().Trim());
        Assert.Contains(result.QuerySelectorAll(".reason-answers"), r => r.Text().Contains(Checklist.QuestionsById[question].Text, StringComparison.Ordinal));
    }

    /// <summary>Every question of the first step that alone means an emergency stops the checklist on that step.</summary>
    [Fact]
    public async Task Every_emergency_question_of_the_first_step_stops_the_checklist_there()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var emergencies = 0;
        foreach (var question in Checklist.InStep(First.Id).Where(q => q.Type == QuestionType.YesNo && q.AskIf is null))
        {
            var calm = Forms.CalmAnswers(Checklist);
            calm[question.Id] = Question.Yes;
            if (ChecklistEngine.Evaluate(Checklist, calm, "uk").Urgency != Urgency.Emergency)
            {
                continue;
            }

            emergencies++;
            var (result, _) = await client.PostStepAsync(page, new() { [question.Id] = Question.Yes });
            Assert.True(result.GetElementById("care-card")?.GetAttribute("data-urgency") == "emergency", $"'{question.Id}' yes did not stop on the first step: {result.Title}");
        }

        Assert.True(emergencies >= 2, $"only {emergencies} emergency questions on the first step");
    }

    /// <summary>
    /// On every step (reached with calm answers), "See what to do now" sits under exactly the answers that the server
    /// stops on when they are posted alone: posted with that one answer the step gives the result at the level the box
    /// names; any other yes or not sure posted alone gives the step again (or, at most, a routine result).
    /// </summary>
    [Fact]
    public async Task See_what_to_do_now_is_offered_for_exactly_the_answers_that_decide_the_result_alone()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var offered = new List<string>();
        for (var step = 0; step < Checklist.Steps.Length; step++)
        {
            foreach (var id in Shown(page).Where(id => Checklist.QuestionsById[id].Type == QuestionType.YesNo))
            {
                foreach (var value in new[] { Question.Yes, Question.NotSure })
                {
                    var box = page.QuerySelector($"#q-{id} .decides[data-on='{value}']");
                    var (after, response) = await client.PostStepAsync(page, new() { [id] = value });
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    var card = after.GetElementById("care-card");
                    if (box is null)
                    {
                        // A calmer level may be decided too (a routine sign once no answer left could raise it):
                        // the page offers the shortcut only for urgent and emergency results.
                        if (card is not null)
                        {
                            Assert.True(card.GetAttribute("data-urgency") is "routine" or "self-care", $"{id} {value} alone gave {card.GetAttribute("data-urgency")}, but the page offers no way out there");
                        }
                        else
                        {
                            Assert.Equal(Checklist.Steps[step].Id, StepOf(after));
                        }

                        continue;
                    }

                    offered.Add($"{id}={value}");
                    Assert.NotNull(card);
                    var level = box.ClassList.Single(c => c.StartsWith("decides-", StringComparison.Ordinal) && c != "decides-button")["decides-".Length..];
                    Assert.Equal(level, card.GetAttribute("data-urgency"));
                    Assert.Equal(card.QuerySelector("h1").Text().Trim(), box.QuerySelector(".decides-text strong").Text().Trim());
                    var button = box.QuerySelector("button[type=submit]")!;
                    Assert.Equal("See what to do now", button.Text().Trim());
                    Assert.Null(button.GetAttribute("formaction"));
                    Assert.True(Urgency.Urgent <= Enum.GetValues<Urgency>().Single(u => u.ToId() == level), level);
                }
            }

            if (step < Checklist.Steps.Length - 1)
            {
                (page, _) = await client.PostStepAsync(page, CalmFor(page));
            }
        }

        Assert.Contains("chest-pain=yes", offered);
        Assert.Contains("saddle-numbness=yes", offered);
        Assert.DoesNotContain(offered, o => o.StartsWith("fever=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("weight-loss", "uk", "111")]
    [InlineData("lump-or-shape", "au", "1800022222")]
    [InlineData("weight-loss", "us", null)]
    public async Task An_urgent_sign_on_the_second_step_shows_the_urgent_result_there_with_the_regions_service(string question, string region, string? phone)
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var (second, _) = await client.PostStepAsync(page, CalmFor(page, new() { ["region"] = region }));
        Assert.Equal(Checklist.Steps[1].Id, StepOf(second));
        Assert.Equal(Checklist.Steps[1].Title, second.QuerySelector("h1").Text().Trim());
        Assert.Equal(Checklist.QuestionsById[question].StepId, Checklist.Steps[1].Id);

        var (result, _) = await client.PostStepAsync(second, CalmFor(second, new() { [question] = Question.Yes }));
        var card = result.GetElementById("care-card")!;
        Assert.Equal("urgent", card.GetAttribute("data-urgency"));
        Assert.Equal(phone is null ? null : "tel:" + phone, card.QuerySelector("#care-call")?.GetAttribute("href"));
        Assert.Equal(Checklist.Levels[Urgency.Urgent].Actions[region].Action, card.QuerySelector(".care-action").Text().Trim());
    }

    [Fact]
    public async Task Calm_answers_go_through_every_step_in_order_to_self_care()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var seen = new List<string>();
        for (var i = 0; i <= Checklist.Steps.Length && page.GetElementById("care-card") is null; i++)
        {
            seen.Add(StepOf(page));
            Assert.Equal(Checklist.Steps[seen.Count - 1].Title, page.QuerySelector("h1").Text().Trim());
            Assert.Equal(seen.Count == Checklist.Steps.Length ? "See my result" : "Continue", page.GetElementById("checklist-submit").Text().Trim());
            (page, _) = await client.PostStepAsync(page, CalmFor(page));
        }

        Assert.Equal(Checklist.Steps.Select(s => s.Id), seen);
        var card = page.GetElementById("care-card")!;
        Assert.Equal("self-care", card.GetAttribute("data-urgency"));
        Assert.Empty(page.QuerySelectorAll(".reason"));
        Assert.Equal("/plan", card.QuerySelector("a.button-primary")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Each_step_carries_the_earlier_answers_in_hidden_fields_only()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var first = CalmFor(page);
        var (second, response) = await client.PostStepAsync(page, first);
        AssertKeptForHistoryOnly(response);
        Assert.Equal(Checklist.Steps[1].Id, StepOf(second));

        var hidden = second.QuerySelectorAll("#checklist-form input[type=hidden]")
            .Where(i => i.GetAttribute("name")!.StartsWith("answers[", StringComparison.Ordinal))
            .ToDictionary(i => i.GetAttribute("name")!["answers[".Length..^1], i => i.GetAttribute("value")!);
        var asked = first.Where(kv => ChecklistEngine.IsAsked(Checklist, Checklist.QuestionsById[kv.Key], first)).ToDictionary();
        Assert.Equal(asked.OrderBy(kv => kv.Key), hidden.OrderBy(kv => kv.Key));
        Assert.Equal("uk", second.QuerySelector("#checklist-form input[type=hidden][name=region]")?.GetAttribute("value"));
        Assert.Null(second.GetElementById("region"));
        Assert.NotNull(second.QuerySelector("#checklist-form input[name=__RequestVerificationToken]"));
        Assert.Empty(second.QuerySelectorAll("#checklist-form input[type=radio][checked]"));
        Assert.NotNull(second.GetElementById("checklist-back"));
        Assert.Equal("/check?handler=Back", second.GetElementById("checklist-back")?.GetAttribute("formaction"));
    }

    [Fact]
    public async Task Back_returns_to_the_previous_step_with_its_answers_and_keeps_the_answers_of_the_step_left()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var firstAnswers = CalmFor(page);
        var (second, _) = await client.PostStepAsync(page, firstAnswers);
        var secondIds = Shown(second);
        var secondAnswers = new Dictionary<string, string> { [secondIds[0]] = Forms.CalmAnswer(Checklist.QuestionsById[secondIds[0]]) };

        var (back, response) = await client.PostStepAsync(second, secondAnswers, button: "checklist-back");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(First.Id, StepOf(back));
        foreach (var (id, value) in firstAnswers.Where(kv => ChecklistEngine.IsAsked(Checklist, Checklist.QuestionsById[kv.Key], firstAnswers)))
        {
            var question = Checklist.QuestionsById[id];
            var selector = question.Type == QuestionType.Number ? $"#q-{id}-input[value='{value}']" : $"#q-{id}-{value}[checked]";
            Assert.True(back.QuerySelector(selector) is not null, $"answer to {id} not kept");
        }

        Assert.Equal(secondAnswers[secondIds[0]], back.QuerySelector($"#checklist-form input[type=hidden][name='answers[{secondIds[0]}]']")?.GetAttribute("value"));

        // Forward again: the second step shows the answer given there before going back.
        var (again, _) = await client.PostStepAsync(back, []);
        Assert.Equal(Checklist.Steps[1].Id, StepOf(again));
        Assert.NotNull(again.QuerySelector($"#q-{secondIds[0]}-{secondAnswers[secondIds[0]]}[checked]"));
    }

    [Fact]
    public async Task Change_your_answers_on_the_result_returns_to_the_step_with_the_answers_and_the_result_holds_no_form_copy()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var (result, _) = await client.PostStepAsync(page, new() { ["saddle-numbness"] = Question.Yes, ["region"] = "au" });
        Assert.Equal("emergency", result.GetElementById("care-card")?.GetAttribute("data-urgency"));
        Assert.Null(result.GetElementById("checklist-form"));
        Assert.Empty(result.QuerySelectorAll("fieldset, input[type=radio], select, input[type=text]"));
        var change = result.GetElementById("change-form")!;
        Assert.Equal("/check?handler=Change", change.GetAttribute("action"));
        Assert.All(change.QuerySelectorAll("input"), i => Assert.Equal("hidden", i.GetAttribute("type")));

        var fields = change.QuerySelectorAll("input").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!));
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync(new Uri(change.GetAttribute("action")!, UriKind.Relative), content);
        var step = await response.ParseAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(First.Id, StepOf(step));
        Assert.NotNull(step.QuerySelector("#q-saddle-numbness-yes[checked]"));
        Assert.Equal("au", step.QuerySelector("#region option[selected]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task Missing_answers_give_a_short_summary_with_one_link_per_question_and_say_what_to_do()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var (result, response) = await client.PostStepAsync(page, []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(result.GetElementById("care-card"));
        Assert.StartsWith("Error:", result.Title, StringComparison.Ordinal);
        var required = Checklist.InStep(First.Id).Where(q => q.AskIf is null).ToList();
        Assert.Equal($"Answer {required.Count} questions", result.QuerySelector("#error-summary h2").Text().Trim());
        var summary = result.GetElementById("error-summary")!;
        Assert.Equal("-1", summary.GetAttribute("tabindex"));
        var links = summary.QuerySelectorAll("a").ToList();
        Assert.Equal(required.Select(q => "#q-" + q.Id), links.Select(a => a.GetAttribute("href")));
        foreach (var (link, question) in links.Zip(required))
        {
            Assert.True(link.Text().Length <= 60, $"summary link too long: {link.Text()}");
            var target = result.GetElementById(link.GetAttribute("href")![1..])!;
            Assert.Equal(question.Text, target.QuerySelector(".question-label").Text());
            var message = target.QuerySelector(".field-error").Text().Replace("Error:", "", StringComparison.Ordinal).Trim();
            Assert.Equal(question.Type switch
            {
                QuestionType.YesNo => "Choose yes, no or not sure",
                QuestionType.Number => "Enter your age in years, for example 42",
                _ => "Choose one of the answers",
            }, message);
        }

        // The summary repeats no question; the page does not grow by the questions' text again.
        Assert.DoesNotContain(required, q => summary.TextContent.Contains(q.Text, StringComparison.Ordinal) && q.Text.Split(' ').Length > 7);
    }

    [Fact]
    public async Task One_missing_answer_keeps_the_others_and_names_one_question()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var answers = CalmFor(page);
        var missing = Shown(page).Last(id => Checklist.QuestionsById[id].AskIf is null);
        answers.Remove(missing);
        var kept = Shown(page).First(id => Checklist.QuestionsById[id].Type == QuestionType.YesNo && id != missing);
        var (result, _) = await client.PostStepAsync(page, answers);

        Assert.Equal("Answer 1 question", result.QuerySelector("#error-summary h2").Text().Trim());
        Assert.Equal("#q-" + missing, result.QuerySelector("#error-summary a")?.GetAttribute("href"));
        Assert.NotNull(result.QuerySelector($"#q-{kept}-no[checked]"));
        Assert.Single(result.QuerySelectorAll(".has-error"));
    }

    [Fact]
    public async Task An_age_that_is_not_a_whole_number_in_range_is_an_error_showing_what_was_typed()
    {
        var age = Checklist.Questions.First(q => q.Type == QuestionType.Number);
        Assert.Equal(First.Id, age.StepId);
        var client = factory.CreateClient();
        foreach (var (typed, message) in new[] { ("4o", "numbers only"), ("-3", "numbers only"), ((age.Range!.Max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), $"from {age.Range.Min} to {age.Range.Max}") })
        {
            var page = await client.GetDocumentAsync("/check");
            var (result, _) = await client.PostStepAsync(page, CalmFor(page, new() { [age.Id] = typed }));
            Assert.Null(result.GetElementById("care-card"));
            Assert.Equal(typed, result.GetElementById($"q-{age.Id}-input")?.GetAttribute("value"));
            Assert.Contains(message, result.QuerySelector($"#q-{age.Id} .field-error").Text(), StringComparison.Ordinal);
            Assert.Equal("true", result.GetElementById($"q-{age.Id}-input")?.GetAttribute("aria-invalid"));
            Assert.Equal("#q-" + age.Id, result.QuerySelector("#error-summary a")?.GetAttribute("href"));
        }

        // Spaces around digits are forgiven.
        var again = await client.GetDocumentAsync("/check");
        var (next, _) = await client.PostStepAsync(again, CalmFor(again, new() { [age.Id] = " 42 " }));
        Assert.Null(next.GetElementById("error-summary"));
    }

    [Fact]
    public async Task A_question_gated_on_the_same_page_is_required_only_after_yes_or_not_sure()
    {
        var gated = Checklist.Questions.Where(q => q.AskIf is { } c && c.QuestionIds.All(g => Checklist.QuestionsById[g].StepId == q.StepId)).ToList();
        var question = gated.First(q => q.AskIf is AnswerIs);
        var gate = Checklist.QuestionsById[question.AskIf!.QuestionIds.First()];
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        if (question.StepId != First.Id)
        {
            (page, _) = await client.PostStepAsync(page, CalmFor(page));
        }

        var group = page.GetElementById("q-" + question.Id)!.Closest(".conditional")!;
        Assert.Contains(gate.Text, group.QuerySelector(".conditional-label").Text(), StringComparison.Ordinal);

        // Gate "no": the gated questions are ignored, even if answered.
        var no = CalmFor(page);
        var sameGate = gated.Where(q => q.AskIf!.QuestionIds.Contains(gate.Id)).ToList();
        foreach (var q in sameGate)
        {
            no.Remove(q.Id);
        }

        var (afterNo, _) = await client.PostStepAsync(page, new(no) { [question.Id] = Question.Yes });
        Assert.Null(afterNo.GetElementById("error-summary"));
        Assert.Null(afterNo.QuerySelector($"input[type=hidden][name='answers[{question.Id}]']"));

        // Gate unanswered: only the gate is asked for.
        var open = new Dictionary<string, string>(no);
        open.Remove(gate.Id);
        var (afterNothing, _) = await client.PostStepAsync(page, open);
        Assert.Equal(["#q-" + gate.Id], afterNothing.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href")));

        // Gate "not sure": every question it gates on this page must be answered.
        var (afterUnsure, _) = await client.PostStepAsync(page, new(no) { [gate.Id] = Question.NotSure });
        if (afterUnsure.GetElementById("care-card") is null)
        {
            var expected = sameGate.Select(q => "#q-" + q.Id);
            Assert.Equal(expected, afterUnsure.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href")));
        }
    }

    [Fact]
    public async Task A_question_asked_from_an_age_on_the_same_page_is_required_only_in_that_age_range()
    {
        var question = Checklist.Questions.First(q => q.AskIf is NumberIs { AtLeast: not null } gate && Checklist.QuestionsById[gate.QuestionId].StepId == q.StepId);
        var gate = (NumberIs)question.AskIf!;
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        Assert.Equal(question.StepId, StepOf(page));
        var group = page.GetElementById("q-" + question.Id)!.Closest(".conditional")!;
        Assert.Equal($"Answer only if you are {gate.AtLeast} or older", group.QuerySelector(".conditional-label").Text().Trim());
        Assert.Equal($"number:{gate.QuestionId}:{gate.AtLeast}:{gate.Below}", group.GetAttribute("data-reveal-when"));

        var younger = CalmFor(page, new() { [gate.QuestionId] = (gate.AtLeast!.Value - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        younger.Remove(question.Id);
        var (afterYounger, _) = await client.PostStepAsync(page, younger);
        Assert.Null(afterYounger.GetElementById("error-summary"));

        var older = new Dictionary<string, string>(younger) { [gate.QuestionId] = gate.AtLeast.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var (afterOlder, _) = await client.PostStepAsync(page, older);
        Assert.Equal(["#q-" + question.Id], afterOlder.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href")));
    }

    /// <summary>A question asked after a choice on the same page ("is it getting better?" at 2 to 6 weeks) names that choice.</summary>
    [Fact]
    public async Task A_question_asked_after_a_choice_on_the_same_page_is_required_only_after_that_choice()
    {
        var question = Checklist.Questions.First(q => q.AskIf is AnswerIs gate && Checklist.QuestionsById[gate.QuestionId].Type == QuestionType.Choice);
        var gate = (AnswerIs)question.AskIf!;
        var gateQuestion = Checklist.QuestionsById[gate.QuestionId];
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        while (StepOf(page) != question.StepId)
        {
            (page, _) = await client.PostStepAsync(page, CalmFor(page));
        }

        var group = page.GetElementById("q-" + question.Id)!.Closest(".conditional")!;
        var label = string.Join(" or ", gateQuestion.Options.Where(o => gate.Values.Contains(o.Value)).Select(o => $"“{o.Label}”"));
        Assert.Equal($"Answer only if your answer to “{gateQuestion.Text}” was {label}", group.QuerySelector(".conditional-label").Text().Trim());
        Assert.Equal($"answer:{gate.QuestionId}:{string.Join(',', gate.Values)}", group.GetAttribute("data-reveal-when"));

        var other = gateQuestion.Options.First(o => !gate.Values.Contains(o.Value)).Value;
        var without = CalmFor(page, new() { [gate.QuestionId] = other });
        without.Remove(question.Id);
        var (afterOther, _) = await client.PostStepAsync(page, without);
        Assert.Null(afterOther.GetElementById("error-summary"));
        Assert.NotNull(afterOther.GetElementById("care-card"));

        var chosen = new Dictionary<string, string>(without) { [gate.QuestionId] = gate.Values[0] };
        var (afterChosen, _) = await client.PostStepAsync(page, chosen);
        Assert.Equal(["#q-" + question.Id], afterChosen.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href")));
    }

    [Theory]
    [InlineData("answers[no-such-question]", "no")]
    [InlineData("answers[saddle-numbness]", "maybe")]
    [InlineData("answers[chest-pain]", "<script>")]
    [InlineData("region", "mars")]
    [InlineData("step", "no-such-step")]
    public async Task Tampered_hidden_fields_are_refused_with_a_400_and_no_partial_result(string name, string value)
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var (second, _) = await client.PostStepAsync(page, CalmFor(page));
        foreach (var button in new[] { "checklist-submit", "checklist-back" })
        {
            // An emergency answer rides along: a refused post must not show it as a result either.
            var fields = new Dictionary<string, string> { ["answers[chest-pain]"] = Question.Yes, [name] = value };
            var (result, response) = await client.PostStepAsync(second, fields, button: button, replace: true);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(result.GetElementById("care-card"));
            Assert.Null(result.GetElementById("checklist-form"));
            Assert.DoesNotContain(Checklist.Levels[Urgency.Emergency].Heading, result.Body!.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_step_and_the_change_form_need_the_antiforgery_token()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var (second, _) = await client.PostStepAsync(page, CalmFor(page));
        Assert.NotNull(second.QuerySelector("#checklist-form input[name=__RequestVerificationToken]"));
        var (_, refused) = await client.PostStepAsync(second, CalmFor(second), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var (_, refusedFirst) = await client.PostStepAsync(page, new() { ["saddle-numbness"] = Question.Yes }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, refusedFirst.StatusCode);

        var (result, _) = await client.PostStepAsync(page, new() { ["saddle-numbness"] = Question.Yes });
        Assert.NotNull(result.QuerySelector("#change-form input[name=__RequestVerificationToken]"));
    }

    [Theory]
    [InlineData("saddle-numbness", "yes", "uk", "emergency")]
    [InlineData("weight-loss", "yes", "uk", "urgent")]
    [InlineData(null, null, "eu", "self-care")]
    public async Task The_result_leads_with_the_action_then_reasons_safety_net_and_articles(string? question, string? answer, string region, string urgency)
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/check");
        var answers = Forms.CalmAnswers(Checklist);
        if (question is not null)
        {
            answers[question] = answer!;
        }

        // A full set of answers posted at once (as older forms did) still gives the result.
        var (result, response) = await client.PostFormAsync(page, "checklist-form", answers.AsFormFields(region));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        var card = result.GetElementById("care-card")!;
        Assert.Equal(urgency, card.GetAttribute("data-urgency"));
        Assert.StartsWith("Your result: ", result.Title, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(card.QuerySelector(".care-badge").Text()));
        Assert.False(string.IsNullOrWhiteSpace(card.QuerySelector(".care-action").Text()));
        Assert.True(card.QuerySelectorAll("a.button").Length <= 1, "one call to action at most");

        // The first thing under the heading is the main action; then the explanation, safety-netting and articles.
        var body = result.Body!.InnerHtml;
        var order = new[] { "care-card-heading", "care-action", "why", "safety-net", "read-more", "change-form" }.Select(id => body.IndexOf($"id=\"{id}\"", StringComparison.Ordinal)).ToList();
        Assert.True(order.SequenceEqual(order.Order()) && order[0] >= 0, string.Join(",", order));
        var primary = card.QuerySelector("a.button-primary");
        if (primary is not null)
        {
            Assert.True(body.IndexOf(primary.OuterHtml, StringComparison.Ordinal) < body.IndexOf("id=\"care-action\"", StringComparison.Ordinal));
        }

        var safetyNet = result.QuerySelectorAll("#safety-net li").Select(li => li.Text()).ToList();
        var number = Checklist.FindRegion(region)!.EmergencyNumber;
        Assert.Contains(safetyNet, line => line.Contains("Call " + number, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(safetyNet.Count, safetyNet.Distinct(StringComparer.Ordinal).Count());
        Assert.NotNull(result.QuerySelector("#read-more a[href='/articles/when-to-see-a-clinician']"));

        // Leaving would lose the result (it is never stored), so its links open in a new tab and say so.
        var links = result.QuerySelectorAll("#read-more a, .reason-source a").ToList();
        Assert.NotEmpty(links);
        Assert.All(links, a =>
        {
            Assert.Equal("_blank", a.GetAttribute("target"));
            Assert.Equal("noopener", a.GetAttribute("rel"));
            Assert.EndsWith("(opens in new tab)", a.Text().Trim(), StringComparison.Ordinal);
        });
        Assert.NotNull(result.QuerySelector("#print-result[hidden][data-print]"));
        Assert.NotNull(result.QuerySelector("script[src^='/js/print.']"));
        Assert.Contains("Ctrl+P", result.GetElementById("print-result-hint").Text(), StringComparison.Ordinal);
        Assert.Contains(Checklist.Version, result.QuerySelector(".checklist-version").Text(), StringComparison.Ordinal);
        if (question is not null)
        {
            Assert.Contains(result.QuerySelectorAll(".reason-answers"), r => r.Text().Contains(Checklist.QuestionsById[question].Text, StringComparison.Ordinal));
            Assert.All(result.QuerySelectorAll(".reason-source a"), a => Assert.StartsWith("https://", a.GetAttribute("href"), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Answers_and_results_never_reach_the_logs()
    {
        var (_, result) = await factory.CreateClient().PostPrivateAnswersAsync(Checklist);
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

/// <summary>Posts a checklist step as a browser would: the page's own hidden fields (step, earlier answers, token) and the chosen answers.</summary>
public static class CheckSteps
{
    /// <param name="answers">Answers by question id; the key "region" sets the region select.</param>
    /// <param name="button">The id of the submit button pressed (its formaction wins).</param>
    /// <param name="replace">Send <paramref name="answers"/> keys as raw field names (for tampering), replacing hidden fields of the same name.</param>
    public static async Task<(IHtmlDocument Page, HttpResponseMessage Response)> PostStepAsync(
        this HttpClient client, IHtmlDocument page, Dictionary<string, string> answers, string button = "checklist-submit", bool withToken = true, bool replace = false)
    {
        var form = page.GetElementById("checklist-form") ?? throw new InvalidOperationException("no checklist form on " + page.Title);
        var given = answers.ToDictionary(kv => replace || kv.Key == "region" ? kv.Key : $"answers[{kv.Key}]", kv => kv.Value, StringComparer.Ordinal);

        // What the page already holds: hidden fields, checked radios, typed numbers, the selected region.
        var fields = form.QuerySelectorAll("input[type=hidden], input[type=radio][checked], input[type=text]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Concat(form.QuerySelectorAll("select option[selected]").Select(o => new KeyValuePair<string, string>(o.Closest("select")!.GetAttribute("name")!, o.GetAttribute("value")!)))
            .Where(f => (withToken || f.Key != "__RequestVerificationToken") && !given.ContainsKey(f.Key))
            .ToList();
        fields.AddRange(given);

        var action = page.GetElementById(button)?.GetAttribute("formaction") ?? form.GetAttribute("action")!;
        using var content = new FormUrlEncodedContent(fields);
        var response = await client.PostAsync(new Uri(action, UriKind.Relative), content);
        return (await response.ParseAsync(), response);
    }
}
