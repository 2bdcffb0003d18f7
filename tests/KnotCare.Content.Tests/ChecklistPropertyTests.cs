using CsCheck;
using KnotCare.Content.Checklist;

namespace KnotCare.Content.Tests;

/// <summary>Rules that must hold for every possible set of answers, checked on random answer sets.</summary>
public sealed class ChecklistPropertyTests
{
    private static ChecklistDefinition Checklist => RepoContent.Load().Checklist;

    private static readonly string[] Durations = [.. RepoContent.Load().Checklist.QuestionsById["duration"].Options.Select(o => o.Value)];

    /// <summary>Random valid answers, biased towards "no" and adult ages, so that calm and mixed answer sets are both common.</summary>
    internal static readonly Gen<Dictionary<string, string>> Answers =
        Gen.Select(
            Gen.Frequency((8, Gen.Const(Question.No)), (1, Gen.Const(Question.Yes)), (1, Gen.Const(Question.NotSure))).Array[ChecklistEngineTests.YesNoIds.Length],
            Gen.Frequency((1, Gen.Int[0, 15]), (6, Gen.Int[16, 64]), (3, Gen.Int[65, 120])),
            Gen.Frequency((4, Gen.Const(Durations[0])), (1, Gen.OneOf(Durations))),
            (yesNo, age, duration) =>
            {
                var answers = ChecklistEngineTests.YesNoIds.Zip(yesNo).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
                answers["age"] = age.ToString(System.Globalization.CultureInfo.InvariantCulture);
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
    public void An_adult_who_answers_no_to_everything_with_recent_pain_gets_self_care()
    {
        Gen.Int[16, 59].Sample(age =>
        {
            var answers = ChecklistEngineTests.Calm(("age", age.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var result = ChecklistEngine.Evaluate(Checklist, answers, "uk");
            return result.Urgency == Urgency.SelfCare && result.Matched.IsEmpty;
        }, iter: 200);
    }

    /// <summary>
    /// "Not sure" is never calmer than the question's own level ("yes" to it, with any question it depends on also
    /// "yes"): at least urgent for an emergency question, at least its own level for the others.
    /// </summary>
    [Fact]
    public void Not_sure_is_at_least_the_questions_own_level_capped_at_urgent_for_emergencies()
    {
        foreach (var question in Checklist.Questions.Where(q => q.Type == QuestionType.YesNo))
        {
            var gates = question.AskIf?.QuestionIds.Where(id => Checklist.QuestionsById[id].Type == QuestionType.YesNo).Select(id => (id, Question.Yes)) ?? [];
            var own = Evaluate(ChecklistEngineTests.Calm([.. gates, (question.Id, Question.Yes)]));
            var gatesOnly = Evaluate(ChecklistEngineTests.Calm([.. gates]));
            var floor = own == Urgency.Emergency ? Urgency.Urgent : own;

            Answers.Sample(answers =>
            {
                foreach (var (gate, yes) in gates)
                {
                    answers[gate] = yes;
                }

                // A question the random answers do not ask (an age gate, such as sex-numbness under 12) has no "not sure".
                answers[question.Id] = Question.NotSure;
                return !ChecklistEngine.IsAsked(Checklist, question, answers) || Evaluate(answers) >= (floor > gatesOnly ? floor : gatesOnly);
            }, iter: 150);
        }
    }

    /// <summary>Every emergency safety case stays an emergency whatever else is answered, in every region, with that region's number.</summary>
    [Fact]
    public void An_emergency_is_never_missed_whatever_else_is_answered()
    {
        var emergencies = Checklist.Cases.Where(c => c.Expect == Urgency.Emergency).ToArray();
        Gen.Select(Answers, Gen.OneOf(emergencies), Region, Gen.Int[16, 120])
            .Sample((answers, emergency, region, adultAge) =>
            {
                // The cases are written for an adult unless they give an age (children are not asked some questions).
                answers["age"] = adultAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (var (id, value) in emergency.Answers)
                {
                    answers[id] = value;
                }

                var result = ChecklistEngine.Evaluate(Checklist, answers, region);
                return result.Urgency == Urgency.Emergency
                    && result.Matched[0].Urgency == Urgency.Emergency
                    && result.Level.Actions[region].Phone == result.Region.EmergencyNumber;
            }, iter: 3000);
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

    [Fact]
    public void Every_person_under_16_sees_the_note_that_the_checklist_is_written_for_adults()
    {
        Gen.Select(Answers, Gen.Int[0, 15]).Sample((answers, age) =>
        {
            answers["age"] = age.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ChecklistEngine.Evaluate(Checklist, answers, "uk").Matched.Any(m => m.Rule.Id == "under-16");
        }, iter: 1000);
    }

    /// <summary>
    /// Assessing the answers step by step and stopping as soon as the outcome is decided never gives a calmer result
    /// than answering everything; once decided, the result so far is exactly the full result's level.
    /// </summary>
    [Fact]
    public void Stopping_when_decided_is_never_calmer_than_answering_everything()
    {
        Answers.Sample(answers =>
        {
            var full = ChecklistEngine.Evaluate(Checklist, answers, "uk").Urgency;
            var given = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var step in Checklist.Steps)
            {
                foreach (var question in Checklist.InStep(step.Id))
                {
                    given[question.Id] = answers[question.Id];
                }

                var progress = ChecklistEngine.Assess(Checklist, given, "uk");
                if (progress.SoFar.Urgency > full)
                {
                    return false;
                }

                if (progress.Complete)
                {
                    return progress.SoFar.Urgency == full;
                }
            }

            return false;
        }, iter: 2000);
    }
}
