using System.Collections.Frozen;
using System.Collections.Immutable;

namespace KnotCare.Content.Plans;

/// <summary>What the person told the plan builder. All ids come from <see cref="Vocabulary"/>.</summary>
public sealed record PlanRequest(ImmutableArray<string> Areas, ImmutableArray<string> Equipment, int Minutes, string Cause);

/// <summary>One problem with the plan form's input, naming the field.</summary>
public sealed record PlanError(string Field, string Message);

/// <summary>A technique in the plan, with the areas of the person's back it is there for.</summary>
public sealed record PlanItem(Technique Technique, ImmutableArray<string> ForAreas);

/// <summary>The routine for one area: what to do, and techniques listed under an earlier area that also help here.</summary>
public sealed record AreaRoutine(string Area, string AreaName, ImmutableArray<PlanItem> Items, ImmutableArray<Technique> AlsoHelps, string? MissingEquipmentNote);

/// <summary>A complete personal plan. Computed from its request each time; never stored.</summary>
public sealed record SelfCarePlan(
    PlanRequest Request,
    ImmutableArray<AreaRoutine> Routines,
    int RoutineMinutes,
    ImmutableArray<Technique> MoreTime,
    ImmutableArray<Technique> WarmthOrCold,
    ImmutableArray<Technique> Habits,
    ImmutableArray<string> TrackerRows,
    int TrackerDays);

/// <summary>
/// Composes a daily self-care plan from the technique cards. Rules, in order:
/// each chosen area gets at least one thing to do (a release if the equipment allows, else a stretch);
/// then one stretch per area, one strength move per area, then anything else that fits the minutes per day;
/// a technique that helps several chosen areas is done once. Heat and cold are listed apart (they can be done
/// while resting), and habits are those for the chosen cause (all of them when the person is not sure).
/// </summary>
public static class PlanBuilder
{
    public const string NotSureCause = "not-sure";
    public const int TrackerDays = 14;

    public static readonly ImmutableArray<int> MinuteChoices = [5, 10, 15, 20, 30];

    private static readonly FrozenSet<TechniqueKind> RoutineKinds =
        new[] { TechniqueKind.Release, TechniqueKind.Stretch, TechniqueKind.Strength }.ToFrozenSet();

    /// <summary>Checks raw form input; returns the request when valid. Unknown values are errors, never guessed.</summary>
    public static (PlanRequest? Request, ImmutableArray<PlanError> Errors) Parse(
        IReadOnlyList<string> areas, IReadOnlyList<string> equipment, string? minutes, string? cause)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(equipment);
        var errors = ImmutableArray.CreateBuilder<PlanError>();
        if (areas.Count == 0)
        {
            errors.Add(new PlanError("area", "Choose at least one place where it hurts."));
        }
        else if (areas.Any(a => !Vocabulary.AreaIds.Contains(a)) || areas.Count > Vocabulary.Areas.Length)
        {
            errors.Add(new PlanError("area", "Choose places from the list: neck and upper back, between the shoulder blades, or lower back."));
        }

        if (equipment.Any(e => !Vocabulary.EquipmentIds.Contains(e)) || equipment.Count > Vocabulary.Equipment.Length)
        {
            errors.Add(new PlanError("equipment", "Choose equipment from the list, or none."));
        }

        var minutesValue = 0;
        if (string.IsNullOrEmpty(minutes))
        {
            errors.Add(new PlanError("minutes", "Choose how many minutes a day you have."));
        }
        else if (!int.TryParse(minutes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out minutesValue)
            || !MinuteChoices.Contains(minutesValue))
        {
            errors.Add(new PlanError("minutes", "Choose one of the times given: " + string.Join(", ", MinuteChoices) + " minutes."));
        }

        if (string.IsNullOrEmpty(cause))
        {
            errors.Add(new PlanError("cause", "Choose what you think caused it, or “Not sure”."));
        }
        else if (cause != NotSureCause && !Vocabulary.CauseIds.Contains(cause))
        {
            errors.Add(new PlanError("cause", "Choose a cause from the list, or “Not sure”."));
        }

        if (errors.Count > 0)
        {
            return (null, errors.ToImmutable());
        }

