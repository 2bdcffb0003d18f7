using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnotCare.Content.Checklist;

namespace KnotCare.Web.Tests;

public sealed class ChecklistApiTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    private static readonly string[] RequiredYesNo =
    [
        "saddle-numbness", "bladder-bowel", "both-legs", "leg-weakness", "chest-pain", "serious-accident", "sudden-severe",
        "fever", "weight-loss", "cancer-history", "lump-or-shape", "rest-pain", "immune-risk", "minor-fall", "bone-risk",
        "spreading", "sleep-or-daily-life", "limb-numbness",
    ];

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
        Assert.Equal(factory.Content.Checklist.Version, json.GetProperty("version").GetString());
        var questions = json.GetProperty("questions").EnumerateArray().ToDictionary(q => q.GetProperty("id").GetString()!);

        string[] Options(string id) => [.. questions[id].GetProperty("options").EnumerateArray().Select(o => o.GetProperty("value").GetString()!)];
        Assert.Equal("number", questions["age"].GetProperty("type").GetString());
        Assert.Empty(Options("age"));
        Assert.Equal(0, questions["age"].GetProperty("min").GetInt32());
        Assert.Equal(120, questions["age"].GetProperty("max").GetInt32());
        Assert.Equal("choice", questions["duration"].GetProperty("type").GetString());
        Assert.Equal(["under-2-weeks", "2-to-6-weeks", "6-weeks-to-3-months", "over-3-months"], Options("duration"));
        foreach (var id in RequiredYesNo)
        {
            Assert.True(questions.ContainsKey(id), $"missing question {id}");
            Assert.Equal("yes-no", questions[id].GetProperty("type").GetString());
            Assert.Equal(["yes", "no", "not-sure"], Options(id));
            Assert.False(string.IsNullOrWhiteSpace(questions[id].GetProperty("text").GetString()));
        }
    }

    [Theory]
    [InlineData(null, null, "self-care")]
    [InlineData("saddle-numbness", "yes", "emergency")]
    [InlineData("saddle-numbness", "not-sure", "urgent")]
    [InlineData("weight-loss", "yes", "urgent")]
    [InlineData("limb-numbness", "not-sure", "routine")]
    [InlineData("duration", "2-to-6-weeks", "routine")]
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
        { """{"answers": {"age": "20-to-50"}}""", "fever" },
        { """{"answers": {"age": "twenty"}}""", "age" },
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
                q => random.Next(4) != 0 ? Forms.CalmAnswers(checklist)[q.Id] : q.Type == QuestionType.Number ? random.Next(121).ToString(System.Globalization.CultureInfo.InvariantCulture) : q.Options[random.Next(q.Options.Length)].Value);
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
    }
}
