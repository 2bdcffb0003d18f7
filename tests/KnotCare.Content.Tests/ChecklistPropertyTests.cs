using CsCheck;
using KnotCare.Content.Checklist;

namespace KnotCare.Content.Tests;

/// <summary>Rules that must hold for every possible set of answers, checked on random answer sets.</summary>
public sealed class ChecklistPropertyTests
{
    private static ChecklistDefinition Checklist => RepoContent.Load().Checklist;

    /// <summary>Random valid answers, biased towards "no" so that calm and mixed answer sets are both common.</summary>
    private static readonly Gen<Dictionary<string, string>> Answers =
        Gen.Select(
            Gen.Frequency((6, Gen.Const(Question.No)), (2, Gen.Const(Question.Yes)), (2, Gen.Const(Question.NotSure))).Array[ChecklistEngineTests.YesNoIds.Length],
            Gen.OneOf("under-20", "20-to-50", "over-50"),
            Gen.Frequency((3, Gen.Const("under-2-weeks")), (1, Gen.Const("2-to-6-weeks")), (1, Gen.Const("over-6-weeks"))),
            (yesNo, age, duration) =>
            {
                var answers = ChecklistEngineTests.YesNoIds.Zip(yesNo).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
                answers["age"] = age;
                answers["duration"] = duration;
                return answers;
            });

    private static readonly Gen<string> Region = Gen.OneOf("uk", "us", "au", "eu");

    private static Urgency Evaluate(Dictionary<string, string> answers) =>
        ChecklistEngine.Evaluate(Checklist, answers, "uk").Urgency;

    [Fact]
    public void Changing_an_answer_from_no_to_yes_or_not_sure_never_lowers_the_urgency()
    {
        Gen.Select(Answers, Gen.Int[0, ChecklistEngineTests.YesNoIds.Length - 1], Gen.OneOf(Question.Yes, Question.NotSure))
            .Sample((answers, index, raised) =>
            {
                var id = ChecklistEngineTests.YesNoIds[index];
                answers[id] = Question.No;
                var before = Evaluate(answers);
                answers[id] = raised;
                return Evaluate(answers) >= before;
            }, iter: 3000);
    }

    [Fact]
    public void Changing_not_sure_to_yes_never_lowers_the_urgency()
    {
        Gen.Select(Answers, Gen.Int[0, ChecklistEngineTests.YesNoIds.Length - 1])
            .Sample((answers, index) =>
            {
                var id = ChecklistEngineTests.YesNoIds[index];
                answers[id] = Question.NotSure;
                var before = Evaluate(answers);
                answers[id] = Question.Yes;
                return Evaluate(answers) >= before;
            }, iter: 3000);
    }

    [Fact]
    public void Self_care_only_when_every_red_flag_answer_is_no_and_pain_is_under_two_weeks()
    {
        Answers.Sample(answers =>
        {
            var calm = ChecklistEngineTests.YesNoIds.All(id => answers[id] == Question.No) && answers["duration"] == "under-2-weeks";
            return (Evaluate(answers) == Urgency.SelfCare) == calm;
        }, iter: 3000);
    }

    [Fact]
    public void Not_sure_is_at_least_the_questions_own_level_capped_at_urgent_for_emergencies()
    {
        foreach (var id in ChecklistEngineTests.YesNoIds)
        {
            var own = Evaluate(ChecklistEngineTests.Calm((id, Question.Yes)));
            var floor = own == Urgency.Emergency ? Urgency.Urgent : own;
            Assert.True(own > Urgency.SelfCare, $"'{id}' answered yes on its own should lead past self-care");

            Answers.Sample(answers =>
            {
                answers[id] = Question.NotSure;
                return Evaluate(answers) >= floor;
            }, iter: 300);
        }
    }

    [Fact]
    public void An_emergency_is_never_missed_whatever_else_is_answered()
    {
        var emergencyQuestions = Checklist.Rules.Where(r => r.Urgency == Urgency.Emergency).SelectMany(r => r.When.QuestionIds).Distinct().ToArray();
        Gen.Select(Answers, Gen.OneOf(emergencyQuestions), Region)
            .Sample((answers, id, region) =>
            {
                answers[id] = Question.Yes;
                var result = ChecklistEngine.Evaluate(Checklist, answers, region);
                return result.Urgency == Urgency.Emergency
                    && result.Matched[0].Urgency == Urgency.Emergency
                    && result.Level.Actions[region].Phone == result.Region.EmergencyNumber;
            }, iter: 2000);
    }

    [Fact]
    public void The_result_is_the_most_severe_matched_rule_and_every_match_has_a_reason()
    {
        Answers.Sample(answers =>
        {
            var result = ChecklistEngine.Evaluate(Checklist, answers, "uk");
            var most = result.Matched.IsEmpty ? Urgency.SelfCare : result.Matched.Max(m => m.Urgency);
            return result.Urgency == most
                && result.Matched.All(m => m.Rule.Reason.Length > 0 && (m.Certain || !m.NotSureQuestions.IsEmpty))
                && !result.SafetyNet.IsEmpty;
        }, iter: 2000);
    }
}
