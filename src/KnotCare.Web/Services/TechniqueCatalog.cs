using System.Collections.Immutable;
using KnotCare.Content;
using KnotCare.Content.Poses;

namespace KnotCare.Web.Services;

/// <summary>A link to a technique card, with its drawn key positions to show small beside it.</summary>
public sealed record TechniqueLink(string Title, string Url, string Summary, int Minutes, ImmutableArray<TechniquePicture> Pictures);

public sealed record TechniqueGroup(string Name, ImmutableArray<TechniqueLink> Techniques);

public sealed record TechniqueView(Technique Technique, ArticleLink Article, ImmutableArray<string> AreaNames, ImmutableArray<string> EquipmentNames, bool ReviewOverdue);

public sealed record AreaPageView(string Id, string Name, ImmutableArray<ArticleLink> Articles, ImmutableArray<TechniqueLink> Techniques);

/// <summary>Technique cards and body areas, shaped for the pages.</summary>
public sealed class TechniqueCatalog(ContentStore store, TimeProvider time)
{
    public static string GroupName(TechniqueKind kind) => kind switch
    {
        TechniqueKind.Release => "Self-massage",
        TechniqueKind.Stretch => "Stretches",
        TechniqueKind.Heat => "Warmth",
        TechniqueKind.Cold => "Cold",
        TechniqueKind.Strength => "Strength",
        _ => "Everyday habits",
    };

    /// <summary>What the strength of the evidence means for the reader, in plain words.</summary>
    public static string EvidenceText(EvidenceStrength evidence) => evidence switch
    {
        EvidenceStrength.Strong => "Strong: good studies show it helps.",
        EvidenceStrength.Moderate => "Moderate: several studies show it helps some people.",
        _ => "Limited: there is little research. It may help for a while; keep it up if it helps you.",
    };

    public ImmutableArray<TechniqueGroup> All() =>
        [.. store.Current.Techniques
            .GroupBy(t => t.Kind)
            .OrderBy(g => g.Key)
            .Select(g => new TechniqueGroup(GroupName(g.Key), [.. g.OrderBy(t => t.Title, StringComparer.Ordinal).Select(Link)]))];

    public TechniqueView? Find(string slug)
    {
        var snapshot = store.Current;
        var technique = snapshot.Techniques.FirstOrDefault(t => t.Slug == slug);
        if (technique is null)
        {
            return null;
        }

        var article = snapshot.FindArticle(technique.ArticleSlug)!;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return new TechniqueView(
            technique,
            new ArticleLink(article.Title, article.Url, article.Summary),
            [.. technique.Areas.Select(BodyAreas.DisplayName)],
            [.. technique.Equipment.Select(e => Vocabulary.NameOf(Vocabulary.Equipment, e))],
            technique.NextReview < today);
    }

    public AreaPageView? Area(string id)
    {
        if (!Vocabulary.AreaIds.Contains(id))
        {
            return null;
        }

        var snapshot = store.Current;
        return new AreaPageView(
            id,
            BodyAreas.DisplayName(id),
            [.. snapshot.Articles.Where(a => a.Areas.Contains(id)).Select(a => new ArticleLink(a.Title, a.Url, a.Summary))],
            [.. snapshot.Techniques.Where(t => t.Areas.Contains(id)).OrderBy(t => t.Kind).ThenBy(t => t.Title, StringComparer.Ordinal).Select(Link)]);
    }

    internal static TechniqueLink Link(Technique t) => new(t.Title, t.Url, t.Summary, t.Minutes, t.Pictures);
}
