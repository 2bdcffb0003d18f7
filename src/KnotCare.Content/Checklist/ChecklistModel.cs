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
}

public sealed record AnswerOption(string Value, string Label);

/// <summary>A checklist question. Yes/no questions take yes, no and not-sure.</summary>
public sealed record Question(
    string Id,
    string StepId,
    QuestionType Type,
    string Text,
    string? Hint,
    ImmutableArray<AnswerOption> Options,
    int Line)
{
    public const string Yes = "yes";
    public const string No = "no";
    public const string NotSure = "not-sure";

    public static readonly ImmutableArray<AnswerOption> YesNoOptions =
    [
        new(Yes, "Yes"),
        new(No, "No"),
        new(NotSure, "Not sure"),
    ];

    public bool Allows(string value) => Options.Any(o => o.Value == value);
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

/// <summary>A red-flag rule: when its condition holds, the result is at least its urgency, for the reason given.</summary>
public sealed record Rule(
    string Id,
    Urgency Urgency,
    Condition When,
    string Reason,
    string Advice,
    Source Source,
    ImmutableArray<string> Articles,
    int Line);

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

    /// <summary>The safety-net lines with the region's emergency number filled in.</summary>
    public ImmutableArray<string> SafetyNetFor(Region region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return [.. SafetyNet.Select(line => line.Replace(EmergencyPlaceholder, region.EmergencyNumber, StringComparison.Ordinal))];
    }
}

/// <summary>A region the person can choose, with its emergency number.</summary>
public sealed record Region(string Id, string Name, string EmergencyNumber);

/// <summary>The whole checklist: questions, rules and how each outcome is worded. Immutable once loaded.</summary>
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
    public IEnumerable<Question> InStep(string stepId) => Questions.Where(q => q.StepId == stepId);

    public Region? FindRegion(string id) => Regions.FirstOrDefault(r => r.Id == id);
}
