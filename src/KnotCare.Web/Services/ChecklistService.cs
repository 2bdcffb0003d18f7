using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using KnotCare.Content;
using KnotCare.Content.Checklist;
using KnotCare.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace KnotCare.Web.Services;

/// <summary>
/// A question as a step shows it: the answer given so far (for a number, what was typed), any error, and, for a
/// question asked only after an answer on the same page, the group it sits in.
/// </summary>
public sealed record QuestionView(Question Question, string? Answer, string? Error, ConditionalGroup? Group)
{
    /// <summary>
    /// Answers that decide an urgent or emergency result on their own, given the answers of earlier steps: the page
    /// then offers "See what to do now" right under the question, so nobody has to finish the step first.
    /// </summary>
    public ImmutableArray<DecidingAnswer> Deciding { get; init; } = [];

    public string FieldId => "q-" + Question.Id;

    public string FieldName => "answers[" + Question.Id + "]";

    /// <summary>The text box of a number question.</summary>
    public string NumberInputId => "q-" + Question.Id + "-input";

    public string InputId(AnswerOption option) => $"q-{Question.Id}-{option.Value}";
}

/// <summary>
/// Questions asked only when an answer on the same page holds: shown in a labelled group so the page works without
/// scripts. <see cref="RevealWhen"/> ("answer:gate-id:yes,not-sure" or "number:gate-id:at-least:below") lets the script
/// hide the group until the gate allows it; null when the condition is not that simple (the group then always shows).
/// </summary>
public sealed record ConditionalGroup(string Id, string Label, string? RevealWhen);

/// <summary>An answer that decides the result by itself: the option and the heading of the level it leads to.</summary>
public sealed record DecidingAnswer(string Value, Urgency Urgency, string Heading)
{
    public string UrgencyId => Urgency.ToId();
}

/// <summary>A hidden form field carrying an answer given on another step (or the region).</summary>
public sealed record CarriedField(string Name, string Value);

/// <summary>One line of the error summary: where it links and its short text.</summary>
public sealed record SummaryLink(string TargetId, string Text);

/// <summary>One step of the checklist as a page: its questions, the answers carried from other steps, and errors.</summary>
public sealed record ChecklistStepView(
    ChecklistStep Step,
    int Index,
    int Count,
    ImmutableArray<QuestionView> Questions,
    ImmutableArray<CarriedField> Carried,
    ImmutableArray<Region> Regions,
    string Region,
    string? RegionError,
    ImmutableArray<SummaryLink> Errors,
    bool OnlyMissingAnswers,
    string Version,
    DateOnly LastReviewed)
{
    public bool IsFirst => Index == 0;

    public bool IsLast => Index == Count - 1;

    /// <summary>The error summary's heading: "Answer 2 questions" when answers are missing, otherwise a general one.</summary>
    public string ErrorTitle => OnlyMissingAnswers
        ? Errors.Length == 1 ? "Answer 1 question" : $"Answer {Errors.Length} questions"
        : "There is a problem";
}

/// <summary>One answer that led to a rule: the question and what the person said.</summary>
public sealed record ReasonAnswer(string Question, string Answer);

/// <summary>One reason behind the advice: the rule, the answers that triggered it, and its source.</summary>
public sealed record ReasonView(string RuleId, Urgency Urgency, bool Certain, string Text, string Advice, Source Source, ImmutableArray<ReasonAnswer> Answers);

/// <summary>
/// The result, rendered once from the POST and never stored. <see cref="Carried"/> holds every answer (and the
/// region) for "Change your answers", which returns to <see cref="StepId"/>, the step the person stopped on.
/// </summary>
public sealed record ChecklistResultView(
    Urgency Urgency,
    UrgencyLevel Level,
    Region Region,
    RegionAction Action,
    ImmutableArray<ReasonView> Reasons,
    ImmutableArray<string> SafetyNet,
    ImmutableArray<ArticleLink> Articles,
    string Version,
    DateOnly LastReviewed,
    string StepId,
    ImmutableArray<CarriedField> Carried)
{
    public string UrgencyId => Urgency.ToId();
}

