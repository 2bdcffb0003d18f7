using System.Collections.Immutable;
using KnotCare.Content.Plans;

namespace KnotCare.Content.Tests;

public sealed class PlanBuilderTests
{
    private static readonly ImmutableArray<Technique> Techniques = RepoContent.Load().Techniques;

    private static SelfCarePlan Build(string[] areas, string[] equipment, int minutes, string cause = "desk-work") =>
        PlanBuilder.Build(Techniques, new PlanRequest([.. areas], [.. equipment], minutes, cause));

    /// <summary>Every combination of areas (7) x equipment (64) x minutes (5) x cause (4): 8,960 plans.</summary>
    public static IEnumerable<PlanRequest> AllRequests()
    {
        var areas = Vocabulary.Areas.Select(a => a.Id).ToArray();
        var equipment = Vocabulary.Equipment.Select(e => e.Id).ToArray();
        var causes = Vocabulary.Causes.Select(c => c.Id).Append(PlanBuilder.NotSureCause).ToArray();
        for (var a = 1; a < 1 << areas.Length; a++)
        {
            for (var e = 0; e < 1 << equipment.Length; e++)
            {
                foreach (var minutes in PlanBuilder.MinuteChoices)
                {
                    foreach (var cause in causes)
                    {
                        yield return new PlanRequest(
                            [.. areas.Where((_, i) => (a & (1 << i)) != 0)],
                            [.. equipment.Where((_, i) => (e & (1 << i)) != 0)],
                            minutes,
                            cause);
                    }
                }
            }
        }
    }

    [Fact]
    public void Every_combination_gives_each_area_something_within_the_time_and_only_with_equipment_at_hand()
    {
        var count = 0;
        foreach (var request in AllRequests())
        {
            count++;
            var plan = PlanBuilder.Build(Techniques, request);
            var routine = plan.Routines.SelectMany(r => r.Items.Select(i => i.Technique)).ToList();
            var context = $"{string.Join('+', request.Areas)} / {string.Join('+', request.Equipment)} / {request.Minutes} / {request.Cause}";

            Assert.Equal(request.Areas, plan.Routines.Select(r => r.Area));
            foreach (var area in request.Areas)
            {
                Assert.True(routine.Any(t => t.Areas.Contains(area)), $"{context}: nothing for {area}");
            }

            foreach (var t in routine.Concat(plan.WarmthOrCold).Concat(plan.Habits).Concat(plan.MoreTime))
            {
                Assert.True(t.Equipment.All(request.Equipment.Contains), $"{context}: {t.Slug} needs equipment not chosen");
            }

            Assert.Equal(routine.Count, routine.Distinct().Count());
            Assert.Equal(plan.RoutineMinutes, routine.Sum(t => t.Minutes));

            // Over the chosen time only to give every area its one first item.
            var minimum = request.Areas.Length;
            Assert.True(plan.RoutineMinutes <= request.Minutes || routine.Count <= minimum, $"{context}: {plan.RoutineMinutes} minutes");
            foreach (var h in plan.Habits)
            {
                Assert.True(request.Cause == PlanBuilder.NotSureCause || h.Causes.Contains(request.Cause), $"{context}: habit {h.Slug}");
            }

            Assert.NotEmpty(plan.Habits);
            Assert.Equal(14, plan.TrackerDays);
            Assert.StartsWith("Pain today", plan.TrackerRows[^1], StringComparison.Ordinal);
            Assert.True(plan.TrackerRows.Length <= 6, $"{context}: tracker has {plan.TrackerRows.Length} rows");
        }

        Assert.Equal(7 * 64 * 5 * 4, count);
    }

