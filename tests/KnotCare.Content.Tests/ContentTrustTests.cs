using System.Text.RegularExpressions;
using KnotCare.Content.Markdown;

namespace KnotCare.Content.Tests;

/// <summary>
/// Checks every published article and technique card against KnotCare's trust rules. Each file is its own test
/// case, so a failure names the file.
/// </summary>
public sealed partial class ContentTrustTests
{
    /// <summary>Flesch reading ease at or above this is plain English (roughly a reading age of 11 or under).</summary>
    public const double MinimumReadingEase = 60;

    /// <summary>The most words of body text an article may have, as the loader counts them (front matter and the In short box excluded).</summary>
    public const int MaximumArticleWords = 800;

    public static TheoryData<string> ArticleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var article in RepoContent.Load().Articles)
        {
            data.Add(article.SourcePath);
        }

        return data;
    }

    public static TheoryData<string> Files()
    {
        var snapshot = RepoContent.Load();
        var data = new TheoryData<string>();
        foreach (var item in snapshot.Articles.Cast<IReviewedContent>().Concat(snapshot.Techniques))
        {
            data.Add(item.SourcePath);
        }

        return data;
    }

    private static IReviewedContent Find(string path)
    {
        var snapshot = RepoContent.Load();
        return snapshot.Articles.Cast<IReviewedContent>().Concat(snapshot.Techniques).Single(c => c.SourcePath == path);
    }

    [Fact]
    public void There_are_at_least_12_articles_in_every_category_and_a_card_for_each_self_care_method()
    {
        var snapshot = RepoContent.Load();
        Assert.True(snapshot.Articles.Length >= 12);
        Assert.All(Category.All, c => Assert.NotEmpty(snapshot.InCategory(c.Id)));
        foreach (var slug in new[] { "ball-against-a-wall", "foam-roller", "heat", "cold", "doorway-stretch", "cat-cow", "childs-pose" })
        {
            Assert.Contains(snapshot.Techniques, t => t.Slug == slug);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Cites_at_least_two_sources_over_https(string path)
    {
        var item = Find(path);
        Assert.True(item.Sources.Length >= 2, $"{path}: {item.Sources.Length} sources");
        Assert.All(item.Sources, s =>
        {
            Assert.Equal("https", s.Url.Scheme);
            Assert.False(string.IsNullOrWhiteSpace(s.Title));
        });
        Assert.Equal(item.Sources.Length, item.Sources.Select(s => s.Url).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Review_dates_are_sane(string path)
    {
        var item = Find(path);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.True(item.LastReviewed <= today, $"{path}: lastReviewed {item.LastReviewed} is in the future");
        Assert.True(item.NextReview > item.LastReviewed, $"{path}: nextReview is not after lastReviewed");
        Assert.True(item.NextReview <= item.LastReviewed.AddMonths(24), $"{path}: reviews must be at most 2 years apart");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Is_written_in_plain_English(string path)
    {
        var item = Find(path);
        Assert.True(item.Body.ReadingEase >= MinimumReadingEase, $"{path}: Flesch reading ease {item.Body.ReadingEase:0.0} is under {MinimumReadingEase}; use shorter sentences and words");
    }

    [Theory]
    [MemberData(nameof(ArticleFiles))]
    public void Article_opens_with_an_In_short_box_of_one_to_three_plain_sentences(string path)
    {
        var article = RepoContent.Load().Articles.Single(a => a.SourcePath == path);
        Assert.InRange(article.InShort.Length, 1, Article.InShortMaximum);
        Assert.All(article.InShort, sentence =>
        {
            Assert.InRange(sentence.Length, 1, Article.InShortSentenceMaxLength);
            Assert.Equal(1, Readability.Measure([sentence]).Sentences);
        });
        var ease = Readability.Measure(article.InShort).ReadingEase;
        Assert.True(ease >= MinimumReadingEase, $"{path}: the In short box has a Flesch reading ease of {ease:0.0}, under {MinimumReadingEase}");
    }

    [Theory]
    [MemberData(nameof(ArticleFiles))]
    public void Article_body_is_at_most_800_words(string path)
    {
        var article = RepoContent.Load().Articles.Single(a => a.SourcePath == path);
        Assert.True(
            article.Body.WordCount <= MaximumArticleWords,
            $"{path}: {article.Body.WordCount} words of body text; the limit is {MaximumArticleWords}. Tighten it or split it into two articles.");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_image_has_alt_text_and_is_local(string path)
    {
        var html = Find(path).Body.Html;
        foreach (Match image in ImageTag().Matches(html))
        {
            var alt = AltAttribute().Match(image.Value);
            Assert.True(alt.Success && alt.Groups[1].Value.Trim().Length >= 10, $"{path}: image without meaningful alt text: {image.Value}");
            Assert.Contains("src=\"/images/", image.Value, StringComparison.Ordinal);
        }
    }

    /// <summary>An empty header cell leaves a screen reader with nothing to announce for that column (axe: empty-table-header).</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void Every_table_header_cell_has_text(string path)
    {
        foreach (Match header in HeaderCell().Matches(Find(path).Body.Html))
        {
            Assert.False(string.IsNullOrWhiteSpace(header.Groups[1].Value), $"{path}: a table has an empty header cell");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Internal_links_point_at_pages_that_exist(string path)
    {
        var snapshot = RepoContent.Load();
        var html = Find(path).Body.Html;
        foreach (Match link in InternalLink().Matches(html))
        {
            var target = link.Groups[1].Value.Split('#')[0];
            var ok = target is "/" or "/articles" or "/check" or "/plan" or "/search" or "/techniques"
                || (target.StartsWith("/articles/", StringComparison.Ordinal) && snapshot.FindArticle(target["/articles/".Length..]) is not null)
                || (target.StartsWith("/techniques/", StringComparison.Ordinal) && snapshot.Techniques.Any(t => t.Slug == target["/techniques/".Length..]));
            Assert.True(ok, $"{path}: dead internal link {link.Groups[1].Value}");
        }
    }

    [Fact]
    public void The_clinician_page_opens_with_the_emergency_numbers_and_the_emergency_signs()
    {
        var article = RepoContent.Load().FindArticle("when-to-see-a-clinician")!;
        Assert.StartsWith("Call 999 / 911 / 000 / 112 now if", article.Body.Headings[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Call 999 / 911 / 000 / 112 now if", article.Body.PlainText.TrimStart(), StringComparison.Ordinal);
        var emergencies = article.Body.PlainText[..article.Body.PlainText.IndexOf(article.Body.Headings[1].Text, StringComparison.Ordinal)];
        foreach (var sign in new[] { "cauda equina", "both", "chest pain", "between your shoulder blades", "cold sweat", "tearing", "clot in the lung", "coughing up blood", "stiff neck", "serious accident" })
        {
            Assert.Contains(sign, emergencies, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Self_care_articles_each_tell_the_reader_when_to_see_a_clinician()
    {
        foreach (var article in RepoContent.Load().Articles.Where(a => a.Category.Id is "self-care" or "causes" or "professional"))
        {
            Assert.True(article.Body.Html.Contains("callout-clinician", StringComparison.Ordinal), $"{article.SourcePath}: no 'see a clinician' callout");
        }
    }

    [GeneratedRegex("<img [^>]*>")]
    private static partial Regex ImageTag();

    [GeneratedRegex("alt=\"([^\"]*)\"")]
    private static partial Regex AltAttribute();

    [GeneratedRegex("<th(?:\\s[^>]*)?>(.*?)</th>", RegexOptions.Singleline)]
    private static partial Regex HeaderCell();

    [GeneratedRegex("href=\"(/[^\"]*)\"")]
    private static partial Regex InternalLink();
}
