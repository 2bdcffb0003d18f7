using System.Collections.Frozen;
using System.Collections.Immutable;

namespace KnotCare.Content;

/// <summary>An id the site accepts in front matter and URLs, with the words a person sees.</summary>
public sealed record Term(string Id, string Name);

/// <summary>The closed vocabularies content and the plan builder share.</summary>
public static class Vocabulary
{
    public static readonly ImmutableArray<Term> Areas =
    [
        new(BodyAreas.UpperBackNeck, BodyAreas.DisplayName(BodyAreas.UpperBackNeck)),
        new(BodyAreas.BetweenShoulderBlades, BodyAreas.DisplayName(BodyAreas.BetweenShoulderBlades)),
        new(BodyAreas.LowerBack, BodyAreas.DisplayName(BodyAreas.LowerBack)),
    ];

    public static readonly ImmutableArray<Term> Equipment =
    [
        new("foam-roller", "A foam roller"),
        new("ball", "A firm ball (such as a tennis or lacrosse ball)"),
        new("heat-pack", "Something warm (a heat pack, hot-water bottle or wheat bag)"),
        new("cold-pack", "Something cold (an ice pack or frozen peas in a cloth)"),
        new("resistance-band", "A resistance band"),
        new("light-weight", "A light weight (a dumbbell or a filled water bottle)"),
    ];

    public static readonly ImmutableArray<Term> Causes =
    [
        new("desk-work", "Long hours at a desk or screen"),
        new("repetitive-strain", "Repeating the same movement (work, sport or hobbies)"),
        new("stress", "Stress and tension"),
    ];

    public static readonly FrozenSet<string> AreaIds = Areas.Select(t => t.Id).ToFrozenSet(StringComparer.Ordinal);
    public static readonly FrozenSet<string> EquipmentIds = Equipment.Select(t => t.Id).ToFrozenSet(StringComparer.Ordinal);
    public static readonly FrozenSet<string> CauseIds = Causes.Select(t => t.Id).ToFrozenSet(StringComparer.Ordinal);

    public static string NameOf(ImmutableArray<Term> terms, string id) =>
        terms.FirstOrDefault(t => t.Id == id)?.Name ?? id;
}
