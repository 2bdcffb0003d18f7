using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnotCare.Content.Checklist;

namespace KnotCare.Web.Tests;

public sealed class ChecklistApiTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Body(Dictionary<string, string> answers, string? region = "uk") =>
        JsonSerializer.Serialize(region is null ? new Dictionary<string, object> { ["answers"] = answers } : new() { ["answers"] = answers, ["region"] = region });

    private async Task<(HttpStatusCode Status, JsonElement Json, string? MediaType)> PostAsync(HttpContent content)
    {
        var client = factory.CreateClient();
        using var response = await client.PostAsync(new Uri("/api/checklist/evaluate", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_returns_the_version_and_every_question_with_its_public_id_type_and_options()
    {
        var client = factory.CreateClient();
        var json = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/checklist", UriKind.Relative));
        var checklist = factory.Content.Checklist;
        Assert.Equal(checklist.Version, json.GetProperty("version").GetString());
        var questions = json.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(checklist.Questions.Select(q => q.Id), questions.Select(q => q.GetProperty("id").GetString()));
        foreach (var (question, api) in checklist.Questions.Zip(questions))
        {
            Assert.Equal(question.StepId, api.GetProperty("step").GetString());
            Assert.Equal(question.Text, api.GetProperty("text").GetString());
            var options = api.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("value").GetString()!).ToList();
            switch (question.Type)
            {
                case QuestionType.YesNo:
                    Assert.Equal("yes-no", api.GetProperty("type").GetString());
                    Assert.Equal(["yes", "no", "not-sure"], options);
                    break;
                case QuestionType.Number:
                    Assert.Equal("number", api.GetProperty("type").GetString());
                    Assert.Empty(options);
                    Assert.Equal(question.Range!.Min, api.GetProperty("min").GetInt32());
                    Assert.Equal(question.Range.Max, api.GetProperty("max").GetInt32());
                    break;
                default:
                    Assert.Equal("choice", api.GetProperty("type").GetString());
                    Assert.Equal(question.Options.Select(o => o.Value), options);
                    break;
            }
        }

        Assert.Contains(checklist.Questions, q => q.Id == "saddle-numbness" && q.StepId == checklist.Steps[0].Id);
        Assert.Contains(checklist.Questions, q => q.Id == "duration" && q.Type == QuestionType.Choice);
    }

    [Theory]
    [InlineData(null, null, "self-care")]
    [InlineData("saddle-numbness", "yes", "emergency")]
    [InlineData("saddle-numbness", "not-sure", "urgent")]
    [InlineData("weight-loss", "yes", "urgent")]
    [InlineData("chest-pain", "yes", "emergency")]
    [InlineData("lump-or-shape", "yes", "urgent")]
    public async Task Evaluate_returns_urgency_reasons_advice_and_version(string? question, string? answer, string urgency)
    {
        var answers = Forms.CalmAnswers(factory.Content.Checklist);
        if (question is not null)
        {
            answers[question] = answer!;
        }

        var (status, json, mediaType) = await PostAsync(Json(Body(answers)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", mediaType);
        Assert.Equal(urgency, json.GetProperty("urgency").GetString());
        Assert.True(json.GetProperty("complete").GetBoolean());
        Assert.False(json.TryGetProperty("next", out _));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("advice").GetString()));
        Assert.Equal(factory.Content.Checklist.Version, json.GetProperty("version").GetString());
        var reasons = json.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Equal(question is null, reasons.Count == 0);
        foreach (var reason in reasons)
        {
            Assert.False(string.IsNullOrWhiteSpace(reason.GetProperty("ruleId").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(reason.GetProperty("text").GetString()));
            Assert.StartsWith("https://", reason.GetProperty("source").GetProperty("url").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_region_sets_the_emergency_number_and_defaults_from_settings()
    {
        var answers = Forms.CalmAnswers(factory.Content.Checklist);
        answers["chest-pain"] = Question.Yes;
        var (_, us, _) = await PostAsync(Json(Body(answers, "us")));
        Assert.Equal("911", us.GetProperty("phone").GetString());
        Assert.Contains(us.GetProperty("safetyNet").EnumerateArray(), line => line.GetString()!.Contains("call 911", StringComparison.OrdinalIgnoreCase));
        var (_, byDefault, _) = await PostAsync(Json(Body(answers, region: null)));
        Assert.Equal("uk", byDefault.GetProperty("region").GetString());
        Assert.Equal("999", byDefault.GetProperty("emergencyNumber").GetString());
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { """{"answers": {"age": "twenty"}}""", "age" },
        { """{"answers": {"saddle-numbness": "maybe"}}""", "saddle-numbness" },
        { """{"answers": {"chest-pain": "yes", "no-such-question": "yes"}}""", "no-such-question" },
        { """{"answers": {"no-such-question": "yes"}}""", "no-such-question" },
        { """{"answers": {"fever": true}}""", "fever" },
        { """{"answers": []}""", "answers" },
        { """{"region": "uk"}""", "answers" },
        { """{"answers": {}, "region": "mars"}""", "region" },
        { """{"answers": {}, "extra": 1}""", "extra" },
        { """{"answers": {""", "body" },
        { """not json at all""", "body" },
        { """[1, 2, 3]""", "body" },
        { "", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_requests_get_a_400_problem_naming_the_offending_ids(string body, string namedId)
    {
        var (status, json, mediaType) = await PostAsync(Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.True(json.GetProperty("errors").TryGetProperty(namedId, out _), $"errors do not name {namedId}: {json}");
        Assert.False(json.TryGetProperty("urgency", out _), "no partial result with a 400");
        Assert.False(json.TryGetProperty("level", out _), "no partial result with a 400");
    }

    [Fact]
    public async Task No_answers_are_not_complete_and_ask_for_the_first_step()
    {
        var checklist = factory.Content.Checklist;
        var (status, json, _) = await PostAsync(Json("""{"answers": {}}"""));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(json.GetProperty("complete").GetBoolean());
        Assert.Equal("self-care", json.GetProperty("level").GetString());
        Assert.Equal(checklist.Version, json.GetProperty("version").GetString());
        var expected = checklist.InStep(checklist.Steps[0].Id).Where(q => ChecklistEngine.IsAsked(checklist, q, new Dictionary<string, string>())).Select(q => q.Id);
        Assert.Equal(expected, json.GetProperty("next").EnumerateArray().Select(e => e.GetString()));
        Assert.False(json.TryGetProperty("urgency", out _));
    }

    [Theory]
    [InlineData("saddle-numbness")]
    [InlineData("chest-pain")]
    public async Task One_emergency_answer_alone_is_complete(string question)
    {
        var (status, json, _) = await PostAsync(Json(Body(new() { [question] = Question.Yes }, "au")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("complete").GetBoolean());
        Assert.Equal("emergency", json.GetProperty("urgency").GetString());
        Assert.Equal("000", json.GetProperty("phone").GetString());
        Assert.Contains(json.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("urgency").GetString() == "emergency");
    }

    [Fact]
    public async Task A_calm_first_step_asks_for_the_second_and_an_unsure_emergency_answer_is_urgent_so_far()
    {
        var checklist = factory.Content.Checklist;
        var first = checklist.InStep(checklist.Steps[0].Id).ToDictionary(q => q.Id, Forms.CalmAnswer);
        var (_, calm, _) = await PostAsync(Json(Body(first)));
        Assert.False(calm.GetProperty("complete").GetBoolean());
        Assert.Equal("self-care", calm.GetProperty("level").GetString());
        var next = calm.GetProperty("next").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(next);
        Assert.All(next, id => Assert.Equal(checklist.Steps[1].Id, checklist.QuestionsById[id].StepId));
        Assert.Contains("weight-loss", next);

        var (_, unsure, _) = await PostAsync(Json(Body(new() { ["saddle-numbness"] = Question.NotSure })));
        Assert.False(unsure.GetProperty("complete").GetBoolean());
        Assert.Equal("urgent", unsure.GetProperty("level").GetString());
        Assert.DoesNotContain("saddle-numbness", unsure.GetProperty("next").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task An_urgent_answer_on_the_second_step_decides_the_result()
    {
        var checklist = factory.Content.Checklist;
        var answers = checklist.Questions.Where(q => q.StepId != checklist.Steps[^1].Id).ToDictionary(q => q.Id, Forms.CalmAnswer);
        answers["weight-loss"] = Question.Yes;
        var (status, json, _) = await PostAsync(Json(Body(answers)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("complete").GetBoolean());
        Assert.Equal("urgent", json.GetProperty("urgency").GetString());
        Assert.Equal("111", json.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Empty_strings_count_as_unanswered()
    {
        var (status, json, _) = await PostAsync(Json("""{"answers": {"saddle-numbness": ""}}"""));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(json.GetProperty("complete").GetBoolean());
        Assert.Contains("saddle-numbness", json.GetProperty("next").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_valid_request_with_a_wrong_answer_names_only_that_id()
    {
        var answers = Forms.CalmAnswers(factory.Content.Checklist);
        answers["duration"] = "forever";
        var (status, json, _) = await PostAsync(Json(Body(answers)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["duration"], json.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_body_over_16_KB_is_refused_with_a_400()
    {
        var answers = Forms.CalmAnswers(factory.Content.Checklist);
        var padding = new string(' ', 17 * 1024);
        var (status, json, mediaType) = await PostAsync(Json(Body(answers).Insert(1, padding)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.True(json.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task A_non_json_content_type_is_refused()
    {
        var answers = Forms.CalmAnswers(factory.Content.Checklist);
        using var content = new StringContent(Body(answers), Encoding.UTF8, "text/plain");
        var (status, _, mediaType) = await PostAsync(content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("application/problem+json", mediaType);
    }

    [Fact]
    public async Task The_page_and_the_api_give_the_same_urgency_for_the_same_answers()
    {
        var checklist = factory.Content.Checklist;
        var client = factory.CreateClient();
        var random = new Random(20261125);
        for (var round = 0; round < 25; round++)
        {
            var answers = checklist.Questions.ToDictionary(
                q => q.Id,
                q => random.Next(4) != 0 ? Forms.CalmAnswer(q)
                    : q.Type == QuestionType.Number ? random.Next(q.Range!.Min, q.Range.Max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : q.Options[random.Next(q.Options.Length)].Value);
            var (_, api, _) = await PostAsync(Json(Body(answers)));
            var page = await client.GetDocumentAsync("/check");
            var (result, _) = await client.PostFormAsync(page, "checklist-form", answers.AsFormFields());
            Assert.Equal(api.GetProperty("urgency").GetString(), result.GetElementById("care-card")?.GetAttribute("data-urgency"));
        }
    }

    [Fact]
    public async Task An_openapi_document_describes_both_endpoints()
    {
        var client = factory.CreateClient();
        var json = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        var paths = json.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/checklist", out var get) && get.TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/api/checklist/evaluate", out var evaluate) && evaluate.TryGetProperty("post", out _));
        Assert.Contains("EvaluateRequest", json.ToString(), StringComparison.Ordinal);

        // The 200 response is one of the two shapes, each with "complete" required.
        var schema = evaluate.GetProperty("post").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal(
            ["#/components/schemas/EvaluateResponse", "#/components/schemas/PartialEvaluateResponse"],
            schema.GetProperty("oneOf").EnumerateArray().Select(s => s.GetProperty("$ref").GetString()));
        var schemas = json.GetProperty("components").GetProperty("schemas");
        foreach (var (name, fields) in new[] { ("EvaluateResponse", new[] { "urgency", "advice", "reasons", "safetyNet", "complete" }), ("PartialEvaluateResponse", ["level", "next", "complete"]) })
        {
            var required = schemas.GetProperty(name).GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.All(fields, f => Assert.Contains(f, required));
        }
    }

    /// <summary>The OpenAPI description of the evaluate operation lists every question id of the version served, new ones included.</summary>
    [Fact]
    public async Task The_openapi_document_lists_every_question_id()
    {
        var json = await factory.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        var description = json.GetProperty("paths").GetProperty("/api/checklist/evaluate").GetProperty("post").GetProperty("description").GetString()!;

        Assert.Contains(factory.Content.Checklist.Version, description, StringComparison.Ordinal);
        foreach (var question in factory.Content.Checklist.Questions)
        {
            Assert.Contains($"`{question.Id}`", description, StringComparison.Ordinal);
        }

        Assert.Contains("whole number 0 to 120", description, StringComparison.Ordinal);
    }
}
