using System.Net;
using AngleSharp.Html.Dom;

namespace KnotCare.Web.Tests;

public sealed class ArticlePagesTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    [Fact]
    public async Task Every_article_is_served_with_its_title_summary_sources_and_review_dates()
    {
        var client = factory.CreateClient();
        var articles = factory.Content.Articles;
        Assert.True(articles.Length >= 12, $"expected at least 12 articles, found {articles.Length}");

        foreach (var article in articles)
        {
            using var response = await client.GetAsync(new Uri(article.Url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{article.Url} returned {(int)response.StatusCode}");
            var document = await response.ParseAsync();
            Assert.Equal(article.Title, document.QuerySelector("h1").Text());
            Assert.Equal(article.Summary, document.QuerySelector("meta[name=description]")?.GetAttribute("content"));
            Assert.True(document.QuerySelectorAll(".sources li a[href^='https://']").Length >= 2, $"{article.Url}: fewer than 2 sources");
            Assert.Equal(2, document.QuerySelectorAll(".review-dates time").Length);
            Assert.NotNull(document.QuerySelector("nav.breadcrumb a[aria-current=page]"));
            Assert.NotEmpty(document.QuerySelectorAll(".prose p"));
        }
    }

    [Fact]
    public async Task Every_article_opens_with_its_In_short_box_before_the_text()
    {
        var client = factory.CreateClient();
        foreach (var article in factory.Content.Articles)
        {
            var document = await client.GetDocumentAsync(article.Url);
            var box = document.QuerySelector("article section.in-short");
            Assert.True(box is not null, $"{article.Url}: no In short box");
            var title = document.GetElementById(box.GetAttribute("aria-labelledby")!);
            Assert.Equal("In short", title?.Text());
            Assert.Equal(article.InShort, box.QuerySelectorAll("li").Select(li => li.Text()));
            var prose = document.QuerySelector("article .prose")!;
            Assert.True(
                box.CompareDocumentPosition(prose).HasFlag(AngleSharp.Dom.DocumentPositions.Following),
                $"{article.Url}: the In short box comes after the article text");
        }
    }

    [Fact]
    public async Task Articles_index_lists_every_article_under_its_category()
    {
        var client = factory.CreateClient();
        var document = await client.GetDocumentAsync("/articles");
        foreach (var article in factory.Content.Articles)
        {
            var link = document.QuerySelector($"#cat-{article.Category.Id}")?.ParentElement?.QuerySelector($"a[href='{article.Url}']");
            Assert.True(link is not null, $"{article.Url} is not listed under {article.Category.Name}");
        }
    }

    [Fact]
    public async Task Home_explains_the_site_lists_topics_and_links_prominently_to_the_checklist()
    {
        var client = factory.CreateClient();
        var document = await client.GetDocumentAsync("/");
        Assert.Contains("muscle knot", document.QuerySelector("h1").Text(), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(document.QuerySelector("main a.button[href='/check']"));
        Assert.True(document.QuerySelectorAll("main a[href^='/articles/']").Length >= 6);
    }

    [Fact]
    public async Task Long_articles_get_a_contents_list_whose_links_reach_headings()
    {
        var client = factory.CreateClient();
        var withContents = 0;
        foreach (var article in factory.Content.Articles)
        {
            var document = await client.GetDocumentAsync(article.Url);
            foreach (var link in document.QuerySelectorAll("nav.contents a"))
            {
                withContents++;
                var id = link.GetAttribute("href")!.TrimStart('#');
                Assert.True(document.GetElementById(id) is not null, $"{article.Url}: contents link #{id} has no target");
            }
        }

        Assert.True(withContents > 0, "no article showed a contents list");
    }

    [Fact]
    public async Task Every_page_carries_the_disclaimer_with_emergency_numbers()
    {
        var client = factory.CreateClient();
        foreach (var url in new[] { "/", "/articles", "/articles/faq", "/no-such-page" })
        {
            var document = await client.GetDocumentAsync(url);
            var disclaimer = document.QuerySelector("aside.disclaimer").Text();
            Assert.Contains("not a diagnosis", disclaimer, StringComparison.Ordinal);
            foreach (var number in new[] { "999", "911", "000", "112" })
            {
                Assert.Contains(number, disclaimer, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("/articles/no-such-article", "no such article")]
    [InlineData("/articles/Faq", "Faq")]
    [InlineData("/no-such-page/", "no such page")]
    [InlineData("/techniques/foam-rollr", "foam rollr")]
    [InlineData("/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "")]
    [InlineData("/wp-login.php", "")]
    [InlineData("/articles/--", "")]
    public async Task Unknown_pages_get_a_styled_404_with_a_search_for_the_missing_address(string url, string words)
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var document = await response.ParseAsync();
        Assert.Equal("Page not found", document.QuerySelector("h1").Text());
        Assert.NotNull(document.QuerySelector("link[rel=stylesheet]"));
        Assert.NotNull(document.QuerySelector("a[href='/check']"));
        var search = document.GetElementById("notfound-form");
        Assert.Equal("/search", search?.GetAttribute("action"));
        Assert.Equal(words, (document.GetElementById("notfound-q") as IHtmlInputElement)?.Value);
    }

    [Fact]
    public async Task Pages_make_no_third_party_requests()
    {
        var client = factory.CreateClient();
        foreach (var url in new[] { "/", "/articles", "/articles/where-knots-form-and-referred-pain" })
        {
            var document = await client.GetDocumentAsync(url);
            var fetched = document.QuerySelectorAll("script[src], link[href], img[src], iframe, object, embed, source[src]")
                .Where(e => !e.Matches("link[rel=canonical]"))
                .Select(e => e.GetAttribute("src") ?? e.GetAttribute("href") ?? "(embedded)");
            foreach (var target in fetched)
            {
                Assert.True(target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal), $"{url} fetches {target}");
            }
        }
    }

    [Fact]
    public async Task Every_image_loads_and_has_alt_text()
    {
        var client = factory.CreateClient();
        var images = 0;
        foreach (var article in factory.Content.Articles)
        {
            var document = await client.GetDocumentAsync(article.Url);
            foreach (var image in document.QuerySelectorAll("img").Cast<IHtmlImageElement>())
            {
                images++;
                Assert.False(string.IsNullOrWhiteSpace(image.AlternativeText), $"{article.Url}: image without alt text");
                using var response = await client.GetAsync(new Uri(image.GetAttribute("src")!, UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        Assert.True(images > 0, "expected the referred-pain article to carry a picture");
    }
}