        var request = new PlanRequest(
            [.. Vocabulary.Areas.Select(t => t.Id).Where(areas.Contains)],
            [.. Vocabulary.Equipment.Select(t => t.Id).Where(equipment.Contains)],
            minutesValue,
            cause!);
        return (request, []);
    }

    public static SelfCarePlan Build(IEnumerable<Technique> techniques, PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(techniques);
        ArgumentNullException.ThrowIfNull(request);
        var available = techniques
            .Where(t => t.Equipment.All(request.Equipment.Contains))
            .OrderBy(t => t.Minutes)
            .ThenBy(t => t.Slug, StringComparer.Ordinal)
            .ToList();
        List<Technique> For(string area, TechniqueKind kind) =>
            [.. available.Where(t => t.Kind == kind && t.Areas.Contains(area))];

        var chosen = new List<Technique>();
        var minutes = 0;
        void Take(Technique technique, bool always)
        {
            if (chosen.Contains(technique) || (!always && minutes + technique.Minutes > request.Minutes))
            {
                return;
            }

            chosen.Add(technique);
            minutes += technique.Minutes;
        }

        // 1. Something for every area, whatever the time: a release, else a stretch, else a strength move.
        foreach (var area in request.Areas)
        {
            if (chosen.Any(t => t.Areas.Contains(area)))
            {
                continue;
            }

            var first = For(area, TechniqueKind.Release).Concat(For(area, TechniqueKind.Stretch)).Concat(For(area, TechniqueKind.Strength)).FirstOrDefault();
            if (first is not null)
            {
                Take(first, always: true);
            }
        }

        // 2. Then, within the time: a stretch, then a strength move, for each area; then anything else.
        foreach (var kind in new[] { TechniqueKind.Stretch, TechniqueKind.Strength, TechniqueKind.Release })
        {
            foreach (var area in request.Areas)
            {
                if (!chosen.Any(t => t.Kind == kind && t.Areas.Contains(area)) && For(area, kind).FirstOrDefault() is { } next)
                {
                    Take(next, always: false);
                }
            }
        }

        foreach (var extra in available.Where(t => RoutineKinds.Contains(t.Kind) && t.Areas.Any(request.Areas.Contains)))
        {
            Take(extra, always: false);
        }

        var listed = new HashSet<Technique>();
        var routines = request.Areas.Select(area =>
        {
            var here = chosen.Where(t => t.Areas.Contains(area)).OrderBy(t => t.Kind).ToList();
            var items = here.Where(listed.Add).Select(t => new PlanItem(t, [.. request.Areas.Where(t.Areas.Contains)])).ToImmutableArray();
            var also = here.Where(t => !items.Any(i => i.Technique == t)).ToImmutableArray();
            var note = For(area, TechniqueKind.Release).Count == 0
                ? "You do not have the equipment for self-massage here. A firm ball (such as a tennis ball) is cheap and works well."
                : null;
            return new AreaRoutine(area, BodyAreas.DisplayName(area), items, also, note);
        }).ToImmutableArray();

        var moreTime = available
            .Where(t => RoutineKinds.Contains(t.Kind) && t.Areas.Any(request.Areas.Contains) && !chosen.Contains(t))
            .OrderBy(t => t.Kind)
            .ToImmutableArray();
        var warmth = available
            .Where(t => t.Kind is TechniqueKind.Heat or TechniqueKind.Cold && t.Areas.Any(request.Areas.Contains))
            .OrderBy(t => t.Kind)
            .ToImmutableArray();
        var habits = available
            .Where(t => t.Kind == TechniqueKind.Habit && (request.Cause == NotSureCause || t.Causes.Contains(request.Cause)))
            .OrderBy(t => t.Title, StringComparer.Ordinal)
            .ToImmutableArray();
        // One tracker row per kind of activity, naming what it covers, so the tracker stays short on paper.
        var tracker = chosen.Concat(warmth.Take(1)).Concat(habits)
            .GroupBy(t => t.Kind)
            .OrderBy(g => g.Key)
            .Select(g => $"{TrackerLabel(g.Key)}: {string.Join(", ", g.Select(t => t.Title))}")
            .Append("Pain today (0 = none, 10 = worst)")
            .ToImmutableArray();
        return new SelfCarePlan(request, routines, minutes, moreTime, warmth, habits, tracker, TrackerDays);
    }

    private static string TrackerLabel(TechniqueKind kind) => kind switch
    {
        TechniqueKind.Release => "Self-massage",
        TechniqueKind.Stretch => "Stretches",
        TechniqueKind.Strength => "Strength",
        TechniqueKind.Heat or TechniqueKind.Cold => "Warmth or cold",
        _ => "Habits",
    };
}
