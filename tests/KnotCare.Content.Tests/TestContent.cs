using KnotCare.Content;
using KnotCare.Content.Loading;
using KnotCare.Content.Markdown;

namespace KnotCare.Content.Tests;

/// <summary>
/// A small, valid content folder in a fresh temporary directory, so each test can break one thing and see the
/// error it causes. Disposed after the test.
/// </summary>
public sealed class TestContent : IDisposable
{
    public const string ArticleA = """
        ---
        title: Alpha article
        summary: The first test article.
        category: basics
        order: 1
        tags: [trigger-points, posture]
        areas: [upper-back-neck]
        lastReviewed: 2026-11-20
        nextReview: 2027-11-20
        sources:
          - title: "Source one"
            url: https://example.org/one
          - title: "Source two"
            url: https://example.org/two
        inShort:
          - Rest the knot and keep moving.
          - Get help if it lasts two weeks.
        ---
        ## First part

        This links to [the other article](beta.md#second-part) and to [the checklist](/check).

        :::caution
        Be careful.
        :::

        | Col | Other |
        |-----|-------|
        | a   | b     |
        """;

    public const string ArticleB = """
        ---
        title: Beta article
        summary: The second test article.
        category: self-care
        order: 1
        tags: [posture]
        lastReviewed: 2026-11-20
        nextReview: 2027-11-20
        sources:
          - title: "Source one"
            url: https://example.org/one
          - title: "Source two"
            url: https://example.org/two
        inShort:
          - Move a little every hour.
        ---
        ## Second part

        Back to [alpha](alpha.md).
        """;

    public const string Technique = """
        ---
        title: Ball against a wall
        summary: Press a ball into a knot.
        kind: release
        areas: [upper-back-neck]
        equipment: [ball]
        causes: [desk-work]
        minutes: 5
        howOften: Twice a day
        hold: 30-90 seconds
        cautions:
          - Stop if it hurts sharply.
        evidence: limited
        article: beta
        lastReviewed: 2026-11-20
        nextReview: 2027-11-20
        sources:
          - title: "Source one"
            url: https://example.org/one
          - title: "Source two"
            url: https://example.org/two
        poses:
          - caption: Ball between your back and the wall
            alt: Standing with the back to a wall, leaning on a ball.
            body:
              facing: right
              torso: -6
              arm: { shoulder: 6, elbow: 10 }
              leg: { hip: 15, knee: 25, ankle: 96 }
            equipment: [{ item: ball, at: upper-back }, wall]
        ---
        ## How to do it

        1. Lean on the ball.
        """;

    public const string Checklist = """
        version: "test-1"
        lastReviewed: 2026-11-20
        steps:
          - id: safety
            title: Safety
            intro: Safety first.
        regions:
          - id: uk
            name: United Kingdom
            emergencyNumber: "999"
        levels:
          emergency:
            heading: Emergency
            summary: Go now.
            actions:
              uk: { action: Call 999., phone: "999" }
            safetyNet: ["Call {emergency} again if worse."]
          urgent:
            heading: Urgent
            summary: Today.
            actions:
              uk: { action: Call 111. }
            safetyNet: ["Call {emergency} if worse."]
          routine:
            heading: Routine
            summary: Book.
            actions:
              uk: { action: Book. }
            safetyNet: [Sooner if worse., "Call {emergency} if numb."]
          self-care:
            heading: Self-care
            summary: Self-care.
            actions:
              uk: { action: Self-care. }
            safetyNet: [Book if no better., "Call {emergency} if numb."]
        """;

    public const string Questions = """
        questions:
          - id: saddle-numbness
            step: safety
            type: yes-no
            text: Numbness?
          - id: age
            step: safety
            type: choice
            text: Age?
            options:
              - value: under-50
                label: Under 50
              - value: over-50
                label: Over 50
          - id: years
            step: safety
            type: number
            min: 0
            max: 120
            text: Years?
          - id: gate
            step: safety
            type: yes-no
            text: Gate?
          - id: gated
            step: safety
            type: yes-no
            askIf:
              gate: yes
            text: Gated?
        """;

    public const string Rules = """
        rules:
          - id: saddle
            urgency: emergency
            when:
              saddle-numbness: yes
            reason: Numbness.
            advice: Go now.
            source:
              title: Source
              url: https://example.org/source
            articles: [alpha]
          - id: older
            urgency: routine
            when:
              all:
                - age: over-50
                - any:
                    - saddle-numbness: yes
            reason: Older.
            advice: Book.
            source:
              title: Source
              url: https://example.org/source
          - id: child
            urgency: urgent
            when:
              years:
                below: 16
            reason: Child.
            advice: Today.
            source:
              title: Source
              url: https://example.org/source
          - id: pair
            urgency: routine
            when:
              count:
                atLeast: 2
                of:
                  - gate: yes
                  - gated: yes
                  - saddle-numbness: yes
            reason: Pair.
            advice: Book.
            source:
              title: Source
              url: https://example.org/source
        """;

    public const string Cases = """
        defaults:
          age: under-50
          years: "30"
        cases:
          - id: saddle
            reference: Numbness in the saddle area.
            answers: {saddle-numbness: yes}
            expect: emergency
            rule: saddle
          - id: older-numb
            reference: Older and numb.
            answers: {saddle-numbness: yes, age: over-50}
            expect: emergency
            rule: older
          - id: calm
            reference: Nothing wrong.
            answers: {}
            expect: self-care
          - id: child
            reference: A child.
            answers: {years: "10"}
            expect: urgent
            rule: child
          - id: pair
            reference: Gate and gated.
            answers: {gate: yes, gated: yes}
            expect: routine
            rule: pair
          - id: gated-alone
            reference: Gated answered yes but not asked.
            answers: {gated: yes}
            expect: self-care
        """;

    public const string SearchPhrases = """
        saddle:
          - numb bum
        """;

    public TestContent()
    {
        Root = Path.Combine(Path.GetTempPath(), "knotcare-tests", Guid.NewGuid().ToString("N"), "content");
        Write("articles/alpha.md", ArticleA);
        Write("articles/beta.md", ArticleB);
        Write("techniques/ball.md", Technique);
        Write("checklist/checklist.yaml", Checklist);
        Write("checklist/questions.yaml", Questions);
        Write("checklist/rules.yaml", Rules);
        Write("checklist/cases.yaml", Cases);
        Write("checklist/search-phrases.yaml", SearchPhrases);
    }

    public string Root { get; }

    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
    }

    public void Replace(string relativePath, string oldText, string newText)
    {
        var path = Path.Combine(Root, relativePath);
        var text = File.ReadAllText(path);
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    public ContentSnapshot Load() => new ContentLoader(new MarkdownService()).Load(Root);

    public ContentValidationException LoadFails() => Assert.Throws<ContentValidationException>(Load);

    public void Dispose()
    {
        var top = Path.GetDirectoryName(Root)!;
        if (Directory.Exists(top))
        {
            Directory.Delete(top, recursive: true);
        }
    }
}

/// <summary>The repository's own content folder, found by walking up to KnotCare.sln.</summary>
public static class RepoContent
{
    public static string Root { get; } = Find();

    private static readonly Lazy<ContentSnapshot> Snapshot = new(() => new ContentLoader(new MarkdownService()).Load(Root));

    public static ContentSnapshot Load() => Snapshot.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KnotCare.sln")))
            {
                return Path.Combine(dir.FullName, "content");
            }
        }

        throw new InvalidOperationException("Could not find KnotCare.sln above " + AppContext.BaseDirectory);
    }
}
