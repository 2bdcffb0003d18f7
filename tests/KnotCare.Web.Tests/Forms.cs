using AngleSharp.Html.Dom;
using KnotCare.Content.Checklist;

namespace KnotCare.Web.Tests;

/// <summary>Fills and posts real forms: the fields a browser would send, including the antiforgery token.</summary>
public static class Forms
{
    public static async Task<(IHtmlDocument Page, HttpResponseMessage Response)> PostFormAsync(
        this HttpClient client, IHtmlDocument page, string formId, IEnumerable<KeyValuePair<string, string>> fields, bool includeToken = true)
    {
        var form = (IHtmlFormElement)page.GetElementById(formId)!;
        var values = new List<KeyValuePair<string, string>>(fields);
        if (includeToken)
        {
            var token = form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
                ?? throw new InvalidOperationException("the form has no antiforgery token");
            values.Add(new("__RequestVerificationToken", token));
        }

        using var content = new FormUrlEncodedContent(values);
        var response = await client.PostAsync(new Uri(form.GetAttribute("action")!, UriKind.Relative), content);
        return (await response.ParseAsync(), response);
    }

    /// <summary>
    /// The calmest answers, built from the definition: every yes/no question "no", the first option of a choice (the
    /// calmest, such as pain for under 2 weeks) and 30 for a number (an age in years).
    /// </summary>
    public static Dictionary<string, string> CalmAnswers(ChecklistDefinition checklist) =>
        checklist.Questions.ToDictionary(q => q.Id, CalmAnswer);

    public static string CalmAnswer(Question question) => question.Type switch
    {
        QuestionType.YesNo => Question.No,
        QuestionType.Number => Math.Clamp(30, question.Range!.Min, question.Range.Max).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => question.Options[0].Value,
    };

    /// <summary>Sent in an extra form field by <see cref="PostPrivateAnswersAsync"/>, to be looked for in the logs.</summary>
    public const string PrivateMarker = "PRIVATE-MARKER-7731";

    /// <summary>
    /// Opens /check and posts answers nobody would want logged (saddle numbness "yes", weight loss "not sure") with an
    /// extra field holding <see cref="PrivateMarker"/>; returns the form page and the result page.
    /// </summary>
    public static async Task<(IHtmlDocument Page, IHtmlDocument Result)> PostPrivateAnswersAsync(this HttpClient client, ChecklistDefinition checklist)
    {
        var page = await client.GetDocumentAsync("/check");
        var answers = CalmAnswers(checklist);
        answers["saddle-numbness"] = Question.Yes;
        answers["weight-loss"] = Question.NotSure;
        var (result, _) = await client.PostFormAsync(page, "checklist-form", answers.AsFormFields().Append(new("note", PrivateMarker)));
        return (page, result);
    }

    public static IEnumerable<KeyValuePair<string, string>> AsFormFields(this Dictionary<string, string> answers, string region = "uk") =>
        answers.Select(kv => new KeyValuePair<string, string>($"answers[{kv.Key}]", kv.Value))
            .Append(new("Region", region));
}
