using KnotCare.Content.Checklist;

namespace KnotCare.Content.Tests;

public sealed class ContentLoaderTests : IDisposable
{
    private readonly TestContent content = new();

    public void Dispose() => content.Dispose();

    [Fact]
    public void Valid_content_loads_front_matter_from_the_yaml_block()
    {
        var snapshot = content.Load();

        var alpha = snapshot.FindArticle("alpha")!;
        Assert.Equal("Alpha article", alpha.Title);
        Assert.Equal("The first test article.", alpha.Summary);
        Assert.Equal<string>(["Rest the knot and keep moving.", "Get help if it lasts two weeks."], alpha.InShort);
        Assert.Equal("basics", alpha.Category.Id);
        Assert.Equal(1, alpha.Order);
        Assert.Equal<string>(["trigger-points", "posture"], alpha.Tags);
        Assert.Equal<string>(["upper-back-neck"], alpha.Areas);
        Assert.Equal(new DateOnly(2026, 11, 20), alpha.LastReviewed);
        Assert.Equal(new DateOnly(2027, 11, 20), alpha.NextReview);
        Assert.Equal(2, alpha.Sources.Length);
        Assert.Equal(new Uri("https://example.org/one"), alpha.Sources[0].Url);
        Assert.Equal("content/articles/alpha.md", alpha.SourcePath);
        Assert.DoesNotContain("title:", alpha.Body.Html, StringComparison.Ordinal);
        Assert.Single(snapshot.Techniques);
        Assert.Equal(4, snapshot.Checklist.Rules.Length);
        Assert.Equal<string>(["alpha", "beta"], snapshot.Articles.Select(a => a.Slug));
    }

    [Fact]
    public void Technique_front_matter_is_read_with_its_vocabulary()
    {
        var ball = content.Load().Techniques.Single();

        Assert.Equal(TechniqueKind.Release, ball.Kind);
        Assert.Equal<string>(["ball"], ball.Equipment);
        Assert.Equal<string>(["desk-work"], ball.Causes);
        Assert.Equal(5, ball.Minutes);
        Assert.Equal("30-90 seconds", ball.Hold);
        Assert.Equal(EvidenceStrength.Limited, ball.Evidence);
        Assert.Equal("beta", ball.ArticleSlug);
    }

