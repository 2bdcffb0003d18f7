using System.Collections.Immutable;
using KnotCare.Content;

namespace KnotCare.Web.Services;

public sealed record ArticleLink(string Title, string Url, string Summary);

public sealed record CategoryView(Category Category, ImmutableArray<ArticleLink> Articles);

public sealed record HomeView(ImmutableArray<CategoryView> Categories, ImmutableArray<AreaView> Areas);

public sealed record AreaView(string Id, string Name, ImmutableArray<ArticleLink> Articles);

public sealed record ArticleView(
    Article Article,
    bool ShowContents,
    bool ReviewOverdue,
    ImmutableArray<ArticleLink> Related,
    ArticleLink? Previous,
    ArticleLink? Next,
    ImmutableArray<TechniqueLink> Techniques);

/// <summary>Read-only queries over the current content snapshot, shaped for the pages.</summary>
public sealed class ArticleCatalog(ContentStore store, TimeProvider time)
{
    /// <summary>Articles with this many words or more get a contents list.</summary>
    public const int ContentsListMinimumWords = 400;

    public HomeView Home()
    {
        var snapshot = store.Current;
        return new HomeView(Categories(snapshot), [.. Vocabulary.Areas.Select(a => new AreaView(
            a.Id,
            a.Name,
            [.. snapshot.Articles.Where(x => x.Areas.Contains(a.Id) && x.Areas.Length < Vocabulary.Areas.Length).Select(Link)]))]);
    }

    public ImmutableArray<CategoryView> Categories() => Categories(store.Current);

    public ArticleView? Find(string slug)
    {
        var snapshot = store.Current;
        var article = snapshot.FindArticle(slug);
        if (article is null)
        {
            return null;
        }

        var siblings = snapshot.InCategory(article.Category.Id).ToList();
        var index = siblings.IndexOf(article);
        var related = snapshot.Articles
            .Where(a => a.Slug != article.Slug)
            .Select(a => (Article: a, Shared: a.Tags.Intersect(article.Tags).Count()))
            .Where(x => x.Shared > 0)
            .OrderByDescending(x => x.Shared)
            .ThenBy(x => x.Article.Title, StringComparer.Ordinal)
            .Take(4)
            .Select(x => Link(x.Article))
            .ToImmutableArray();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return new ArticleView(
            article,
            article.Body.WordCount >= ContentsListMinimumWords && article.Body.Headings.Length >= 3,
            article.NextReview < today,
            related,
            index > 0 ? Link(siblings[index - 1]) : null,
            index < siblings.Count - 1 ? Link(siblings[index + 1]) : null,
            [.. snapshot.Techniques.Where(t => t.ArticleSlug == article.Slug).OrderBy(t => t.Kind).ThenBy(t => t.Title, StringComparer.Ordinal).Select(TechniqueCatalog.Link)]);
    }

    private static ImmutableArray<CategoryView> Categories(ContentSnapshot snapshot) =>
        [.. Category.All
            .Select(c => new CategoryView(c, [.. snapshot.InCategory(c.Id).Select(Link)]))
            .Where(c => !c.Articles.IsEmpty)];

    private static ArticleLink Link(Article a) => new(a.Title, a.Url, a.Summary);
}
