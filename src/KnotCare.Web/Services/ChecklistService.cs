using System.Collections.Immutable;
using KnotCare.Content;
using KnotCare.Content.Checklist;
using KnotCare.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace KnotCare.Web.Services;

/// <summary>A question as the form shows it: the answer given so far and any error.</summary>
public sealed record QuestionView(Question Question, string? Answer, string? Error)
{
    public string FieldId => "q-" + Question.Id;

    public string FieldName => "answers[" + Question.Id + "]";

    public string InputId(AnswerOption option) => $"q-{Question.Id}-{option.Value}";
}

public sealed record StepView(ChecklistStep Step, ImmutableArray<QuestionView> Questions);

/// <summary>The checklist form: every step in order (the emergency screen first), the region, and errors.</summary>
public sealed record ChecklistFormView(
    ImmutableArray<StepView> Steps,
    ImmutableArray<Region> Regions,
    string Region,
    ImmutableArray<AnswerError> Errors,
    string Version,
    DateOnly LastReviewed)
{
    public string? RegionError => Errors.FirstOrDefault(e => e.QuestionId == "region")?.Message;
}

/// <summary>One answer that led to a rule: the question and what the person said.</summary>
public sealed record ReasonAnswer(string Question, string Answer);

/// <summary>One reason behind the advice: the rule, the answers that triggered it, and its source.</summary>
public sealed record ReasonView(string RuleId, Urgency Urgency, bool Certain, string Text, string Advice, Source Source, ImmutableArray<ReasonAnswer> Answers);

/// <summary>The result, rendered once from the POST and never stored.</summary>
public sealed record ChecklistResultView(
    Urgency Urgency,
    UrgencyLevel Level,
    Region Region,
    RegionAction Action,
    ImmutableArray<ReasonView> Reasons,
    ImmutableArray<string> SafetyNet,
    ImmutableArray<ArticleLink> Articles,
    string Version,
    DateOnly LastReviewed)
{
    public string UrgencyId => Urgency.ToId();
}

/// <summary>Either the form back with errors, or a result.</summary>
public sealed record ChecklistOutcome(ChecklistFormView Form, ChecklistResultView? Result);

/// <summary>The checklist for the page and the JSON API: one engine, one set of rules.</summary>
public sealed class ChecklistService(ContentStore store, IOptions<ChecklistOptions> options)
{
    public ChecklistDefinition Definition => store.Current.Checklist;

    public string DefaultRegion => options.Value.DefaultRegion;

    public ChecklistFormView EmptyForm(string? region = null) =>
        BuildForm(store.Current.Checklist, new Dictionary<string, string?>(), Valid(region) ? region! : DefaultRegion, []);

    public ChecklistOutcome Submit(IReadOnlyDictionary<string, string?> answers, string? region)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var snapshot = store.Current;
        var checklist = snapshot.Checklist;
        var chosenRegion = string.IsNullOrEmpty(region) ? DefaultRegion : region;
        var errors = ChecklistEngine.Validate(checklist, answers, chosenRegion);
        if (!errors.IsEmpty)
        {
            var shownRegion = checklist.FindRegion(chosenRegion) is null ? DefaultRegion : chosenRegion;
            return new ChecklistOutcome(BuildForm(checklist, answers, shownRegion, errors), null);
        }

        var valid = answers.ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
        var result = ChecklistEngine.Evaluate(checklist, valid, chosenRegion);
        return new ChecklistOutcome(BuildForm(checklist, answers, chosenRegion, []), Describe(snapshot, checklist, result, valid));
    }

    public ChecklistResult Evaluate(IReadOnlyDictionary<string, string> answers, string region) =>
        ChecklistEngine.Evaluate(store.Current.Checklist, answers, region);

    private bool Valid(string? region) => region is not null && store.Current.Checklist.FindRegion(region) is not null;

    private static ChecklistFormView BuildForm(ChecklistDefinition checklist, IReadOnlyDictionary<string, string?> answers, string region, ImmutableArray<AnswerError> errors)
    {
        var steps = checklist.Steps
            .Select(step => new StepView(step, [.. checklist.InStep(step.Id).Select(q => new QuestionView(
                q,
                answers.TryGetValue(q.Id, out var a) && a is not null && q.Allows(a) ? a : null,
                errors.FirstOrDefault(e => e.QuestionId == q.Id)?.Message))]))
            .ToImmutableArray();

        // Errors for ids the form does not show (only possible from hand-made posts) still appear in the summary.
        return new ChecklistFormView(steps, checklist.Regions, region, errors, checklist.Version, checklist.LastReviewed);
    }

    private static ChecklistResultView Describe(ContentSnapshot snapshot, ChecklistDefinition checklist, ChecklistResult result, Dictionary<string, string> answers)
    {
        var reasons = result.Matched
            .Select(m => new ReasonView(
                m.Rule.Id,
                m.Urgency,
                m.Certain,
                m.Rule.Reason,
                m.Rule.Advice,
                m.Rule.Source,
                [.. ChecklistEngine.TriggeringQuestions(checklist, m.Rule.When, answers).Select(id =>
                {
                    var question = checklist.QuestionsById[id];
                    return new ReasonAnswer(question.Text, question.Describe(answers[id]));
                })]))
            .ToImmutableArray();
        var articles = result.Articles
            .Select(snapshot.FindArticle)
            .OfType<Article>()
            .Select(a => new ArticleLink(a.Title, a.Url, a.Summary))
            .ToImmutableArray();
        return new ChecklistResultView(
            result.Urgency,
            result.Level,
            result.Region,
            result.Level.Actions[result.Region.Id],
            reasons,
            result.SafetyNet,
            articles,
            result.Version,
            checklist.LastReviewed);
    }
}
