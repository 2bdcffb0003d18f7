using System.Collections.Immutable;
using KnotCare.Content.Checklist;

namespace KnotCare.Content.Tests;

/// <summary>Table-style tests of the real rule set in content/checklist: one case per rule, then combinations.</summary>
public sealed class ChecklistEngineTests
{
    private static ChecklistDefinition Checklist => RepoContent.Load().Checklist;

    /// <summary>Every yes/no question "no", aged 20 to 50, pain for under 2 weeks: the calmest possible answers.</summary>
    public static Dictionary<string, string> Calm(params (string Id, string Value)[] changes)
    {
        var answers = Checklist.Questions.ToDictionary(
            q => q.Id,
            q => q.Type == QuestionType.YesNo ? Question.No : q.Options[0].Value,
            StringComparer.Ordinal);
        answers["age"] = "20-to-50";
        answers["duration"] = "under-2-weeks";
        foreach (var (id, value) in changes)
        {
            answers[id] = value;
        }

        return answers;
    }

    private static ChecklistResult Evaluate(params (string Id, string Value)[] changes) =>
        ChecklistEngine.Evaluate(Checklist, Calm(changes), "uk");

    [Fact]
    public void The_public_question_ids_and_options_exist_exactly()
    {
        var q = Checklist.QuestionsById;
        Assert.Equal<string>(["under-20", "20-to-50", "over-50"], q["age"].Options.Select(o => o.Value));
        Assert.Equal<string>(["under-2-weeks", "2-to-6-weeks", "over-6-weeks"], q["duration"].Options.Select(o => o.Value));
        string[] yesNo =
        [
            "saddle-numbness", "bladder-bowel", "both-legs", "leg-weakness", "chest-pain", "serious-accident", "sudden-severe",
            "fever", "weight-loss", "cancer-history", "lump-or-shape", "rest-pain", "immune-risk", "minor-fall", "bone-risk",
            "spreading", "sleep-or-daily-life", "limb-numbness",
        ];
        foreach (var id in yesNo)
        {
            Assert.Equal(QuestionType.YesNo, q[id].Type);
            Assert.Equal<string>(["yes", "no", "not-sure"], q[id].Options.Select(o => o.Value));
        }
    }

    [Fact]
    public void Emergency_questions_come_first()
    {
        var first = Checklist.Steps[0];
        var emergencyQuestions = Checklist.Rules
            .Where(r => r.Urgency == Urgency.Emergency)
            .SelectMany(r => r.When.QuestionIds)
            .ToHashSet();

        Assert.Equal(emergencyQuestions.Order(), Checklist.InStep(first.Id).Select(q => q.Id).Order());
        Assert.Equal(Checklist.InStep(first.Id).Count(), Checklist.Questions.TakeWhile(q => q.StepId == first.Id).Count());
    }

    public static TheoryData<string, string, string, Urgency> OneCasePerRule => new()
    {
        { "saddle-numbness", "yes", "cauda-equina-saddle", Urgency.Emergency },
        { "bladder-bowel", "yes", "cauda-equina-bladder-bowel", Urgency.Emergency },
        { "both-legs", "yes", "cauda-equina-both-legs", Urgency.Emergency },
        { "leg-weakness", "yes", "leg-weakness", Urgency.Emergency },
        { "serious-accident", "yes", "serious-accident", Urgency.Emergency },
        { "chest-pain", "yes", "chest-pain", Urgency.Emergency },
        { "sudden-severe", "yes", "sudden-severe", Urgency.Emergency },
        { "fever", "yes", "fever", Urgency.Urgent },
        { "weight-loss", "yes", "weight-loss", Urgency.Urgent },
        { "cancer-history", "yes", "cancer-history", Urgency.Urgent },
        { "lump-or-shape", "yes", "lump-or-shape", Urgency.Urgent },
        { "rest-pain", "yes", "rest-pain", Urgency.Urgent },
        { "immune-risk", "yes", "immune-risk", Urgency.Urgent },
        { "minor-fall", "yes", "after-minor-fall", Urgency.Routine },
        { "bone-risk", "yes", "bone-risk", Urgency.Routine },
        { "duration", "2-to-6-weeks", "lasting-pain", Urgency.Routine },
        { "duration", "over-6-weeks", "lasting-pain", Urgency.Routine },
        { "spreading", "yes", "spreading", Urgency.Routine },
        { "limb-numbness", "yes", "limb-numbness", Urgency.Routine },
        { "sleep-or-daily-life", "yes", "sleep-or-daily-life", Urgency.Routine },
    };

