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

    /// <summary>Every yes/no question "no", aged 35, pain under 2 weeks: the calmest adult answers.</summary>
    public static Dictionary<string, string> CalmAnswers(ChecklistDefinition checklist) =>
        checklist.Questions.ToDictionary(
            q => q.Id,
            q => q.Id switch
            {
                "age" => "35",
                "duration" => "under-2-weeks",
                _ => Question.No,
            });

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
