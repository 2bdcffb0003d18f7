using System.Net;
using System.Text;
using System.Text.Json;

namespace KnotCare.Web.Tests;

/// <summary>
/// Hostile bodies for POST /api/checklist/evaluate: a body that could mean two things (a duplicate key) or that is
/// not text (invalid UTF-8, an unpaired surrogate) is refused with a 400 problem naming where, never a 500 or a guess.
/// </summary>
public sealed class ApiHardeningTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    private static readonly Uri Evaluate = new("/api/checklist/evaluate", UriKind.Relative);

    /// <summary>A complete, calm answer set with one red flag answered "yes", as JSON members (no braces).</summary>
    private string CalmMembers(string except) => string.Join(
        ", ",
        Forms.CalmAnswers(factory.Content.Checklist).Where(a => a.Key != except).Select(a => $"\"{a.Key}\": \"{a.Value}\""));

    private async Task<(HttpStatusCode Status, JsonElement Json, string? MediaType, string Text)> PostAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await factory.CreateClient().PostAsync(Evaluate, content);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (response.StatusCode, json, response.Content.Headers.ContentType?.MediaType, text);
    }

    private static void AssertProblemNaming((HttpStatusCode Status, JsonElement Json, string? MediaType, string Text) response, string key, string? inMessage = null)
    {
        Assert.True(response.Status == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.Status}: {response.Text}");
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(key, out var messages), $"errors do not name {key}: {response.Text}");
        if (inMessage is not null)
        {
            Assert.Contains(inMessage, messages[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_red_flag_answered_twice_is_refused_not_decided_by_the_last_answer()
    {
        var body = $$$"""{"answers": {"saddle-numbness": "yes", {{{CalmMembers("saddle-numbness")}}}, "saddle-numbness": "no"}, "region": "uk"}""";
        var response = await PostAsync(Encoding.UTF8.GetBytes(body));
        AssertProblemNaming(response, "saddle-numbness", "$.answers");
    }

    [Fact]
    public async Task Two_answers_objects_are_refused_even_when_the_second_is_complete()
    {
        var body = $$$"""{"answers": {"saddle-numbness": "yes"}, "answers": {"saddle-numbness": "no", {{{CalmMembers("saddle-numbness")}}}}}""";
        var response = await PostAsync(Encoding.UTF8.GetBytes(body));
        AssertProblemNaming(response, "answers", "$");
    }

    [Fact]
    public async Task A_duplicate_written_with_an_escape_is_still_a_duplicate()
    {
        var body = $$$"""{"answers": {"saddle-numbness": "yes", {{{CalmMembers("saddle-numbness")}}}, "saddle\u002Dnumbness": "no"}}""";
        var response = await PostAsync(Encoding.UTF8.GetBytes(body));
        AssertProblemNaming(response, "saddle-numbness");
    }

    public static TheoryData<string, string> InvalidText() => new()
    {
        // ¤ marks where a byte that can never appear in UTF-8 (0xFF) is put.
        { """{"answers": {"fever": "y¤s"}}""", "fever" },
        { """{"answers": {"fev¤r": "yes"}}""", "answers" },
        { """{"answers": {"fever": "yes"}, "region": "u¤"}""", "region" },
        { """{"answers": {"fever": "\ud800"}}""", "fever" },
        { """{"answers": {"fever": "yes\udc00"}}""", "fever" },
        { """{"answers": {"fever": "yes"}, "region": "\ud83d"}""", "region" },
        { """{"answers": {"\ud800": "yes"}}""", "answers" },
    };

    [Theory]
    [MemberData(nameof(InvalidText))]
    public async Task Invalid_utf8_and_unpaired_surrogates_are_a_400_problem_not_a_500(string template, string key)
    {
        var body = Encoding.UTF8.GetBytes(template.Replace("¤", "\u0001", StringComparison.Ordinal));
        var marker = Array.IndexOf(body, (byte)1);
        if (marker >= 0)
        {
            body[marker] = 0xFF;
        }

        var response = await PostAsync(body);
        AssertProblemNaming(response, key);
        Assert.DoesNotContain(factory.Logs.Events, e => e.Exception is not null);
    }

    [Fact]
    public async Task Get_on_the_evaluate_endpoint_is_a_405_problem_that_allows_post()
    {
        using var response = await factory.CreateClient().GetAsync(Evaluate);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(405, json.GetProperty("status").GetInt32());
    }
}