    [Theory]
    [MemberData(nameof(OneCasePerRule))]
    public void Each_rule_on_its_own(string question, string answer, string ruleId, Urgency expected)
    {
        var result = Evaluate((question, answer));

        Assert.Equal(expected, result.Urgency);
        var top = result.Matched[0];
        Assert.Equal(ruleId, top.Rule.Id);
        Assert.True(top.Certain);
        Assert.False(string.IsNullOrWhiteSpace(top.Rule.Reason));
        Assert.Equal("https", top.Rule.Source.Url.Scheme);
    }

    [Fact]
    public void Every_rule_is_covered_by_the_table()
    {
        var covered = OneCasePerRule.Select(row => (string)row[2]).Append("possible-fracture").ToHashSet();

        Assert.Equal(Checklist.Rules.Select(r => r.Id).Order(), covered.Order());
    }

    public static TheoryData<string, Urgency, string[]> Combinations => new()
    {
        { "minor-fall=yes age=over-50", Urgency.Urgent, ["possible-fracture", "after-minor-fall"] },
        { "minor-fall=yes bone-risk=yes", Urgency.Urgent, ["possible-fracture", "after-minor-fall", "bone-risk"] },
        { "minor-fall=yes age=under-20", Urgency.Routine, ["after-minor-fall"] },
        { "age=over-50 bone-risk=yes", Urgency.Routine, ["bone-risk"] },
        { "age=over-50", Urgency.SelfCare, [] },
        { "fever=yes saddle-numbness=yes", Urgency.Emergency, ["cauda-equina-saddle", "fever"] },
        { "spreading=yes duration=over-6-weeks limb-numbness=yes", Urgency.Routine, ["lasting-pain", "spreading", "limb-numbness"] },
        { "saddle-numbness=not-sure", Urgency.Urgent, ["cauda-equina-saddle"] },
        { "chest-pain=not-sure", Urgency.Urgent, ["chest-pain"] },
        { "fever=not-sure", Urgency.Urgent, ["fever"] },
        { "spreading=not-sure", Urgency.Routine, ["spreading"] },
        { "minor-fall=not-sure age=over-50", Urgency.Urgent, ["possible-fracture", "after-minor-fall"] },
        { "minor-fall=yes bone-risk=not-sure", Urgency.Urgent, ["possible-fracture", "after-minor-fall", "bone-risk"] },
        { "saddle-numbness=not-sure both-legs=yes", Urgency.Emergency, ["cauda-equina-both-legs", "cauda-equina-saddle"] },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Combinations_and_unsure_answers(string answers, Urgency expected, string[] ruleIds)
    {
        var changes = answers.Split(' ').Select(a => a.Split('=')).Select(p => (p[0], p[1])).ToArray();

        var result = Evaluate(changes);

        Assert.Equal(expected, result.Urgency);
        Assert.Equal<string>(ruleIds, result.Matched.Select(m => m.Rule.Id));
    }

    [Fact]
    public void An_unsure_answer_is_named_and_marked_as_not_certain()
    {
        var result = Evaluate(("saddle-numbness", "not-sure"));

        var match = Assert.Single(result.Matched);
        Assert.False(match.Certain);
        Assert.Equal<string>(["saddle-numbness"], match.NotSureQuestions);
    }

    [Fact]
    public void All_no_and_recent_pain_is_self_care_with_safety_netting()
    {
        var result = Evaluate();

        Assert.Equal(Urgency.SelfCare, result.Urgency);
        Assert.Empty(result.Matched);
        Assert.NotEmpty(result.SafetyNet);
        Assert.Contains("when-to-see-a-clinician", result.Articles);
    }

    [Theory]
    [InlineData("uk", "999")]
    [InlineData("us", "911")]
    [InlineData("au", "000")]
    [InlineData("eu", "112")]
    public void Emergency_advice_gives_the_regions_number(string region, string number)
    {
        var result = ChecklistEngine.Evaluate(Checklist, Calm(("chest-pain", "yes")), region);

        Assert.Equal(number, result.Region.EmergencyNumber);
        Assert.Equal(number, result.Level.Actions[region].Phone);
        Assert.Contains(number, result.Level.Actions[region].Action, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, Urgency> SafetyNetCases()
    {
        var data = new TheoryData<string, string, string, Urgency>();
        (string Id, string Value, Urgency Urgency)[] outcomes =
        [
            ("chest-pain", "yes", Urgency.Emergency),
            ("fever", "yes", Urgency.Urgent),
            ("duration", "2-to-6-weeks", Urgency.Routine),
            ("duration", "under-2-weeks", Urgency.SelfCare),
        ];
        foreach (var region in RepoContent.Load().Checklist.Regions)
        {
            foreach (var (id, value, urgency) in outcomes)
            {
                data.Add(region.Id, id, value, urgency);
            }
        }

        return data;
    }

    /// <summary>Every outcome's safety net tells the person their own emergency number, once filled in, and says nothing twice.</summary>
    [Theory]
    [MemberData(nameof(SafetyNetCases))]
    public void Every_safety_net_names_the_regions_emergency_number(string region, string question, string answer, Urgency urgency)
    {
        var result = ChecklistEngine.Evaluate(Checklist, Calm((question, answer)), region);

        Assert.Equal(urgency, result.Urgency);
        Assert.Contains(result.SafetyNet, line => line.Contains(result.Region.EmergencyNumber, StringComparison.Ordinal));
        Assert.DoesNotContain(result.SafetyNet, line => line.Contains('{', StringComparison.Ordinal) || line.Contains('}', StringComparison.Ordinal));
        Assert.Equal(result.SafetyNet.Length, result.SafetyNet.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Validation_names_missing_unknown_and_invalid_answers()
    {
        var answers = Calm().ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        answers.Remove("fever");
        answers["age"] = "ancient";
        answers["favourite-colour"] = "blue";

        var errors = ChecklistEngine.Validate(Checklist, answers, "mars");

        Assert.Equal<string>(["fever", "age", "favourite-colour", "region"], errors.Select(e => e.QuestionId).OrderBy(id => id == "region").ThenBy(id => id == "favourite-colour").ThenBy(id => id == "age" ? 1 : 0));
    }

    [Fact]
    public void Evaluate_refuses_invalid_answers()
    {
        var answers = Calm();
        answers.Remove("fever");

        Assert.Throws<ArgumentException>(() => ChecklistEngine.Evaluate(Checklist, answers, "uk"));
    }

    internal static ImmutableArray<string> YesNoIds => [.. Checklist.Questions.Where(q => q.Type == QuestionType.YesNo).Select(q => q.Id)];

    [Theory]
    [InlineData("possible-fracture", new[] { "minor-fall", "age" }, "minor-fall=yes", "age=over-50", "bone-risk=no")]
    [InlineData("possible-fracture", new[] { "minor-fall", "bone-risk" }, "minor-fall=not-sure", "age=20-to-50", "bone-risk=yes")]
    [InlineData("cauda-equina-saddle", new[] { "saddle-numbness" }, "saddle-numbness=not-sure")]
    public void The_answers_behind_a_rule_are_the_ones_that_made_it_hold(string ruleId, string[] expected, params string[] changes)
    {
        var answers = Calm([.. changes.Select(c => (c.Split('=')[0], c.Split('=')[1]))]);
        var rule = Checklist.Rules.Single(r => r.Id == ruleId);
        Assert.Equal(expected, ChecklistEngine.TriggeringQuestions(Checklist, rule.When, answers));
    }
}