    [Theory]
    [InlineData(new[] { "upper-back-neck" }, new[] { "ball" }, 5, "ball-against-a-wall")]
    [InlineData(new[] { "upper-back-neck" }, new string[0], 5, "cat-cow")]
    [InlineData(new[] { "lower-back" }, new string[0], 5, "childs-pose")]
    [InlineData(new[] { "lower-back" }, new[] { "ball" }, 5, "ball-against-a-wall")]
    [InlineData(new[] { "between-shoulder-blades" }, new[] { "foam-roller" }, 10, "foam-roller")]
    public void The_first_item_for_an_area_is_a_release_when_possible_else_a_stretch(string[] areas, string[] equipment, int minutes, string first)
    {
        var plan = Build(areas, equipment, minutes);
        Assert.Equal(first, plan.Routines[0].Items[0].Technique.Slug);
    }

    [Fact]
    public void More_time_adds_stretches_then_strength_and_never_removes_anything()
    {
        var areas = new[] { "upper-back-neck", "lower-back" };
        var equipment = new[] { "ball", "resistance-band", "light-weight" };
        ImmutableArray<Technique>? previous = null;
        foreach (var minutes in PlanBuilder.MinuteChoices)
        {
            var plan = Build(areas, equipment, minutes);
            var items = plan.Routines.SelectMany(r => r.Items.Select(i => i.Technique)).ToImmutableArray();
            if (previous is { } before)
            {
                Assert.True(before.All(items.Contains), $"{minutes} minutes dropped something");
            }

            previous = items;
        }

        Assert.Contains(previous!.Value, t => t.Kind == TechniqueKind.Strength);
    }

    [Fact]
    public void Heat_and_cold_appear_only_with_something_warm_or_cold_at_hand()
    {
        Assert.Empty(Build(["lower-back"], ["ball"], 10).WarmthOrCold);
        Assert.Equal(["heat"], Build(["lower-back"], ["heat-pack"], 10).WarmthOrCold.Select(t => t.Slug));
        Assert.Equal(["heat", "cold"], Build(["lower-back"], ["cold-pack", "heat-pack"], 10).WarmthOrCold.Select(t => t.Slug));
    }

    [Theory]
    [InlineData("stress", "calm-breathing")]
    [InlineData("desk-work", "desk-setup")]
    [InlineData("repetitive-strain", "movement-breaks")]
    public void Habits_follow_the_cause(string cause, string expected)
    {
        var habits = Build(["upper-back-neck"], [], 10, cause).Habits.Select(h => h.Slug).ToList();
        Assert.Contains(expected, habits);
        Assert.Equal(3, Build(["upper-back-neck"], [], 10, PlanBuilder.NotSureCause).Habits.Length);
    }

    public static TheoryData<string[], string[], string?, string?, string[]> BadInput() => new()
    {
        { [], [], "10", "stress", ["area"] },
        { ["shoulders"], [], "10", "stress", ["area"] },
        { ["lower-back"], ["treadmill"], "10", "stress", ["equipment"] },
        { ["lower-back"], [], "7", "stress", ["minutes"] },
        { ["lower-back"], [], "ten", "stress", ["minutes"] },
        { ["lower-back"], [], "-5", "stress", ["minutes"] },
        { ["lower-back"], [], null, "stress", ["minutes"] },
        { ["lower-back"], [], "10", null, ["cause"] },
        { ["lower-back"], [], "10", "<script>", ["cause"] },
        { ["lower-back", "lower-back", "lower-back", "lower-back"], [], "10", "stress", ["area"] },
        { [], ["x"], "0", "y", ["area", "equipment", "minutes", "cause"] },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Invalid_input_names_each_bad_field_and_builds_nothing(string[] areas, string[] equipment, string? minutes, string? cause, string[] fields)
    {
        var (request, errors) = PlanBuilder.Parse(areas, equipment, minutes, cause);
        Assert.Null(request);
        Assert.Equal(fields, errors.Select(e => e.Field));
    }

    [Fact]
    public void Valid_input_is_put_in_a_stable_order()
    {
        var (request, errors) = PlanBuilder.Parse(["lower-back", "upper-back-neck"], ["heat-pack", "ball"], "15", "stress");
        Assert.Empty(errors);
        Assert.Equal(["upper-back-neck", "lower-back"], request!.Areas.ToArray());
        Assert.Equal(["ball", "heat-pack"], request.Equipment.ToArray());
    }
}
