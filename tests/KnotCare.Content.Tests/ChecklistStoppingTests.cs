using System.Globalization;
using CsCheck;
using KnotCare.Content.Checklist;

namespace KnotCare.Content.Tests;

/// <summary>
/// The /check page and the API stop as soon as <see cref="ChecklistEngine.Assess"/> says the outcome is decided. These
/// properties prove that stopping early never gives a calmer result than answering everything would have. Answer sets
/// are generated from the loaded definition, whatever its questions.
/// </summary>
public sealed class ChecklistStoppingTests
{
    private static ChecklistDefinition Checklist => RepoContent.Load().Checklist;

    /// <summary>
    /// One answer per question from a random draw: with probability <paramref name="percent"/>% a yes / not sure, any
    /// choice option or any number in range; otherwise the calm answer (no, the first option, 30). Each answer set has
    /// its own percentage, so all-calm sets and sets full of warning signs are both common.
    /// </summary>
    private static string AnswerFor(Question question, int percent, int draw)
    {
        var calm = draw % 100 >= percent;
        var pick = draw / 100;
        return question.Type switch
        {
            QuestionType.YesNo => calm ? Question.No : pick % 2 == 0 ? Question.Yes : Question.NotSure,
            QuestionType.Number => (calm
                ? Math.Clamp(30, question.Range!.Min, question.Range.Max)
                : question.Range!.Min + (pick % (question.Range.Max - question.Range.Min + 1))).ToString(CultureInfo.InvariantCulture),
            _ => question.Options[calm ? 0 : pick % question.Options.Length].Value,
        };
    }

    /// <summary>A complete, valid set of answers: every question answered (answers to skipped questions are ignored).</summary>
    private static readonly Gen<Dictionary<string, string>> FullAnswers =
        Gen.Select(Gen.Int[0, 40], Gen.Int[0, 99_999].Array[Checklist.Questions.Length], (percent, draws) =>
            Checklist.Questions.Select((q, i) => (q.Id, Value: AnswerFor(q, percent, draws[i]))).ToDictionary(p => p.Id, p => p.Value, StringComparer.Ordinal));

    private static readonly Gen<string> Region = Gen.OneOf([.. Checklist.Regions.Select(r => r.Id)]);

    private static Urgency Full(Dictionary<string, string> answers, string region) => ChecklistEngine.Evaluate(Checklist, answers, region).Urgency;

    /// <summary>
    /// Walks the steps in order, as the page does: answer every asked question of a step, then stop if the engine says
    /// the result is decided. The result shown is never calmer than the full result, and the walk always ends.
    /// </summary>
    [Fact]
    public void Stopping_after_a_step_when_decided_never_gives_a_calmer_result_than_answering_everything()
    {
        var checklist = Checklist;
        Gen.Select(FullAnswers, Region).Sample((full, region) =>
        {
            var full_ = Full(full, region);
            var given = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var step in checklist.Steps)
            {
                foreach (var question in checklist.InStep(step.Id).Where(q => ChecklistEngine.IsAsked(checklist, q, given)))
                {
                    given[question.Id] = full[question.Id];
                }

                var progress = ChecklistEngine.Assess(checklist, given, region);
                if (progress.Complete)
                {
                    return progress.SoFar.Urgency >= full_;
                }
            }

            return false; // every asked question answered: Assess must have said complete
        }, iter: 1000);
    }

    /// <summary>
    /// The page also stops mid-step (one emergency answer, the rest of the step left blank). For any subset of a full set
    /// of answers: when the engine says it is decided, the level so far is at least the full result.
    /// </summary>
    [Fact]
    public void Whatever_was_left_unanswered_a_decided_result_is_never_calmer_than_the_full_one()
    {
        var checklist = Checklist;
        Gen.Select(FullAnswers, Gen.Int[0, 99].Array[checklist.Questions.Length], Gen.Int[0, 99], Region).Sample((full, keep, share, region) =>
        {
            var partial = checklist.Questions.Where((q, i) => keep[i] < share).ToDictionary(q => q.Id, q => full[q.Id], StringComparer.Ordinal);
            var progress = ChecklistEngine.Assess(checklist, partial, region);
            return !progress.Complete || progress.SoFar.Urgency >= Full(full, region);
        }, iter: 2000);
    }

    /// <summary>The level so far only ever rises as answers are added, and never passes the full result.</summary>
    [Fact]
    public void The_level_so_far_rises_step_by_step_up_to_the_full_result()
    {
        var checklist = Checklist;
        Gen.Select(FullAnswers, Region).Sample((full, region) =>
        {
            var expected = Full(full, region);
            var given = new Dictionary<string, string>(StringComparer.Ordinal);
            var last = Urgency.SelfCare;
            foreach (var question in checklist.Questions)
            {
                given[question.Id] = full[question.Id];
                var soFar = ChecklistEngine.Assess(checklist, given, region).SoFar.Urgency;
                if (soFar < last || soFar > expected)
                {
                    return false;
                }

                last = soFar;
            }

            return last == expected;
        }, iter: 50);
    }

    /// <summary>A sanity check on the generator: it reaches every level, so the properties above are not vacuous.</summary>
    [Fact]
    public void The_generated_answers_reach_every_level_and_stop_early_sometimes()
    {
        var levels = new HashSet<Urgency>();
        var early = 0;
        FullAnswers.Sample(full =>
        {
            levels.Add(Full(full, "uk"));
            var first = Checklist.InStep(Checklist.Steps[0].Id).ToDictionary(q => q.Id, q => full[q.Id], StringComparer.Ordinal);
            if (ChecklistEngine.Assess(Checklist, first, "uk").Complete)
            {
                early++;
            }
        }, iter: 500, threads: 1);
        Assert.Equal(Enum.GetValues<Urgency>().ToHashSet(), levels);
        Assert.True(early > 0, "no answer set stopped after the first step");
    }
}