    public static TheoryData<string, string, string, string, int, string> ArticleErrors => new()
    {
        // description, file, old text, new text, expected line, expected message fragment
        { "unknown front-matter field", "articles/alpha.md", "order: 1\n", "order: 1\nauthor: Someone\n", 6, "unknown front-matter field 'author'" },
        { "missing title", "articles/alpha.md", "title: Alpha article\n", "", 2, "missing required field 'title'" },
        { "broken internal link", "articles/alpha.md", "(beta.md#second-part)", "(gamma.md)", 21, "broken link: there is no article 'gamma'" },
        { "link to a page the site does not have", "articles/alpha.md", "(/check)", "(/admin)", 21, "'/admin' is not a page of this site" },
        { "script link", "articles/alpha.md", "(/check)", "(javascript:alert(1))", 21, "is not allowed" },
        { "unknown category", "articles/alpha.md", "category: basics", "category: gossip", 4, "unknown category 'gossip'" },
        { "bad date", "articles/alpha.md", "lastReviewed: 2026-11-20", "lastReviewed: 20/11/2026", 8, "'lastReviewed' must be a date" },
        { "next review before last review", "articles/alpha.md", "nextReview: 2027-11-20", "nextReview: 2025-01-01", 9, "'nextReview' must be after 'lastReviewed'" },
        { "one source only", "articles/alpha.md", "  - title: \"Source two\"\n    url: https://example.org/two\n", "", 10, "at least 2 sources" },
        { "plain http source", "articles/alpha.md", "https://example.org/two", "http://example.org/two", 14, "must be an absolute https URL" },
        { "invalid YAML", "articles/alpha.md", "tags: [trigger-points, posture]", "tags: [trigger-points, posture", 6, "YAML is not valid" },
        { "unknown tag format", "articles/alpha.md", "tags: [trigger-points, posture]", "tags: [Trigger Points]", 6, "must be lowercase letters" },
        { "unknown body area", "articles/alpha.md", "areas: [upper-back-neck]", "areas: [knee]", 7, "unknown value 'knee' in 'areas'" },
        { "level-1 heading in the body", "articles/alpha.md", "## First part", "# First part", 19, "use ## headings" },
        { "unknown callout", "articles/alpha.md", ":::caution", ":::danger", 23, "unknown callout ':::danger'" },
        { "image without alt text", "articles/alpha.md", "Be careful.", "![](/images/x.svg)", 24, "every image needs alt text" },
        { "no front matter", "articles/beta.md", "---\ntitle: Beta article", "title: Beta article", 1, "missing YAML front matter" },
        { "no In short box", "articles/alpha.md", "inShort:\n  - Rest the knot and keep moving.\n  - Get help if it lasts two weeks.\n", "", 2, "missing required field 'inShort'" },
        { "In short box that is not a list", "articles/alpha.md", "inShort:\n  - Rest the knot and keep moving.\n  - Get help if it lasts two weeks.\n", "inShort: Rest the knot.\n", 15, "'inShort' must be a list of one to 3 plain sentences" },
        { "In short box with four sentences", "articles/alpha.md", "  - Get help if it lasts two weeks.\n", "  - Get help if it lasts two weeks.\n  - Sleep well.\n  - Drink water.\n", 19, "'inShort' has 4 sentences; the limit is 3" },
        { "In short sentence too long", "articles/alpha.md", "  - Rest the knot and keep moving.", "  - Rest the knot and keep moving" + string.Concat(Enumerable.Repeat(", gently", 17)) + ".", 16, "a sentence in 'inShort' is 166 characters long; the limit is 160" },
        { "In short item of two sentences", "articles/alpha.md", "  - Rest the knot and keep moving.", "  - Rest the knot. Keep moving.", 16, "must be one sentence ending in '.', '?' or '!'" },
        { "In short item without a full stop", "articles/alpha.md", "  - Get help if it lasts two weeks.", "  - Get help if it lasts two weeks", 17, "must be one sentence ending in '.', '?' or '!'" },
        { "technique names an unknown article", "techniques/ball.md", "article: beta", "article: nowhere", 14, "no article with that slug" },
        { "technique with unknown equipment", "techniques/ball.md", "equipment: [ball]", "equipment: [sofa]", 6, "unknown value 'sofa' in 'equipment'" },
        { "technique 'how often' ending in a full stop", "techniques/ball.md", "howOften: Twice a day", "howOften: Twice a day.", 9, "'howOften' must not end with a full stop" },
        { "technique 'hold' ending in a full stop", "techniques/ball.md", "hold: 30-90 seconds", "hold: 30-90 seconds.", 10, "'hold' must not end with a full stop" },
        { "technique with unknown kind", "techniques/ball.md", "kind: release", "kind: magic", 4, "unknown kind 'magic'" },
    };

