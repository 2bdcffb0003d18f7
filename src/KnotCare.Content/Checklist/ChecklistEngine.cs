using System.Collections.Immutable;

namespace KnotCare.Content.Checklist;

/// <summary>A rule that led to the result; <see cref="Certain"/> is false when it matched only through "not sure" answers.</summary>
public sealed record MatchedRule(Rule Rule, Urgency Urgency, bool Certain, ImmutableArray<string> NotSureQuestions);

/// <summary>The outcome of the checklist for one set of answers. Never stored.</summary>
public sealed record ChecklistResult(
    Urgency Urgency,
    UrgencyLevel Level,
    Region Region,
    ImmutableArray<MatchedRule> Matched,
    ImmutableArray<string> SafetyNet,
    ImmutableArray<string> Articles,
    string Version);

/// <summary>One problem with submitted answers, naming the question id.</summary>
public sealed record AnswerError(string QuestionId, string Message);

/// <summary>
/// Where a possibly partial set of answers stands. <see cref="SoFar"/> is the result if every unanswered question were
/// answered "no": the most urgent level already reached. <see cref="Complete"/> is true when no answer still to come
/// could make the result more urgent (always true once every asked question is answered); <see cref="Next"/> then is
/// empty, and otherwise lists the unanswered questions of the first step that has any.
/// </summary>
public sealed record ChecklistProgress(ChecklistResult SoFar, bool Complete, ImmutableArray<string> Next);

/// <summary>
/// Evaluates the red-flag rules. Conditions use three-valued logic: "yes" is true, "no" is false and "not sure" is
/// unknown. A rule that holds for certain gives its own urgency; a rule that holds only if an unsure answer were "yes"
/// gives its urgency capped at urgent (an emergency question answered "not sure" is at least urgent), except a rule
/// that counts several signs and keeps its level when unsure (two or more unsure heart attack signs). The most severe
/// outcome wins. Because conditions only ever test for "yes" (checked at load), moving any answer from no to not sure
/// to yes can never make the outcome calmer. A question whose <see cref="Question.AskIf"/> surely does not hold is not
/// asked and counts as "no".
/// </summary>
public static class ChecklistEngine
{
    private enum Truth
    {
        False,
        Unknown,
        True,
    }

    /// <summary>How an unanswered question counts: as "no" (what is certain so far) or as any answer (what is still possible).</summary>
    private enum Missing
    {
        AsNo,
        AsAnything,
    }

    /// <summary>Checks a complete set of answers: every asked question answered with one of its values.</summary>
    public static ImmutableArray<AnswerError> Validate(ChecklistDefinition checklist, IReadOnlyDictionary<string, string?> answers, string? region) =>
        Validate(checklist, answers, region, partial: false);

    /// <summary>Checks answers that may be partial: every value given must be valid, but questions may be left out.</summary>
    public static ImmutableArray<AnswerError> ValidatePartial(ChecklistDefinition checklist, IReadOnlyDictionary<string, string?> answers, string? region) =>
        Validate(checklist, answers, region, partial: true);

    private static ImmutableArray<AnswerError> Validate(ChecklistDefinition checklist, IReadOnlyDictionary<string, string?> answers, string? region, bool partial)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(answers);
        var errors = ImmutableArray.CreateBuilder<AnswerError>();
        var given = Given(answers);
        foreach (var question in checklist.Questions)
        {
            if (!answers.TryGetValue(question.Id, out var value) || string.IsNullOrEmpty(value))
            {
                if (!partial && IsAsked(checklist, question, given))
                {
                    errors.Add(new AnswerError(question.Id, "Answer this question: " + question.Text));
                }
            }
            else if (!question.Allows(value))
            {
                errors.Add(new AnswerError(question.Id, question.Type == QuestionType.Number && question.Range is { } range
                    ? $"Enter a whole number from {range.Min} to {range.Max}, using digits only, for: {question.Text}"
                    : "Choose one of the answers given for: " + question.Text));
            }
        }

