using System.Collections.Immutable;
using KnotCare.Content.Checklist;
using KnotCare.Content.Markdown;

namespace KnotCare.Content.Tests;

/// <summary>
/// Table tests of the real checklist in content/checklist against the clinical reference (shared red-flags.md, second
/// edition): one row per reference item with the level it must give, the self-care presentations that must stay
/// self-care, the wording rules, validation and partial answers. The rows are written here, independently of
/// content/checklist/cases.yaml, so weakening a rule and its case together still fails CI.
/// </summary>
public sealed class ChecklistEngineTests
{
    private static ChecklistDefinition Checklist => RepoContent.Load().Checklist;

    /// <summary>Every yes/no question "no", aged 35, pain for under 2 weeks: the calmest adult answers.</summary>
    public static Dictionary<string, string> Calm(params (string Id, string Value)[] changes)
    {
        var answers = Checklist.Questions.ToDictionary(
            q => q.Id,
            q => q.Type switch
            {
                QuestionType.YesNo => Question.No,
                QuestionType.Number => "35",
                _ => q.Options[0].Value,
            },
            StringComparer.Ordinal);
        foreach (var (id, value) in changes)
        {
            answers[id] = value;
        }

        return answers;
    }

    internal static (string Id, string Value)[] Parse(string answers) =>
        [.. answers.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split('=')).Select(p => (p[0], p[1]))];

    private static ChecklistResult Evaluate(params (string Id, string Value)[] changes) =>
        ChecklistEngine.Evaluate(Checklist, Calm(changes), "uk");

    internal static ImmutableArray<string> YesNoIds => [.. Checklist.Questions.Where(q => q.Type == QuestionType.YesNo).Select(q => q.Id)];

    [Fact]
    public void The_public_question_ids_and_options_exist_exactly()
    {
        var q = Checklist.QuestionsById;
        Assert.Equal(QuestionType.Number, q["age"].Type);
        Assert.Equal(new NumberRange(0, 120), q["age"].Range);
        Assert.Equal<string>(["under-2-weeks", "2-to-6-weeks", "6-weeks-to-3-months", "over-3-months"], q["duration"].Options.Select(o => o.Value));
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
    public void Heart_aorta_lungs_and_pregnancy_are_asked_in_the_first_step()
    {
        var first = Checklist.Steps[0].Id;
        string[] emergencyScreen =
        [
            "age", "chest-pain", "cold-sweat", "faint", "breathless", "jaw-or-both-arms", "no-change", "sudden-severe", "tearing",
            "tummy-pain", "coughing-blood", "breathing-pain", "pregnant", "pregnancy-signs", "pre-eclampsia",
        ];
        Assert.All(emergencyScreen, id => Assert.Equal(first, Checklist.QuestionsById[id].StepId));
        Assert.Equal(Checklist.InStep(first).Count(), Checklist.Questions.TakeWhile(q => q.StepId == first).Count());
    }

    /// <summary>
    /// Every emergency is found on the first step, except two combinations that need a later answer: each of those
    /// also needs a "yes" that gives "urgent" by itself, so the person is never stopped early with a calmer result.
    /// </summary>
    [Fact]
    public void Emergency_rules_use_first_step_questions_or_build_on_an_urgent_answer()
    {
        var first = Checklist.Steps[0].Id;
        var later = Checklist.Rules
            .Where(r => r.Urgency == Urgency.Emergency && r.When.QuestionIds.Any(id => Checklist.QuestionsById[id].StepId != first))
            .Select(r => r.Id)
            .Order();

        Assert.Equal<string>(["cancer-with-nerve-signs", "infection-with-weakness"], later);
        Assert.Equal(Urgency.Urgent, Evaluate(("cancer-history", "yes")).Urgency);
        Assert.Equal(Urgency.Urgent, Evaluate(("fever", "yes")).Urgency);
    }

    /// <summary>One row per item of the reference's Emergency, Urgent and Routine sections: answers, level, and the rule that must explain it.</summary>
    public static TheoryData<string, string, Urgency, string> ReferenceItems => new()
    {
        { "Numbness or tingling in the saddle area", "saddle-numbness=yes", Urgency.Emergency, "cauda-equina-saddle" },
        { "New difficulty starting to pee or feeling the need, or loss of bladder or bowel control", "bladder-bowel=yes", Urgency.Emergency, "cauda-equina-bladder-bowel" },
        { "New loss of sexual sensation or new erection problems", "sex-numbness=yes", Urgency.Emergency, "cauda-equina-sex" },
        { "Pain, numbness, tingling or weakness in both legs", "both-legs=yes", Urgency.Emergency, "cauda-equina-both-legs" },
        { "Severe or worsening weakness in a leg, a foot that drags, difficulty walking", "leg-weakness=yes", Urgency.Emergency, "leg-weakness" },
        { "Not sure about saddle numbness: at least urgent", "saddle-numbness=not-sure", Urgency.Urgent, "cauda-equina-saddle" },
        { "New chest pain, pressure, tightness or heaviness", "chest-pain=yes", Urgency.Emergency, "heart-chest" },
        { "New ache between the shoulder blades with a cold sweat, no chest pain", "cold-sweat=yes", Urgency.Emergency, "heart-cold-sweat" },
        { "New upper back discomfort with feeling faint or light-headed", "faint=yes", Urgency.Emergency, "heart-faint" },
        { "New upper back discomfort with breathlessness", "breathless=yes", Urgency.Emergency, "heart-or-lung-breathless" },
        { "Discomfort spreading to the jaw or both arms", "jaw-or-both-arms=yes", Urgency.Emergency, "heart-jaw-or-both-arms" },
        { "Discomfort spreading to one arm, not changed by moving, stretching or pressing", "no-change=yes arm-or-neck=yes", Urgency.Emergency, "heart-unchanged-with-arm-or-sickness" },
        { "Discomfort with feeling sick, not changed by moving or pressing", "no-change=yes feel-sick=yes", Urgency.Emergency, "heart-unchanged-with-arm-or-sickness" },
        { "Heavy ache between the shoulder blades while digging, unsure whether the sweating, faintness and breathlessness are from the effort", "cold-sweat=not-sure faint=not-sure breathless=not-sure", Urgency.Emergency, "heart-several-signs" },
        { "Heavy ache between the shoulder blades, cold sweat, feeling sick and light-headed, no chest pain", "cold-sweat=yes faint=yes no-change=yes feel-sick=yes", Urgency.Emergency, "heart-cold-sweat" },
        { "Not sure about chest tightness: at least urgent", "chest-pain=not-sure", Urgency.Urgent, "heart-chest" },
        { "Sudden severe tearing pain between the shoulder blades", "sudden-severe=yes tearing=yes", Urgency.Emergency, "aorta-sudden-tearing" },
        { "Sudden severe pain that nothing changes, not the worst ever and not called tearing", "sudden-severe=yes no-change=yes", Urgency.Emergency, "aorta-sudden-tearing" },
        { "Sudden severe tummy and lower back pain, feeling faint", "sudden-severe=yes tummy-pain=yes faint=yes age=71", Urgency.Emergency, "aorta-sudden-tummy" },
        { "Sudden severe back and tummy pain", "sudden-severe=yes tummy-pain=yes", Urgency.Emergency, "aorta-sudden-tummy" },
        { "Sudden severe pain with no other sign", "sudden-severe=yes", Urgency.Urgent, "sudden-severe" },
        { "Coughing up blood with new upper back pain", "coughing-blood=yes", Urgency.Emergency, "lung-coughing-blood" },
        { "Sharp pain on breathing in with a swollen, painful calf", "breathing-pain=yes swollen-calf=yes", Urgency.Emergency, "lung-clot" },
        { "Sharp pain on breathing in after a long journey or an operation", "breathing-pain=yes clot-risk=yes", Urgency.Emergency, "lung-clot" },
        { "Sharp pain on breathing in after having a baby", "breathing-pain=yes pregnant=yes", Urgency.Emergency, "lung-clot" },
        { "Sharp pain on breathing in on its own", "breathing-pain=yes", Urgency.Urgent, "breathing-pain" },
        { "Sudden severe headache, peak within minutes, with neck pain", "sudden-headache=yes", Urgency.Emergency, "sudden-headache" },
        { "Stiff neck with fever", "stiff-neck=yes fever=yes", Urgency.Emergency, "meningitis" },
        { "Stiff neck with dislike of bright light", "stiff-neck=yes light-hurts=yes", Urgency.Emergency, "meningitis" },
        { "A rash that does not fade under a glass", "glass-rash=yes", Urgency.Emergency, "meningitis-rash" },
        { "Neck so stiff the chin cannot touch the chest, no fever", "stiff-neck=yes", Urgency.Urgent, "stiff-neck" },
        { "Neck pain with face drooping or slurred speech", "stroke-signs=yes", Urgency.Emergency, "stroke-signs" },
        { "Neck pain with double vision", "sight-loss=yes", Urgency.Emergency, "sight-loss" },
        { "Neck pain after a fall at 65 or over", "neck-injury=yes age=78", Urgency.Emergency, "neck-injury-serious" },
        { "Neck pain after a crash with tingling in the arms since", "neck-injury=yes injury-tingling=yes", Urgency.Emergency, "neck-injury-serious" },
        { "Neck pain after a fall under 65, no tingling", "neck-injury=yes age=30", Urgency.Urgent, "neck-injury" },
        { "Back pain after a car crash or fall from a height", "serious-accident=yes", Urgency.Emergency, "serious-accident" },
        { "Fever with new weakness in an arm", "fever=yes arm-weakness=yes", Urgency.Emergency, "infection-with-weakness" },
        { "Fever with new weakness in a leg", "fever=yes leg-weakness=yes", Urgency.Emergency, "leg-weakness" },
        { "Past cancer with new numbness in a leg", "cancer-history=yes limb-numbness=yes", Urgency.Emergency, "cancer-with-nerve-signs" },
        { "Past cancer with a new weak arm", "cancer-history=yes arm-weakness=yes", Urgency.Emergency, "cancer-with-nerve-signs" },
        { "Back pain with confusion or mottled skin", "very-unwell=yes", Urgency.Emergency, "sepsis" },
        { "Vision loss with a new headache at 50 or over", "sight-loss=yes new-headache=yes age=72", Urgency.Emergency, "sight-loss" },
        { "Fever or feeling hot and shivery with back pain", "fever=yes", Urgency.Urgent, "fever" },
        { "Burning when peeing with a fever", "fever=yes pee-pain=yes", Urgency.Urgent, "kidney-infection" },
        { "Pain in waves on one side", "pain-in-waves=yes", Urgency.Urgent, "kidney-stone" },
        { "Blood in the pee", "pee-colour=yes", Urgency.Urgent, "pee-colour" },
        { "Dark cola-coloured pee after hard exercise, with muscle pain", "pee-colour=yes", Urgency.Urgent, "pee-colour" },
        { "Unexplained weight loss", "weight-loss=yes", Urgency.Urgent, "weight-loss" },
        { "Night sweats that soak the bed", "night-sweats=yes", Urgency.Urgent, "night-sweats" },
        { "Past cancer, including melanoma, with new back pain", "cancer-history=yes", Urgency.Urgent, "cancer-history" },
        { "A lump, swelling or change in the shape of the back", "lump-or-shape=yes", Urgency.Urgent, "lump-or-shape" },
        { "Pain there all the time, eased by nothing, waking the person every night", "rest-pain=yes night-pain=yes", Urgency.Urgent, "non-mechanical-pain" },
        { "Pain between the shoulder blades that does not change at all with moving or pressing", "no-change=yes", Urgency.Urgent, "unchanged-pain" },
        { "Tender bony middle of the spine after a fall", "minor-fall=yes spine-tender=yes", Urgency.Urgent, "spine-tender" },
        { "Methotrexate or biologic injections, with new back pain", "immune-risk=yes", Urgency.Urgent, "infection-risk" },
        { "Injecting drugs, with new back pain", "inject-drugs=yes", Urgency.Urgent, "infection-risk" },
        { "An infection treated with antibiotics in the last weeks", "recent-infection=yes", Urgency.Urgent, "infection-risk" },
        { "Spinal surgery or a spinal injection in the last months", "spine-procedure=yes", Urgency.Urgent, "infection-risk" },
        { "New back pain after a fall or bump at 50 or over", "minor-fall=yes age=57", Urgency.Urgent, "possible-fracture" },
        { "New back pain with osteoporosis or long-term steroid tablets, no fall", "bone-risk=yes", Urgency.Urgent, "bone-risk" },
        { "Clumsy hands", "clumsy-hands=yes", Urgency.Urgent, "spinal-cord-neck" },
        { "Tingling in both arms", "both-arms=yes", Urgency.Urgent, "spinal-cord-neck" },
        { "New weakness in an arm", "arm-weakness=yes", Urgency.Urgent, "spinal-cord-neck" },
        { "A burning band of pain on one side, before a rash", "burning-band=yes", Urgency.Urgent, "shingles" },
        { "At 50 or over, a new headache or jaw pain when chewing", "new-headache=yes age=66", Urgency.Urgent, "giant-cell-arteritis" },
        { "Pregnant, back pain with bleeding or regular tightenings", "pregnant=yes pregnancy-signs=yes", Urgency.Urgent, "pregnancy-signs" },
        { "Pregnant after 20 weeks, upper back pain with a headache and swelling", "pregnant=yes pre-eclampsia=yes", Urgency.Urgent, "pre-eclampsia" },
        { "Pregnant, back pain with a fever", "pregnant=yes fever=yes", Urgency.Urgent, "fever" },
        { "Pregnant, back pain with pain on peeing", "pregnant=yes pee-pain=yes", Urgency.Urgent, "pregnancy-pee-pain" },
        { "A child under 5 with back pain", "age=4", Urgency.Urgent, "young-child" },
        { "A child with back pain and a fever", "age=9 fever=yes", Urgency.Urgent, "fever" },
        { "A child with back pain and numbness in a leg", "age=13 limb-numbness=yes", Urgency.Urgent, "child-warning-signs" },
        { "Not sure about fever: at least urgent", "fever=not-sure", Urgency.Urgent, "fever" },
        { "Pain lasting 2 weeks or more despite self-care", "duration=2-to-6-weeks not-improving=yes", Urgency.Routine, "lasting-pain" },
        { "Pain lasting 2 weeks or more, not sure whether it is getting better", "duration=2-to-6-weeks not-improving=not-sure", Urgency.Routine, "lasting-pain" },
        { "No better after 6 weeks", "duration=6-weeks-to-3-months", Urgency.Routine, "lasting-pain" },
        { "Pain spreading to new places", "spreading=yes", Urgency.Routine, "spreading" },
        { "Pain down a leg below the knee", "below-knee=yes", Urgency.Routine, "below-knee" },
        { "Numbness or tingling in one arm or one leg", "limb-numbness=yes", Urgency.Routine, "limb-numbness" },
        { "Pain much worse on coughing or sneezing, going down a leg", "cough-sneeze=yes", Urgency.Routine, "cough-sneeze" },
        { "Pain that stops sleep or everyday things, or that the person cannot cope with", "sleep-or-daily-life=yes", Urgency.Routine, "sleep-or-daily-life" },
        { "Back pain from age 30, over 3 months, morning stiffness eased by exercise", "age=31 duration=over-3-months morning-stiffness=yes better-with-exercise=yes", Urgency.Routine, "inflammatory-back-pain" },
        { "Age 60 or over with new back pain that persists", "age=67 duration=2-to-6-weeks", Urgency.Routine, "older-lasting-pain" },
        { "A pulsing feeling in the tummy on its own", "pulsing-tummy=yes", Urgency.Routine, "pulsing-tummy" },
        { "A child with back pain for more than a few weeks", "age=12 duration=2-to-6-weeks", Urgency.Routine, "child-lasting-pain" },
        { "A child whose back pain wakes them", "age=11 night-pain=yes", Urgency.Routine, "child-lasting-pain" },
        { "A young athlete whose back has hurt for weeks when arching backwards", "age=14 duration=2-to-6-weeks arching-pain=yes", Urgency.Routine, "child-arching-pain" },
        { "Pain there all the time but not worse at night", "rest-pain=yes", Urgency.Routine, "constant-pain" },
        { "Pain that wakes the person at night, but eases with moving", "night-pain=yes", Urgency.Routine, "night-pain" },
        { "Back pain after a fall under 50", "minor-fall=yes age=28", Urgency.Routine, "after-minor-fall" },
        { "Stinging when peeing, no fever", "pee-pain=yes", Urgency.Routine, "pee-pain" },
    };

    [Theory]
    [MemberData(nameof(ReferenceItems))]
    public void Each_reference_item_gives_its_level(string item, string answers, Urgency expected, string ruleId)
    {
        var result = Evaluate(Parse(answers));

        Assert.True(expected == result.Urgency, $"{item}: expected {expected.ToId()}, got {result.Urgency.ToId()}");
        Assert.Contains(result.Matched, m => m.Rule.Id == ruleId);
        Assert.Equal(expected, result.Matched[0].Urgency);
        Assert.All(result.Matched, m => Assert.Equal("https", m.Rule.Source.Url.Scheme));
    }

    /// <summary>The reference's self-care presentations: each must come out as self-care by itself.</summary>
    public static TheoryData<string, string> SelfCarePresentations => new()
    {
        { "A tender knot beside the spine that aches when sitting still but eases with heat, pressure, stretching or moving", "" },
        { "Referred pain from a knot into the neck or arm that changes when the knot is pressed", "arm-or-neck=yes" },
        { "Soreness and stiffness after moving house, gardening or a long run, pee a normal colour", "age=44" },
        { "An ache when lying on the sore spot, sleep otherwise fine", "" },
        { "A knot at the top of the shoulder with a familiar, gradual, band-like headache", "age=52" },
        { "Being over 50 on its own", "age=58" },
        { "Being 85 on its own", "age=85" },
        { "A basal cell skin cancer removed ten years ago", "age=61" },
        { "An awkward twist or strain, not a fall, easing day by day", "" },
        { "A strain 3 weeks in, slowly getting better", "age=43 duration=2-to-6-weeks not-improving=no" },
        { "Pregnant, an ordinary knot with no warning sign", "pregnant=yes" },
        { "A 15-year-old with a mild knot after sport 3 days ago, unsure whether arching hurts more", "age=15 arching-pain=not-sure" },
        { "A tender knot the person calls a lump, which they can feel but not see", "" },
        { "Legs aching after moving house, no numbness or tingling", "" },
        { "A teenager with a new, mild knot: self-care, with the note that the checklist is for adults", "age=15" },
    };

    [Theory]
    [MemberData(nameof(SelfCarePresentations))]
    public void Each_self_care_presentation_stays_self_care(string presentation, string answers)
    {
        var result = Evaluate(Parse(answers));

        Assert.True(result.Urgency == Urgency.SelfCare, $"{presentation}: got {result.Urgency.ToId()} from {string.Join(", ", result.Matched.Select(m => m.Rule.Id))}");
    }

    [Fact]
    public void Every_rule_is_covered_by_the_reference_table()
    {
        var covered = ReferenceItems.Select(row => (string)row[3]).Append("under-16").ToHashSet();

        Assert.Equal(Checklist.Rules.Select(r => r.Id).Order(), covered.Order());
    }

    [Fact]
    public void Every_rule_has_a_safety_case_in_the_content()
    {
        Assert.Equal(Checklist.Rules.Select(r => r.Id).Order(), Checklist.Cases.Select(c => c.RuleId).OfType<string>().Distinct().Order());
        Assert.Contains(Checklist.Cases, c => c.Expect == Urgency.SelfCare && c.RuleId is null);
    }

    [Theory]
    [InlineData("15")]
    [InlineData("4")]
    [InlineData("0")]
    public void A_child_never_gets_self_care_without_the_note_that_the_checklist_is_for_adults(string age)
    {
        var result = Evaluate(("age", age));

        Assert.Contains(result.Matched, m => m.Rule.Id == "under-16" && m.Rule.Reason.Contains("written for adults", StringComparison.Ordinal));
    }

    public static TheoryData<string> QuestionIds => [.. RepoContent.Load().Checklist.Questions.Select(q => q.Id)];

    /// <summary>Each question is one short idea a person in pain can read: at most 30 words, one question mark, Flesch reading ease 70 or more.</summary>
    [Theory]
    [MemberData(nameof(QuestionIds))]
    public void Each_question_is_short_plain_and_asks_one_thing(string id)
    {
        var text = Checklist.QuestionsById[id].Text;
        var stats = Readability.Measure([text]);

        Assert.True(stats.Words <= 30, $"{id}: {stats.Words} words");
        Assert.Equal(1, text.Count(c => c == '?'));
        Assert.EndsWith("?", text, StringComparison.Ordinal);
        Assert.True(stats.ReadingEase >= 70, $"{id}: reading ease {stats.ReadingEase:F0}: {text}");
    }

    public static TheoryData<string, Urgency, string[]> Combinations => new()
    {
        { "saddle-numbness=not-sure", Urgency.Urgent, ["cauda-equina-saddle"] },
        { "spreading=not-sure", Urgency.Routine, ["spreading"] },
        { "minor-fall=not-sure age=70", Urgency.Urgent, ["possible-fracture", "after-minor-fall"] },
        { "sudden-severe=yes tearing=not-sure", Urgency.Urgent, ["sudden-severe", "aorta-sudden-tearing"] },
        { "fever=yes saddle-numbness=yes", Urgency.Emergency, ["cauda-equina-saddle", "fever"] },
        { "saddle-numbness=not-sure both-legs=yes", Urgency.Emergency, ["cauda-equina-both-legs", "cauda-equina-saddle"] },
        { "tearing=yes", Urgency.SelfCare, [] },
        { "pregnant=no pregnancy-signs=yes", Urgency.SelfCare, [] },
        { "pregnant=not-sure pregnancy-signs=yes", Urgency.Urgent, ["pregnancy-signs"] },
        { "age=49 minor-fall=yes", Urgency.Routine, ["after-minor-fall"] },
        { "age=50 minor-fall=yes", Urgency.Urgent, ["possible-fracture", "after-minor-fall"] },
        { "age=64 neck-injury=yes", Urgency.Urgent, ["neck-injury"] },
        { "age=65 neck-injury=yes", Urgency.Emergency, ["neck-injury-serious", "neck-injury"] },
        { "age=16", Urgency.SelfCare, [] },
        { "age=46 duration=over-3-months morning-stiffness=yes better-with-exercise=yes", Urgency.Routine, ["lasting-pain"] },
        { "age=45 duration=over-3-months morning-stiffness=yes", Urgency.Routine, ["lasting-pain"] },
        { "cold-sweat=not-sure", Urgency.Urgent, ["heart-cold-sweat"] },
        { "cold-sweat=not-sure breathless=not-sure", Urgency.Emergency, ["heart-several-signs", "heart-cold-sweat", "heart-or-lung-breathless"] },
        { "no-change=yes feel-sick=not-sure arm-or-neck=yes", Urgency.Emergency, ["heart-unchanged-with-arm-or-sickness", "heart-several-signs", "unchanged-pain"] },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Combinations_boundaries_and_unsure_answers(string answers, Urgency expected, string[] ruleIds)
    {
        var result = Evaluate(Parse(answers));

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
        Assert.Equal<string>(["moving-with-a-knot-and-recovery", "pain-relief-medicines", "sleep-work-and-back-knots", "when-to-see-a-clinician"], result.Articles);
    }

    [Theory]
    [InlineData("pregnant=yes pregnancy-signs=yes", "back-knots-in-pregnancy")]
    [InlineData("age=9", "back-pain-in-children-and-teenagers")]
    [InlineData("duration=6-weeks-to-3-months", "when-to-book-an-appointment")]
    [InlineData("sleep-or-daily-life=yes", "sleep-work-and-back-knots")]
    public void Results_link_the_articles_for_the_person(string answers, string slug)
    {
        Assert.Contains(slug, Evaluate(Parse(answers)).Articles);
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
            ("duration", "6-weeks-to-3-months", Urgency.Routine),
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
        answers["duration"] = "ages";
        answers["favourite-colour"] = "blue";

        var errors = ChecklistEngine.Validate(Checklist, answers, "mars");

        Assert.Equal<string>(["duration", "favourite-colour", "fever", "region"], errors.Select(e => e.QuestionId).Order());
    }

    [Theory]
    [InlineData("63", true)]
    [InlineData("0", true)]
    [InlineData("120", true)]
    [InlineData("007", true)]
    [InlineData("121", false)]
    [InlineData("-1", false)]
    [InlineData("+5", false)]
    [InlineData(" 63", false)]
    [InlineData("63 ", false)]
    [InlineData("6.5", false)]
    [InlineData("1e2", false)]
    [InlineData("sixty", false)]
    [InlineData("\u0666\u0663", false)]
    [InlineData("1000", false)]
    [InlineData("over-50", false)]
    public void Age_is_a_whole_number_of_years_from_0_to_120_in_digits(string age, bool valid)
    {
        var answers = Calm(("age", age)).ToDictionary(kv => kv.Key, kv => (string?)kv.Value);

        var errors = ChecklistEngine.Validate(Checklist, answers, "uk");

        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            var error = Assert.Single(errors);
            Assert.Equal("age", error.QuestionId);
            Assert.Contains("whole number from 0 to 120", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Skipped_questions_need_no_answer_and_count_as_no()
    {
        string[] skipped =
        [
            "pregnancy-signs", "pre-eclampsia", "tearing", "tummy-pain", "arm-or-neck", "feel-sick", "swollen-calf", "clot-risk",
            "light-hurts", "injury-tingling", "spine-tender", "new-headache", "morning-stiffness", "better-with-exercise",
            "buttock-pain", "arching-pain", "not-improving",
        ];
        var answers = Calm().ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        foreach (var id in skipped)
        {
            Assert.False(ChecklistEngine.IsAsked(Checklist, Checklist.QuestionsById[id], Calm()), id);
            answers.Remove(id);
        }

        Assert.Equal(skipped.Order(), Checklist.Questions.Where(q => q.AskIf is not null && !ChecklistEngine.IsAsked(Checklist, q, Calm())).Select(q => q.Id).Order());
        Assert.False(ChecklistEngine.IsAsked(Checklist, Checklist.QuestionsById["sex-numbness"], Calm(("age", "8"))));
        Assert.Empty(ChecklistEngine.Validate(Checklist, answers, "uk"));
        answers.Remove("pregnant");
        Assert.Equal<string>(["pre-eclampsia", "pregnancy-signs", "pregnant"], ChecklistEngine.Validate(Checklist, answers, "uk").Select(e => e.QuestionId).Order());
    }

    [Fact]
    public void Evaluate_refuses_invalid_answers()
    {
        var answers = Calm();
        answers.Remove("fever");

        Assert.Throws<ArgumentException>(() => ChecklistEngine.Evaluate(Checklist, answers, "uk"));
    }

    [Fact]
    public void An_emergency_answer_on_the_first_step_decides_the_outcome_at_once()
    {
        var progress = ChecklistEngine.Assess(Checklist, new Dictionary<string, string> { ["saddle-numbness"] = "yes" }, "uk");

        Assert.True(progress.Complete);
        Assert.Equal(Urgency.Emergency, progress.SoFar.Urgency);
        Assert.Empty(progress.Next);
    }

    [Fact]
    public void A_calm_first_step_asks_for_the_second_and_an_urgent_answer_still_goes_on()
    {
        var calmAnswers = Calm();
        var first = Checklist.InStep(Checklist.Steps[0].Id).ToDictionary(q => q.Id, q => calmAnswers[q.Id], StringComparer.Ordinal);

        var calm = ChecklistEngine.Assess(Checklist, first, "uk");
        Assert.False(calm.Complete);
        Assert.Equal(Urgency.SelfCare, calm.SoFar.Urgency);
        Assert.Equal(Checklist.InStep(Checklist.Steps[1].Id).Where(q => ChecklistEngine.IsAsked(Checklist, q, first)).Select(q => q.Id), calm.Next);
        Assert.Contains("spine-tender", calm.Next);
        Assert.DoesNotContain("new-headache", calm.Next);

        first["fever"] = "yes";
        var fever = ChecklistEngine.Assess(Checklist, first, "uk");
        Assert.False(fever.Complete);
        Assert.Equal(Urgency.Urgent, fever.SoFar.Urgency);
    }

    [Fact]
    public void Unanswered_gates_leave_their_questions_asked()
    {
        var progress = ChecklistEngine.Assess(Checklist, new Dictionary<string, string>(), "uk");

        Assert.False(progress.Complete);
        Assert.Equal(Checklist.InStep(Checklist.Steps[0].Id).Select(q => q.Id), progress.Next);
    }

    [Fact]
    public void A_full_set_of_answers_is_complete()
    {
        var progress = ChecklistEngine.Assess(Checklist, Calm(("duration", "6-weeks-to-3-months")), "uk");

        Assert.True(progress.Complete);
        Assert.Equal(Urgency.Routine, progress.SoFar.Urgency);
    }

    [Theory]
    [InlineData("spine-tender", new[] { "spine-tender", "minor-fall" }, "minor-fall=yes", "spine-tender=yes")]
    [InlineData("possible-fracture", new[] { "minor-fall", "age" }, "minor-fall=yes", "age=70")]
    [InlineData("cauda-equina-saddle", new[] { "saddle-numbness" }, "saddle-numbness=not-sure")]
    [InlineData("inflammatory-back-pain", new[] { "age", "duration", "morning-stiffness", "night-pain" }, "age=30", "duration=over-3-months", "morning-stiffness=yes", "night-pain=yes")]
    public void The_answers_behind_a_rule_are_the_ones_that_made_it_hold(string ruleId, string[] expected, params string[] changes)
    {
        var answers = Calm([.. changes.Select(c => (c.Split('=')[0], c.Split('=')[1]))]);
        var rule = Checklist.Rules.Single(r => r.Id == ruleId);
        Assert.Equal(expected, ChecklistEngine.TriggeringQuestions(Checklist, rule.When, answers));
    }
}
