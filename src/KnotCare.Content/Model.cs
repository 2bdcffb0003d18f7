using System.Collections.Frozen;
using System.Collections.Immutable;
using KnotCare.Content.Checklist;
using KnotCare.Content.Poses;
using KnotCare.Content.Search;

namespace KnotCare.Content;

/// <summary>A public source an article or technique cites.</summary>
public sealed record Source(string Title, Uri Url);

/// <summary>A level-2 heading of an article, used for the contents list.</summary>
public sealed record Heading(string Id, string Text);

/// <summary>The body areas the site knows. Their ids appear in URLs and front matter.</summary>
public static class BodyAreas
{
    public const string UpperBackNeck = "upper-back-neck";
    public const string BetweenShoulderBlades = "between-shoulder-blades";
    public const string LowerBack = "lower-back";

    public static readonly ImmutableArray<string> All = [UpperBackNeck, BetweenShoulderBlades, LowerBack];

    public static string DisplayName(string id) => id switch
    {
        UpperBackNeck => "Neck and upper back",
        BetweenShoulderBlades => "Between the shoulder blades",
        LowerBack => "Lower back",
        _ => id,
    };
}

/// <summary>An article category, in the order the site lists them.</summary>
public sealed record Category(string Id, string Name, string Description)
{
    public static readonly ImmutableArray<Category> All =
    [
        new("basics", "The basics", "What a muscle knot is, where knots form and why pain can show up somewhere else."),
        new("causes", "Causes", "The everyday habits and strains that tend to cause knots."),
        new("self-care", "Self-care", "What you can safely do at home, and how much."),
        new("professional", "Professional help", "Treatments a trained professional can give, and what the evidence says."),
        new("prevention", "Prevention", "Habits that make knots less likely to come back."),
        new("see-a-clinician", "When to see a clinician", "Signs that your pain may not be a muscle knot."),
    ];

    public static readonly FrozenDictionary<string, Category> ById = All.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
}

/// <summary>Rendered text of a Markdown body: HTML made once at load, plus facts read from its syntax tree.</summary>
public sealed record RenderedBody(
    string Html,
    ImmutableArray<Heading> Headings,
    string PlainText,
    int WordCount,
    double ReadingEase);

/// <summary>Fields every reviewed piece of content carries.</summary>
public interface IReviewedContent
{
    string Slug { get; }
    string Title { get; }
    string SourcePath { get; }
    DateOnly LastReviewed { get; }
    DateOnly NextReview { get; }
    ImmutableArray<Source> Sources { get; }
    RenderedBody Body { get; }
}

/// <summary>
/// An article, immutable once loaded. <paramref name="InShort"/> is the "In short" box at the top of the page: one to
/// three plain sentences (what to do, how long, when to get help).
/// </summary>
public sealed record Article(
    string Slug,
    string Title,
    string Summary,
    ImmutableArray<string> InShort,
    Category Category,
    int Order,
    ImmutableArray<string> Tags,
    ImmutableArray<string> Areas,
    DateOnly LastReviewed,
    DateOnly NextReview,
    ImmutableArray<Source> Sources,
    RenderedBody Body,
    string SourcePath) : IReviewedContent
{
    /// <summary>The most sentences an "In short" box may hold.</summary>
    public const int InShortMaximum = 3;

    /// <summary>The longest sentence an "In short" box may hold, in characters.</summary>
    public const int InShortSentenceMaxLength = 160;

    public string Url => "/articles/" + Slug;
}

/// <summary>A self-care technique card, immutable once loaded.</summary>
public sealed record Technique(
    string Slug,
    string Title,
    string Summary,
    TechniqueKind Kind,
    ImmutableArray<string> Areas,
    ImmutableArray<string> Equipment,
    ImmutableArray<string> Causes,
    int Minutes,
    string HowOften,
    string? Hold,
    ImmutableArray<string> Cautions,
    EvidenceStrength Evidence,
    string ArticleSlug,
    DateOnly LastReviewed,
    DateOnly NextReview,
    ImmutableArray<Source> Sources,
    RenderedBody Body,
    string SourcePath,
    ImmutableArray<TechniquePicture> Pictures) : IReviewedContent
{
    public string Url => "/techniques/" + Slug;
}

public enum TechniqueKind
{
    Release,
    Stretch,
    Heat,
    Cold,
    Strength,
    Habit,
}

public enum EvidenceStrength
{
    Limited,
    Moderate,
    Strong,
}

/// <summary>Everything the site serves, loaded and validated together. Swapped whole on reload.</summary>
public sealed record ContentSnapshot(
    ImmutableArray<Article> Articles,
    FrozenDictionary<string, Article> ArticlesBySlug,
    ImmutableArray<Technique> Techniques,
    ChecklistDefinition Checklist,
    DateTimeOffset LoadedAt,
    string Version)
{
    /// <summary>Synonyms and red-flag phrases for search (content/search/synonyms.yaml, content/checklist/search-phrases.yaml).</summary>
    public SearchVocabulary Search { get; init; } = SearchVocabulary.Empty;

    public IEnumerable<Article> InCategory(string categoryId) =>
        Articles.Where(a => a.Category.Id == categoryId);

    public Article? FindArticle(string slug) =>
        ArticlesBySlug.TryGetValue(slug, out var article) ? article : null;
}