/// <summary>What a checklist post leads to: a step, a result, or a refusal (hidden fields that no page could have sent).</summary>
public abstract record ChecklistOutcome
{
    private ChecklistOutcome()
    {
    }

    public sealed record ShowStep(ChecklistStepView View) : ChecklistOutcome;

    public sealed record ShowResult(ChecklistResultView View) : ChecklistOutcome;

    public sealed record Rejected : ChecklistOutcome;
}

/// <summary>
/// The checklist for the page and the JSON API: one engine, one set of rules. The page asks one step at a time, the
/// emergency screen first, and stops as soon as <see cref="ChecklistEngine.Assess"/> says no answer still to come
/// could make the result more urgent. Answers from other steps travel in hidden fields: nothing is stored.
/// </summary>
public sealed class ChecklistService(ContentStore store, IOptions<ChecklistOptions> options)
{
    public const string RegionField = "region";

    public const string StepField = "step";

    private const int LinkWords = 6;

    /// <summary>
    /// The first step's deciding answers, worked out once per checklist: that step has no earlier answers, so they are
    /// the same for everyone, and they cost some 70 assessments, too many for every <c>GET /check</c>. Later steps
    /// depend on the person's answers and are worked out for each page (answers are never kept as a cache key).
    /// </summary>
    private static readonly ConditionalWeakTable<ChecklistDefinition, FrozenDictionary<string, ImmutableArray<DecidingAnswer>>> FirstStepDeciding = [];

    public ChecklistDefinition Definition => store.Current.Checklist;

    public string DefaultRegion => options.Value.DefaultRegion;

    /// <summary>The first step, empty.</summary>
    public ChecklistStepView Start(string? region = null)
    {
        var checklist = Definition;
        var chosen = region is not null && checklist.FindRegion(region) is not null ? region : DefaultRegion;
        return StepView(checklist, 0, new(StringComparer.Ordinal), new(StringComparer.Ordinal), chosen, null, new(StringComparer.Ordinal));
    }

    /// <summary>
    /// The person pressed Continue on <paramref name="stepId"/> (null: the first step). Shows the result as soon as it
    /// is decided, the same step with errors when an answer it needs is missing or not valid, or else the next step.
    /// </summary>
    public ChecklistOutcome Continue(IReadOnlyDictionary<string, string?> answers, string? region, string? stepId)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var snapshot = store.Current;
        var checklist = snapshot.Checklist;
        if (Read(checklist, answers, region, stepId) is not { } input)
        {
            return new ChecklistOutcome.Rejected();
        }

        var (index, given, chosen, regionError) = input;
        var step = checklist.Steps[index];
        var invalid = given.Where(kv => !checklist.QuestionsById[kv.Key].Allows(kv.Value)).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        var valid = Asked(checklist, given.Where(kv => !invalid.Contains(kv.Key)));

        ChecklistProgress? progress = null;
        if (regionError is null)
        {
            progress = ChecklistEngine.Assess(checklist, valid, chosen);
            if (progress.Complete)
            {
                return new ChecklistOutcome.ShowResult(Describe(snapshot, checklist, progress.SoFar, valid, step.Id));
            }
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var question in checklist.InStep(step.Id))
        {
            if (invalid.Contains(question.Id))
            {
                errors[question.Id] = InvalidMessage(question, given[question.Id]);
            }
            else if (!valid.ContainsKey(question.Id) && ChecklistEngine.IsAsked(checklist, question, valid) && GatesOnPageAnswered(checklist, question, valid))
            {
                errors[question.Id] = MissingMessage(question);
            }
        }

        if (errors.Count > 0 || progress is null)
        {
            var shown = new Dictionary<string, string>(valid, StringComparer.Ordinal);
            foreach (var id in invalid)
            {
                shown[id] = given[id];
            }

            return new ChecklistOutcome.ShowStep(StepView(checklist, index, shown, errors, chosen, regionError, invalid));
        }

