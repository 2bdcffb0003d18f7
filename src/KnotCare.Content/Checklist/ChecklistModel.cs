using System.Collections.Frozen;
using System.Collections.Immutable;

namespace KnotCare.Content.Checklist;

/// <summary>How soon to get help. Ordered from calmest to most severe; ids are part of the public API.</summary>
public enum Urgency
{
    SelfCare = 0,
    Routine = 1,
    Urgent = 2,
    Emergency = 3,
}

public static class UrgencyIds
{
    public static string ToId(this Urgency urgency) => urgency switch
    {
        Urgency.SelfCare => "self-care",
        Urgency.Routine => "routine",
        Urgency.Urgent => "urgent",
        Urgency.Emergency => "emergency",
        _ => throw new ArgumentOutOfRangeException(nameof(urgency)),
    };

    public static bool TryParse(string id, out Urgency urgency)
    {
        foreach (var value in Enum.GetValues<Urgency>())
        {
            if (value.ToId() == id)
            {
                urgency = value;
                return true;
            }
        }

        urgency = default;
        return false;
    }

    public static readonly ImmutableArray<string> All = [.. Enum.GetValues<Urgency>().Select(u => u.ToId())];
}

public enum QuestionType
{
    YesNo,
    Choice,

    /// <summary>A whole number (the person's age in years), sent as ASCII digits and within the question's range.</summary>
    Number,
}

/// <summary>The allowed values of a number question, both ends included.</summary>
public sealed record NumberRange(int Min, int Max);

public sealed record AnswerOption(string Value, string Label);