    [Theory]
    [MemberData(nameof(ArticleErrors))]
    public void Each_content_error_names_the_file_and_line(string description, string file, string oldText, string newText, int line, string message)
    {
        content.Replace(file, oldText, newText);

        var ex = content.LoadFails();

        var error = Assert.Single(ex.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(error.File == "content/" + file, $"{description}: reported in {error.File}");
        Assert.True(error.Line == line, $"{description}: reported at line {error.Line}, expected {line}");
        Assert.Contains($"content/{file}({line}): ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_slug_in_a_subfolder_is_an_error()
    {
        content.Write("articles/more/alpha.md", TestContent.ArticleA);

        var ex = content.LoadFails();

        var error = Assert.Single(ex.Errors, e => e.Message.StartsWith("duplicate slug 'alpha'", StringComparison.Ordinal));
        Assert.Equal("content/articles/more/alpha.md", error.File);
    }

    [Fact]
    public void A_file_name_that_is_not_a_slug_is_an_error()
    {
        content.Write("articles/Bad Name.md", TestContent.ArticleB.Replace("Beta", "Other", StringComparison.Ordinal));

        var ex = content.LoadFails();

        Assert.Contains(ex.Errors, e => e.File == "content/articles/Bad Name.md" && e.Message.Contains("must be a slug", StringComparison.Ordinal));
    }

    [Fact]
    public void All_errors_are_reported_together()
    {
        content.Replace("articles/alpha.md", "title: Alpha article\n", "");
        content.Replace("articles/beta.md", "(alpha.md)", "(nowhere.md)");

        var ex = content.LoadFails();

        Assert.Contains(ex.Errors, e => e.File.EndsWith("alpha.md", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.File.EndsWith("beta.md", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_content_folder_is_an_error()
    {
        Directory.Delete(Path.Combine(content.Root, "techniques"), recursive: true);

        var ex = content.LoadFails();

        Assert.Contains(ex.Errors, e => e.Message.Contains("'techniques' folder is missing", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string, int, string> ChecklistErrors => new()
    {
        // file, old text, new text, expected line, message fragment
        { "rules.yaml", "      saddle-numbness: yes\n    reason: Numbness.", "      saddle-numbnes: yes\n    reason: Numbness.", 5, "unknown question id 'saddle-numbnes'" },
        { "rules.yaml", "urgency: emergency", "urgency: panic", 3, "unknown urgency 'panic'" },
        { "rules.yaml", "- age: over-50", "- age: over-60", 16, "'over-60' is not an option of question 'age'" },
        { "rules.yaml", "      saddle-numbness: yes\n    reason: Numbness.", "      saddle-numbness: no\n    reason: Numbness.", 5, "may only test 'yes'" },
        { "rules.yaml", "  - id: older", "  - id: saddle", 12, "duplicate rule id 'saddle'" },
        { "questions.yaml", "  - id: age", "  - id: saddle-numbness", 6, "duplicate question id 'saddle-numbness'" },
        { "questions.yaml", "    step: safety\n    type: choice", "    step: nowhere\n    type: choice", 7, "unknown step 'nowhere'" },
        { "checklist.yaml", "  self-care:\n", "  calm:\n", 30, "unknown levels field 'calm'" },
        { "rules.yaml", "articles: [alpha]", "articles: [nowhere]", 2, "links to unknown article 'nowhere'" },
        { "checklist.yaml", "\"Call {emergency} if worse.\"", "\"Call {emergncy} if worse.\"", 23, "may use only the placeholder {emergency}" },
        { "checklist.yaml", "\"Call {emergency} if worse.\"", "\"Call 999 if worse.\"", 23, "the 'urgent' safety net must tell the person to call {emergency}" },
        { "checklist.yaml", "safetyNet: [Book if no better., \"Call {emergency} if numb.\"]", "safetyNet: [Book if no better., \"Call {emergency} if numb.\"]\n    articles: [gamma]", 36, "level 'self-care' links to unknown article 'gamma'" },
        { "rules.yaml", "below: 16", "below: 200", 28, "'below' must be a whole number from 0 to 121" },
        { "rules.yaml", "below: 16", "above: 16", 28, "needs 'atLeast', 'below' or both" },
        { "rules.yaml", "        atLeast: 2", "        atLeast: 4", 38, "'atLeast' (4) is more than the 3 conditions listed" },
        { "questions.yaml", "    min: 0", "    min: 130", 19, "'max' (120) must be greater than 'min' (130)" },
        { "questions.yaml", "    type: number", "    type: numeric", 17, "unknown question type 'numeric'" },
        { "questions.yaml", "      gate: yes\n    text: Gated?", "      gated: yes\n    text: Gated?", 28, "depends on 'gated', which is itself skipped sometimes" },
        { "questions.yaml", "  - id: gate\n    step: safety\n    type: yes-no", "  - id: gate\n    step: safety\n    type: yes-no\n    min: 1", 24, "only number questions take 'min'" },
        { "rules.yaml", "  - id: saddle\n    urgency: emergency", "  - id: saddle\n    urgency: emergency\n    notSure: keep-level", 4, "'notSure: keep-level' needs a 'count' condition of at least 2" },
        { "rules.yaml", "  - id: pair\n    urgency: routine", "  - id: pair\n    urgency: routine\n    notSure: always", 36, "'notSure' may only be 'keep-level'" },
        { "cases.yaml", "    expect: urgent", "    expect: routine", 19, "clinical safety case 'child' (rule 'child') must give 'routine' but gives 'urgent'" },
        { "cases.yaml", "{years: \"10\"}", "{years: \"ten\"}", 21, "'ten' is not a valid answer to 'years'" },
        { "cases.yaml", "{years: \"10\"}", "{years: \"10\", mood: yes}", 21, "unknown question id 'mood'" },
        { "cases.yaml", "    rule: pair", "    rule: pear", 28, "names unknown rule 'pear'" },
        { "cases.yaml", "  - id: pair\n    reference: Gate and gated.\n    answers: {gate: yes, gated: yes}\n    expect: routine\n    rule: pair\n", "", 4, "rule 'pair' has no safety case" },
    };

    [Theory]
    [MemberData(nameof(ChecklistErrors))]
    public void Each_checklist_error_names_the_file_and_line(string file, string oldText, string newText, int line, string message)
    {
        content.Replace("checklist/" + file, oldText, newText);

        var ex = content.LoadFails();

        var error = Assert.Single(ex.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal("content/checklist/" + file, error.File);
        Assert.Equal(line, error.Line);
    }

    /// <summary>
    /// A content edit that weakens a red flag (its level lowered, or a condition added so it applies to fewer people)
    /// is refused at load: the safety case for it fails, naming the case and the rule, in cases.yaml.
    /// </summary>
    [Theory]
    [InlineData("urgency: emergency", "urgency: routine", "'emergency' but gives 'routine'")]
    [InlineData("      saddle-numbness: yes\n    reason: Numbness.", "      all:\n        - saddle-numbness: yes\n        - years: {below: 20}\n    reason: Numbness.", "'emergency' but gives 'self-care'")]
    public void Weakening_a_red_flag_rule_fails_its_safety_case(string oldText, string newText, string message)
    {
        content.Replace("checklist/rules.yaml", oldText, newText);

        var ex = content.LoadFails();

        var error = Assert.Single(ex.Errors, e => e.Message.Contains("case 'saddle' (rule 'saddle') must give " + message, StringComparison.Ordinal));
        Assert.Equal("content/checklist/cases.yaml", error.File);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void The_safety_cases_file_is_required()
    {
        content.Delete("checklist/cases.yaml");

        var error = Assert.Single(content.LoadFails().Errors);

        Assert.Equal("content/checklist/cases.yaml", error.File);
        Assert.Contains("required checklist file is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_checklist_version_changes_whenever_its_files_do()
    {
        var before = content.Load().Checklist.Version;
        Assert.Matches("^test-1\\+[0-9a-f]{7}$", before);
        Assert.Equal(before, content.Load().Checklist.Version);

        content.Replace("checklist/rules.yaml", "reason: Older.", "reason: Older people.");

        Assert.NotEqual(before, content.Load().Checklist.Version);
    }

    [Fact]
    public void Number_conditions_count_conditions_and_skipped_questions_load()
    {
        var checklist = content.Load().Checklist;

        Assert.Equal(new NumberRange(0, 120), checklist.QuestionsById["years"].Range);
        Assert.Equal(new NumberIs("years", null, 16), checklist.Rules.Single(r => r.Id == "child").When);
        var count = Assert.IsType<CountOf>(checklist.Rules.Single(r => r.Id == "pair").When);
        Assert.Equal(2, count.Count);
        var askIf = Assert.IsType<AnswerIs>(checklist.QuestionsById["gated"].AskIf);
        Assert.Equal("gate", askIf.QuestionId);
        Assert.Equal<string>(["yes"], askIf.Values);
        Assert.Equal(6, checklist.Cases.Length);
    }

    [Fact]
    public void A_question_no_rule_uses_is_an_error()
    {
        content.Replace("checklist/questions.yaml", "questions:\n", "questions:\n  - id: unused\n    step: safety\n    type: yes-no\n    text: Unused?\n");

        var ex = content.LoadFails();

        var error = Assert.Single(ex.Errors);
        Assert.Equal("content/checklist/questions.yaml", error.File);
        Assert.Equal(2, error.Line);
        Assert.Contains("question 'unused' is not used by any rule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conditions_nest_all_and_any()
    {
        var rule = content.Load().Checklist.Rules.Single(r => r.Id == "older");

        var all = Assert.IsType<AllOf>(rule.When);
        Assert.Equal<string>(["age", "saddle-numbness"], all.QuestionIds);
        Assert.IsType<AnyOf>(all.Conditions[1]);
    }
}