        // Not decided yet: on to the next step (or back to an earlier one whose answers are missing).
        var nextIndex = Math.Min(StepIndex(checklist, checklist.QuestionsById[progress.Next[0]].StepId), index + 1);
        return new ChecklistOutcome.ShowStep(StepView(checklist, nextIndex, valid, new(StringComparer.Ordinal), chosen, null, new(StringComparer.Ordinal)));
    }

    /// <summary>The person pressed Back on <paramref name="stepId"/>: the step before it, with every answer kept.</summary>
    public ChecklistOutcome Back(IReadOnlyDictionary<string, string?> answers, string? region, string? stepId) =>
        Show(answers, region, stepId, index => Math.Max(0, index - 1));

    /// <summary>"Change your answers" on a result reached from <paramref name="stepId"/>: that step again, answers kept.</summary>
    public ChecklistOutcome Change(IReadOnlyDictionary<string, string?> answers, string? region, string? stepId) =>
        Show(answers, region, stepId, index => index);

    /// <summary>Assesses answers that may be partial (already validated): for the JSON API.</summary>
    public ChecklistProgress Assess(IReadOnlyDictionary<string, string> answers, string region) =>
        ChecklistEngine.Assess(Definition, answers, region);

    private ChecklistOutcome Show(IReadOnlyDictionary<string, string?> answers, string? region, string? stepId, Func<int, int> target)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var checklist = Definition;
        if (Read(checklist, answers, region, stepId) is not { } input || input.RegionError is not null)
        {
            return new ChecklistOutcome.Rejected();
        }

        // An answer typed on the page being left that is not valid (an age of "4o") is dropped, not an error.
        var valid = Asked(checklist, input.Given.Where(kv => checklist.QuestionsById[kv.Key].Allows(kv.Value)));
        return new ChecklistOutcome.ShowStep(StepView(checklist, target(input.Index), valid, new(StringComparer.Ordinal), input.Region, null, new(StringComparer.Ordinal)));
    }

    private sealed record Input(int Index, Dictionary<string, string> Given, string Region, string? RegionError);

    /// <summary>
    /// Reads a post. Null when it holds what no page of ours could send: an unknown step or question id, a value not
    /// valid for a question carried in a hidden field, or a region other than the select's choices when the region
    /// was hidden. Values typed on the step itself may be wrong; the caller shows those as errors.
    /// </summary>
    private Input? Read(ChecklistDefinition checklist, IReadOnlyDictionary<string, string?> answers, string? region, string? stepId)
    {
        var index = stepId is null ? 0 : StepIndex(checklist, stepId);
        if (index < 0)
        {
            return null;
        }

        var step = checklist.Steps[index];
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, raw) in answers)
        {
            if (!checklist.QuestionsById.TryGetValue(id, out var question))
            {
                return null;
            }

            var value = question.StepId == step.Id ? raw?.Trim() : raw;
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (question.StepId != step.Id && !question.Allows(value))
            {
                return null;
            }

            given[id] = value;
        }

        var chosen = string.IsNullOrEmpty(region) ? DefaultRegion : region;
        string? regionError = null;
        if (checklist.FindRegion(chosen) is null)
        {
            // The region is a select on the first step and a hidden field after it.
            if (index != 0)
            {
                return null;
            }

            regionError = "Choose where you are from the list";
            chosen = DefaultRegion;
        }

        return new Input(index, given, chosen, regionError);
    }

    private static int StepIndex(ChecklistDefinition checklist, string stepId)
    {
        for (var i = 0; i < checklist.Steps.Length; i++)
        {
            if (checklist.Steps[i].Id == stepId)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The answers of questions that are asked: an answer to a skipped question (its gate answered no) is dropped.</summary>
    private static Dictionary<string, string> Asked(ChecklistDefinition checklist, IEnumerable<KeyValuePair<string, string>> answers)
    {
        var all = answers.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return all
            .Where(kv => ChecklistEngine.IsAsked(checklist, checklist.QuestionsById[kv.Key], all))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>A question whose gate is on the same page is required only once the gate is answered (yes or not sure).</summary>
    private static bool GatesOnPageAnswered(ChecklistDefinition checklist, Question question, Dictionary<string, string> answers) =>
        question.AskIf is null || question.AskIf.QuestionIds.All(id => checklist.QuestionsById[id].StepId != question.StepId || answers.ContainsKey(id));

    private static string MissingMessage(Question question) => question.Type switch
    {
        QuestionType.YesNo => "Choose yes, no or not sure",
        QuestionType.Number => "Enter your age in years, for example 42",
        _ => "Choose one of the answers",
    };

    private static string InvalidMessage(Question question, string value) => question.Type switch
    {
        QuestionType.Number when !Question.TryReadNumber(value, out _) => "Enter your age in years using numbers only, for example 42",
        QuestionType.Number when question.Range is { } range => $"Enter an age from {range.Min} to {range.Max}",
        QuestionType.YesNo => "Choose yes, no or not sure",
        _ => "Choose one of the answers",
    };

    private static ChecklistStepView StepView(
        ChecklistDefinition checklist,
        int index,
        Dictionary<string, string> answers,
        Dictionary<string, string> errors,
        string region,
        string? regionError,
        HashSet<string> invalid)
    {
        var step = checklist.Steps[index];
        var known = answers.Where(kv => !invalid.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var earlier = known
            .Where(kv => StepIndex(checklist, checklist.QuestionsById[kv.Key].StepId) < index)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var questions = ImmutableArray.CreateBuilder<QuestionView>();
        foreach (var question in checklist.InStep(step.Id))
        {
            var gateOnPage = question.AskIf is { } gate && gate.QuestionIds.Any(id => checklist.QuestionsById[id].StepId == step.Id);

            // A question gated by an earlier step is left out when that answer rules it out.
            if (!gateOnPage && !ChecklistEngine.IsAsked(checklist, question, known))
            {
                continue;
            }

            var group = gateOnPage ? Group(checklist, question.AskIf!) : null;
            questions.Add(new QuestionView(question, answers.GetValueOrDefault(question.Id), errors.GetValueOrDefault(question.Id), group)
            {
                Deciding = index == 0
                    ? FirstStepDeciding.GetValue(checklist, FirstStep)[question.Id]
                    : Deciding(checklist, question, earlier, region),
            });
        }

        var carried = checklist.Questions
            .Where(q => q.StepId != step.Id && known.ContainsKey(q.Id))
            .Select(q => new CarriedField("answers[" + q.Id + "]", known[q.Id]));
        if (index != 0)
        {
            carried = carried.Prepend(new CarriedField(RegionField, region));
        }

        var links = questions
            .Where(q => q.Error is not null)
            .Select(q => new SummaryLink(q.FieldId, ShortText(q.Question.Text)))
            .ToList();
        if (regionError is not null)
        {
            links.Insert(0, new SummaryLink(RegionField, regionError));
        }

        var onlyMissing = regionError is null && !questions.Any(q => q.Error is not null && invalid.Contains(q.Question.Id));
        return new ChecklistStepView(
            step,
            index,
            checklist.Steps.Length,
            questions.ToImmutable(),
            [.. carried],
            checklist.Regions,
            region,
            regionError,
            [.. links],
            onlyMissing,
            checklist.Version,
            checklist.LastReviewed);
    }

    /// <summary>
    /// The options of <paramref name="question"/> that, added to the answers of earlier steps and nothing else, make the
    /// outcome decided (the engine's own test: no answer still to come could raise it) at urgent or emergency. More
    /// answers can only keep it decided, because the level so far never drops as answers are added.
    /// </summary>
    private static ImmutableArray<DecidingAnswer> Deciding(ChecklistDefinition checklist, Question question, Dictionary<string, string> earlier, string region)
    {
        // The page's style sheet shows the way out for yes and not sure, the answers a warning sign is given with.
        if (question.Type != QuestionType.YesNo)
        {
            return [];
        }

        var deciding = ImmutableArray.CreateBuilder<DecidingAnswer>();
        var trial = new Dictionary<string, string>(earlier, StringComparer.Ordinal);
        foreach (var value in (ReadOnlySpan<string>)[Question.Yes, Question.NotSure])
        {
            trial[question.Id] = value;
            var progress = ChecklistEngine.Assess(checklist, trial, region);
            if (progress.Complete && progress.SoFar.Urgency >= Urgency.Urgent)
            {
                deciding.Add(new DecidingAnswer(value, progress.SoFar.Urgency, progress.SoFar.Level.Heading));
            }
        }

        return deciding.ToImmutable();
    }

    /// <summary>Every first-step question's deciding answers. The level, and so whether it is decided, does not depend on the region.</summary>
    private static FrozenDictionary<string, ImmutableArray<DecidingAnswer>> FirstStep(ChecklistDefinition checklist) =>
        checklist.InStep(checklist.Steps[0].Id).ToFrozenDictionary(
            q => q.Id,
            q => Deciding(checklist, q, new(StringComparer.Ordinal), checklist.Regions[0].Id),
            StringComparer.Ordinal);

    /// <summary>
    /// The group's label says when to answer: "yes or not sure" to a named question, a named choice, or an age range for
    /// a number gate. The script hides the group until then for these simple forms (one gate question).
    /// </summary>
    private static ConditionalGroup Group(ChecklistDefinition checklist, Condition condition)
    {
        var gates = condition.QuestionIds.Distinct().Select(id => checklist.QuestionsById[id]).ToList();
        var id = "if-" + string.Join('-', gates.Select(g => g.Id));
        return condition switch
        {
            AnswerIs { Values: [Question.Yes] } simple =>
                new(id, $"Answer only if you answered yes or not sure to “{checklist.QuestionsById[simple.QuestionId].Text}”", $"answer:{simple.QuestionId}:{Question.Yes},{Question.NotSure}"),
            AnswerIs choice when checklist.QuestionsById[choice.QuestionId].Type == QuestionType.Choice =>
                new(id, $"Answer only if your answer to “{checklist.QuestionsById[choice.QuestionId].Text}” was {ChoiceLabels(checklist.QuestionsById[choice.QuestionId], choice.Values)}", $"answer:{choice.QuestionId}:{string.Join(',', choice.Values)}"),
            NumberIs number =>
                new(id, "Answer only if you are " + AgeRange(number), FormattableString.Invariant($"number:{number.QuestionId}:{number.AtLeast}:{number.Below}")),
            _ => new(id, "Answer only if it applies to you, given your answers above", null),
        };
    }

    /// <summary>The options' labels in quotes, joined with "or": “Less than 2 weeks” or “2 weeks or more, but less than 6 weeks”.</summary>
    private static string ChoiceLabels(Question question, ImmutableArray<string> values) =>
        string.Join(" or ", question.Options.Where(o => values.Contains(o.Value)).Select(o => $"“{o.Label}”"));

    /// <summary>"12 or older", "younger than 16", or "16 to 64" (a number question is an age in years).</summary>
    private static string AgeRange(NumberIs number) => (number.AtLeast, number.Below) switch
    {
        ({ } low, null) => FormattableString.Invariant($"{low} or older"),
        (null, { } high) => FormattableString.Invariant($"younger than {high}"),
        ({ } low, { } high) => FormattableString.Invariant($"{low} to {high - 1}"),
        _ => "of any age",
    };

    /// <summary>A question's first few words, for a short link in the error summary.</summary>
    private static string ShortText(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= LinkWords + 1 ? text : string.Join(' ', words.Take(LinkWords)).TrimEnd(',', ';', ':') + "…";
    }

    private static ChecklistResultView Describe(ContentSnapshot snapshot, ChecklistDefinition checklist, ChecklistResult result, Dictionary<string, string> answers, string stepId)
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
        var carried = checklist.Questions
            .Where(q => answers.ContainsKey(q.Id))
            .Select(q => new CarriedField("answers[" + q.Id + "]", answers[q.Id]))
            .Prepend(new CarriedField(RegionField, result.Region.Id))
            .Append(new CarriedField(StepField, stepId));
        return new ChecklistResultView(
            result.Urgency,
            result.Level,
            result.Region,
            result.Level.Actions[result.Region.Id],
            reasons,
            result.SafetyNet,
            articles,
            result.Version,
            checklist.LastReviewed,
            stepId,
            [.. carried]);
    }
}