/// <summary>
/// A checklist question. Yes/no questions take yes, no and not-sure; choice questions one of their options; number
/// questions a whole number in <see cref="Range"/>. A question with <see cref="AskIf"/> is asked only when that
/// condition holds or might hold; when it surely does not, the question is skipped and counts as "no".
/// </summary>
public sealed record Question(
    string Id,
    string StepId,
    QuestionType Type,
    string Text,
    string? Hint,
    ImmutableArray<AnswerOption> Options,
    int Line)
{
    /// <summary>Longest number answer accepted, in digits.</summary>
    public const int MaxNumberDigits = 3;

    public NumberRange? Range { get; init; }

    public Condition? AskIf { get; init; }

    /// <summary>A heading within the step that this question starts or continues (for example "Head and neck"), if any.</summary>
    public string? Group { get; init; }

    public const string Yes = "yes";
    public const string No = "no";
    public const string NotSure = "not-sure";

    public static readonly ImmutableArray<AnswerOption> YesNoOptions =
    [
        new(Yes, "Yes"),
        new(No, "No"),
        new(NotSure, "Not sure"),
    ];

    public bool Allows(string value) => Type == QuestionType.Number
        ? TryReadNumber(value, out var number) && Range is { } range && number >= range.Min && number <= range.Max
        : Options.Any(o => o.Value == value);

    /// <summary>Reads a number answer: one to <see cref="MaxNumberDigits"/> ASCII digits, nothing else (no sign, space or decimal point).</summary>
    public static bool TryReadNumber(string? value, out int number)
    {
        number = 0;
        if (string.IsNullOrEmpty(value) || value.Length > MaxNumberDigits)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>How the answer reads to a person: the option's label, or the number itself.</summary>
    public string Describe(string value) => Type == QuestionType.Number
        ? value
        : Options.FirstOrDefault(o => o.Value == value)?.Label ?? value;
}

/// <summary>A step of the form: the emergency screen comes first.</summary>
public sealed record ChecklistStep(string Id, string Title, string Intro);

/// <summary>A condition over answers: all / any of sub-conditions, or one question having one of some values.</summary>
public abstract record Condition
{
    public abstract IEnumerable<string> QuestionIds { get; }
}

public sealed record AllOf(ImmutableArray<Condition> Conditions) : Condition
{
    public override IEnumerable<string> QuestionIds => Conditions.SelectMany(c => c.QuestionIds);
}

public sealed record AnyOf(ImmutableArray<Condition> Conditions) : Condition
{
    public override IEnumerable<string> QuestionIds => Conditions.SelectMany(c => c.QuestionIds);
}

public sealed record AnswerIs(string QuestionId, ImmutableArray<string> Values) : Condition
{
    public override IEnumerable<string> QuestionIds => [QuestionId];
}

/// <summary>A number question's answer is at least <see cref="AtLeast"/> and/or below <see cref="Below"/>.</summary>
public sealed record NumberIs(string QuestionId, int? AtLeast, int? Below) : Condition
{
    public override IEnumerable<string> QuestionIds => [QuestionId];

    public bool Holds(int value) => (AtLeast is not { } low || value >= low) && (Below is not { } high || value < high);
}

/// <summary>At least <see cref="Count"/> of the conditions hold (for example, two or more signs of inflammatory back pain).</summary>
public sealed record CountOf(int Count, ImmutableArray<Condition> Conditions) : Condition
{
    public override IEnumerable<string> QuestionIds => Conditions.SelectMany(c => c.QuestionIds);
}

/// <summary>
/// A red-flag rule: when its condition holds, the result is at least its urgency, for the reason given. A match that
/// holds only through "not sure" answers is capped at urgent, unless <see cref="KeepsLevelWhenNotSure"/> (allowed only
/// for a count of two or more signs, such as several unsure signs of a heart attack).
/// </summary>
public sealed record Rule(
    string Id,
    Urgency Urgency,
    Condition When,
    string Reason,
    string Advice,
    Source Source,
    ImmutableArray<string> Articles,
    int Line)
{
    public bool KeepsLevelWhenNotSure { get; init; }
}

/// <summary>What a person in a region is told to do for one urgency level.</summary>
public sealed record RegionAction(string Action, string? Phone);

/// <summary>
/// An urgency level as the person sees it: heading, what to do in each region, and safety-netting. The safety-net
/// lines name the emergency number as <see cref="EmergencyPlaceholder"/>; <see cref="SafetyNetFor"/> fills it in.
/// </summary>
public sealed record UrgencyLevel(
    Urgency Urgency,
    string Heading,
    string Summary,
    FrozenDictionary<string, RegionAction> Actions,
    ImmutableArray<string> SafetyNet)
{
    public const string EmergencyPlaceholder = "{emergency}";

    /// <summary>Articles every result at this level links to, after those of the rules that led to it.</summary>
    public ImmutableArray<string> Articles { get; init; } = [];

    /// <summary>The line of <see cref="Articles"/> in checklist.yaml, for load errors.</summary>
    public int ArticlesLine { get; init; }

    /// <summary>The safety-net lines with the region's emergency number filled in.</summary>
    public ImmutableArray<string> SafetyNetFor(Region region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return [.. SafetyNet.Select(line => line.Replace(EmergencyPlaceholder, region.EmergencyNumber, StringComparison.Ordinal))];
    }
}

/// <summary>A region the person can choose, with its emergency number.</summary>
public sealed record Region(string Id, string Name, string EmergencyNumber);

/// <summary>
/// A clinical safety case (content/checklist/cases.yaml): answers that differ from the defaults, the level they must
/// give exactly, and the rule that must be among the reasons (none for a self-care case without a note).
/// </summary>
public sealed record SafetyCase(string Id, string Reference, FrozenDictionary<string, string> Answers, Urgency Expect, string? RuleId, int Line);

/// <summary>
/// The whole checklist: questions, rules and how each outcome is worded. Immutable once loaded. <see cref="Version"/>
/// is the content's version plus a short hash of the checklist files, so it changes whenever they do.
/// </summary>
public sealed record ChecklistDefinition(
    string Version,
    DateOnly LastReviewed,
    ImmutableArray<ChecklistStep> Steps,
    ImmutableArray<Question> Questions,
    FrozenDictionary<string, Question> QuestionsById,
    ImmutableArray<Rule> Rules,
    FrozenDictionary<Urgency, UrgencyLevel> Levels,
    ImmutableArray<Region> Regions)
{
    /// <summary>The clinical safety cases the rules passed when they were loaded.</summary>
    public ImmutableArray<SafetyCase> Cases { get; init; } = [];

    public IEnumerable<Question> InStep(string stepId) => Questions.Where(q => q.StepId == stepId);

    public Region? FindRegion(string id) => Regions.FirstOrDefault(r => r.Id == id);
}