        foreach (var id in answers.Keys)
        {
            if (!checklist.QuestionsById.ContainsKey(id))
            {
                errors.Add(new AnswerError(id, "There is no question with this id."));
            }
        }

        if (region is not null && checklist.FindRegion(region) is null)
        {
            errors.Add(new AnswerError("region", "Choose one of the regions: " + string.Join(", ", checklist.Regions.Select(r => r.Id))));
        }

        return errors.ToImmutable();
    }

    /// <summary>Whether the question is asked, given the answers so far: its condition holds, might hold, or is not yet known.</summary>
    public static bool IsAsked(ChecklistDefinition checklist, Question question, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answers);
        return Asked(checklist, question, answers);
    }

    /// <summary>Asked unless its condition surely does not hold (an unanswered or unsure gate still asks it).</summary>
    private static bool Asked(ChecklistDefinition checklist, Question question, IReadOnlyDictionary<string, string> answers) =>
        question.AskIf is null || Evaluate(checklist, question.AskIf, answers, Missing.AsAnything) != Truth.False;

    /// <summary>Evaluates a complete, valid set of answers (see <see cref="Validate(ChecklistDefinition, IReadOnlyDictionary{string, string?}, string?)"/>); throws if they are not valid.</summary>
    public static ChecklistResult Evaluate(ChecklistDefinition checklist, IReadOnlyDictionary<string, string> answers, string regionId)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(answers);
        ThrowIfInvalid(Validate(checklist, answers.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), regionId), nameof(answers));

        return Result(checklist, answers, regionId, Missing.AsNo);
    }

    /// <summary>
    /// Evaluates answers that may be partial (valid values, see <see cref="ValidatePartial"/>): the level reached so far,
    /// whether the outcome is already decided (no remaining answer could raise it), and which questions come next.
    /// </summary>
    public static ChecklistProgress Assess(ChecklistDefinition checklist, IReadOnlyDictionary<string, string> answers, string regionId)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(answers);
        ThrowIfInvalid(ValidatePartial(checklist, answers.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), regionId), nameof(answers));

        var soFar = Result(checklist, answers, regionId, Missing.AsNo);
        var possible = Result(checklist, answers, regionId, Missing.AsAnything);
        var unanswered = checklist.Questions.Where(q => !answers.ContainsKey(q.Id) && IsAsked(checklist, q, answers)).ToList();
        var complete = unanswered.Count == 0 || possible.Urgency <= soFar.Urgency;
        var next = complete
            ? ImmutableArray<string>.Empty
            : [.. unanswered.Where(q => q.StepId == unanswered[0].StepId).Select(q => q.Id)];
        return new ChecklistProgress(soFar, complete, next);
    }

    private static void ThrowIfInvalid(ImmutableArray<AnswerError> errors, string paramName)
    {
        if (!errors.IsEmpty)
        {
            throw new ArgumentException("Answers are not valid: " + string.Join("; ", errors.Select(e => e.QuestionId)), paramName);
        }
    }

    private static ChecklistResult Result(ChecklistDefinition checklist, IReadOnlyDictionary<string, string> answers, string regionId, Missing missing)
    {
        var matched = ImmutableArray.CreateBuilder<MatchedRule>();
        foreach (var rule in checklist.Rules)
        {
            var truth = Evaluate(checklist, rule.When, answers, missing);
            if (truth == Truth.False)
            {
                continue;
            }

            var certain = truth == Truth.True;
            var urgency = certain || rule.KeepsLevelWhenNotSure ? rule.Urgency : Min(rule.Urgency, Urgency.Urgent);
            var unsure = certain
                ? ImmutableArray<string>.Empty
                : [.. rule.When.QuestionIds.Distinct().Where(q => answers.TryGetValue(q, out var a) && a == Question.NotSure)];
            matched.Add(new MatchedRule(rule, urgency, certain, unsure));
        }

        var ordered = matched
            .OrderByDescending(m => m.Urgency)
            .ThenByDescending(m => m.Certain)
            .ThenBy(m => m.Rule.Line)
            .ToImmutableArray();
        var result = ordered.IsEmpty ? Urgency.SelfCare : ordered[0].Urgency;
        var level = checklist.Levels[result];
        var articles = ordered.SelectMany(m => m.Rule.Articles)
            .Concat(level.Articles)
            .Append("when-to-see-a-clinician")
            .Distinct(StringComparer.Ordinal)
            .ToImmutableArray();
        var region = checklist.FindRegion(regionId)!;
        return new ChecklistResult(
            result,
            level,
            region,
            ordered,
            level.SafetyNetFor(region),
            articles,
            checklist.Version);
    }

    private static Urgency Min(Urgency a, Urgency b) => a < b ? a : b;

    /// <summary>The answers actually given (empty values dropped), for deciding which questions are asked.</summary>
    private static Dictionary<string, string> Given(IReadOnlyDictionary<string, string?> answers) =>
        answers.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);

    private static Truth Evaluate(ChecklistDefinition checklist, Condition condition, IReadOnlyDictionary<string, string> answers, Missing missing) => condition switch
    {
        AllOf all => all.Conditions.Aggregate(Truth.True, (acc, c) => acc == Truth.False ? acc : Min(acc, Evaluate(checklist, c, answers, missing))),
        AnyOf any => any.Conditions.Aggregate(Truth.False, (acc, c) => acc == Truth.True ? acc : Max(acc, Evaluate(checklist, c, answers, missing))),
        CountOf count => Count(checklist, count, answers, missing),
        AnswerIs or NumberIs => Atom(checklist, condition, answers, missing),
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    private static Truth Count(ChecklistDefinition checklist, CountOf count, IReadOnlyDictionary<string, string> answers, Missing missing)
    {
        var truths = count.Conditions.Select(c => Evaluate(checklist, c, answers, missing)).ToList();
        var sure = truths.Count(t => t == Truth.True);
        var possible = sure + truths.Count(t => t == Truth.Unknown);
        return sure >= count.Count ? Truth.True : possible >= count.Count ? Truth.Unknown : Truth.False;
    }

    private static Truth Atom(ChecklistDefinition checklist, Condition atom, IReadOnlyDictionary<string, string> answers, Missing missing)
    {
        var questionId = atom.QuestionIds.First();
        var question = checklist.QuestionsById[questionId];
        if (!Asked(checklist, question, answers))
        {
            // Not asked: counts as "no".
            return Truth.False;
        }

        if (!answers.TryGetValue(questionId, out var answer))
        {
            return missing == Missing.AsAnything ? Truth.True : Truth.False;
        }

        return atom switch
        {
            NumberIs number => Question.TryReadNumber(answer, out var value) && number.Holds(value) ? Truth.True : Truth.False,
            AnswerIs choice when choice.Values.Contains(answer) => Truth.True,
            AnswerIs choice => answer == Question.NotSure && choice.Values.Contains(Question.Yes) ? Truth.Unknown : Truth.False,
            _ => throw new ArgumentOutOfRangeException(nameof(atom)),
        };
    }

    private static Truth Min(Truth a, Truth b) => a < b ? a : b;

    private static Truth Max(Truth a, Truth b) => a > b ? a : b;

    /// <summary>
    /// The questions whose answers make a condition hold, or possibly hold for "not sure": the answers behind a
    /// matched rule, shown to the person as "why this advice". In condition order, each id once.
    /// </summary>
    public static IEnumerable<string> TriggeringQuestions(ChecklistDefinition checklist, Condition condition, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(answers);
        return Atoms(condition)
            .Where(a => Atom(checklist, a, answers, Missing.AsNo) != Truth.False)
            .Select(a => a.QuestionIds.First())
            .Distinct();
    }

    private static IEnumerable<Condition> Atoms(Condition condition) => condition switch
    {
        AllOf all => all.Conditions.SelectMany(Atoms),
        AnyOf any => any.Conditions.SelectMany(Atoms),
        CountOf count => count.Conditions.SelectMany(Atoms),
        AnswerIs or NumberIs => [condition],
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };
}
