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
/// Evaluates the red-flag rules. Conditions use three-valued logic: "yes" is true, "no" is false and "not sure" is
/// unknown. A rule that holds for certain gives its own urgency; a rule that holds only if an unsure answer were "yes"
/// gives its urgency capped at urgent (an emergency question answered "not sure" is at least urgent). The most severe
/// outcome wins. Because conditions only ever test for "yes" (checked at load), moving any answer from no to not sure
/// to yes can never make the outcome calmer.
/// </summary>
public static class ChecklistEngine
{
    private enum Truth
    {
        False,
        Unknown,
        True,
    }

    public static ImmutableArray<AnswerError> Validate(ChecklistDefinition checklist, IReadOnlyDictionary<string, string?> answers, string? region)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(answers);
        var errors = ImmutableArray.CreateBuilder<AnswerError>();
        foreach (var question in checklist.Questions)
        {
            if (!answers.TryGetValue(question.Id, out var value) || string.IsNullOrEmpty(value))
            {
                errors.Add(new AnswerError(question.Id, "Answer this question: " + question.Text));
            }
            else if (!question.Allows(value))
            {
                errors.Add(new AnswerError(question.Id, "Choose one of the answers given for: " + question.Text));
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

    /// <summary>Evaluates valid answers (see <see cref="Validate"/>); throws if they are not valid.</summary>
    public static ChecklistResult Evaluate(ChecklistDefinition checklist, IReadOnlyDictionary<string, string> answers, string regionId)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        ArgumentNullException.ThrowIfNull(answers);
        var errors = Validate(checklist, answers.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), regionId);
        if (!errors.IsEmpty)
        {
            throw new ArgumentException("Answers are not valid: " + string.Join("; ", errors.Select(e => e.QuestionId)), nameof(answers));
        }

        var matched = ImmutableArray.CreateBuilder<MatchedRule>();
        foreach (var rule in checklist.Rules)
        {
            var truth = Evaluate(rule.When, answers);
            if (truth == Truth.False)
            {
                continue;
            }

            var certain = truth == Truth.True;
            var urgency = certain ? rule.Urgency : Min(rule.Urgency, Urgency.Urgent);
            var unsure = certain
                ? ImmutableArray<string>.Empty
                : [.. rule.When.QuestionIds.Distinct().Where(q => answers[q] == Question.NotSure)];
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

    private static Truth Evaluate(Condition condition, IReadOnlyDictionary<string, string> answers) => condition switch
    {
        AllOf all => all.Conditions.Aggregate(Truth.True, (acc, c) => acc == Truth.False ? acc : Min(acc, Evaluate(c, answers))),
        AnyOf any => any.Conditions.Aggregate(Truth.False, (acc, c) => acc == Truth.True ? acc : Max(acc, Evaluate(c, answers))),
        AnswerIs atom => Atom(atom, answers[atom.QuestionId]),
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    private static Truth Atom(AnswerIs atom, string answer)
    {
        if (atom.Values.Contains(answer))
        {
            return Truth.True;
        }

        return answer == Question.NotSure && atom.Values.Contains(Question.Yes) ? Truth.Unknown : Truth.False;
    }

    private static Truth Min(Truth a, Truth b) => a < b ? a : b;

    private static Truth Max(Truth a, Truth b) => a > b ? a : b;

    /// <summary>
    /// The questions whose answers make a condition hold, or possibly hold for "not sure": the answers behind a
    /// matched rule, shown to the person as "why this advice". In condition order, each id once.
    /// </summary>
    public static IEnumerable<string> TriggeringQuestions(Condition condition, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(answers);
        return Atoms(condition).Where(a => Atom(a, answers[a.QuestionId]) != Truth.False).Select(a => a.QuestionId).Distinct();
    }

    private static IEnumerable<AnswerIs> Atoms(Condition condition) => condition switch
    {
        AllOf all => all.Conditions.SelectMany(Atoms),
        AnyOf any => any.Conditions.SelectMany(Atoms),
        AnswerIs atom => [atom],
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };
}
