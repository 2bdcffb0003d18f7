using AngleSharp.Dom;

namespace KnotCare.Web.Tests;

/// <summary>The drawn poses appear where the issue asks: technique pages, the plan, articles and the index.</summary>
public sealed class TechniquePicturesTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    [Fact]
    public async Task Every_technique_page_shows_each_pose_with_its_caption_title_and_alt_text()
    {
        var client = factory.CreateClient();
        foreach (var technique in factory.Content.Techniques)
        {
            var page = await client.GetDocumentAsync(technique.Url);
            var figures = page.QuerySelectorAll("article .pose-figures figure.pose-figure");
            Assert.True(figures.Length == technique.Pictures.Length, $"{technique.Url}: {figures.Length} figures for {technique.Pictures.Length} poses");
            for (var i = 0; i < figures.Length; i++)
            {
                var picture = technique.Pictures[i];
                AssertLabelled(figures[i].QuerySelector("svg"), picture.Alt, technique.Url);
                Assert.Equal(picture.Caption, figures[i].QuerySelector("figcaption")?.TextContent);
            }
        }
    }

    [Fact]
    public async Task Every_technique_in_a_plan_has_its_poses_drawn_small_beside_it()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync(
            "/plan?area=upper-back-neck&area=between-shoulder-blades&area=lower-back&equipment=foam-roller&equipment=ball&equipment=heat-pack&equipment=cold-pack&equipment=resistance-band&equipment=light-weight&minutes=30&cause=not-sure");
        var items = page.QuerySelectorAll("#plan .plan-item");
        Assert.True(items.Length >= 5, $"only {items.Length} techniques in the plan");
        foreach (var item in items)
        {
            var technique = factory.Content.Techniques.Single(t => t.Url == item.QuerySelector(".plan-item-title a")!.GetAttribute("href"));
            var pictures = item.QuerySelectorAll(".pose-figures-small svg");
            Assert.True(pictures.Length == technique.Pictures.Length, $"{technique.Slug}: {pictures.Length} pictures in the plan");
            for (var i = 0; i < pictures.Length; i++)
            {
                AssertLabelled(pictures[i], technique.Pictures[i].Alt, technique.Slug);
            }
        }
    }

    [Fact]
    public async Task An_article_lists_its_techniques_each_with_a_small_picture()
    {
        var client = factory.CreateClient();
        var byArticle = factory.Content.Techniques.GroupBy(t => t.ArticleSlug);
        foreach (var group in byArticle)
        {
            var page = await client.GetDocumentAsync("/articles/" + group.Key);
            var section = page.QuerySelector("section.technique-links");
            Assert.True(section is not null, $"/articles/{group.Key} has no list of techniques");
            foreach (var technique in group)
            {
                var link = section.QuerySelectorAll(".technique-link").SingleOrDefault(li => li.QuerySelector($"a[href='{technique.Url}']") is not null);
                Assert.True(link is not null, $"/articles/{group.Key} does not link {technique.Url}");
                AssertLabelled(link.QuerySelector(".pose-figures-small svg"), technique.Pictures[0].Alt, technique.Slug);
            }
        }

        var without = factory.Content.Articles.First(a => factory.Content.Techniques.All(t => t.ArticleSlug != a.Slug));
        Assert.Null((await client.GetDocumentAsync(without.Url)).QuerySelector("section.technique-links"));
    }

    [Fact]
    public async Task The_techniques_index_shows_a_small_picture_beside_every_technique()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/techniques");
        foreach (var technique in factory.Content.Techniques)
        {
            var item = page.QuerySelector($"a[href='{technique.Url}']")?.ParentElement;
            AssertLabelled(item?.QuerySelector(".pose-figures-small svg"), technique.Pictures[0].Alt, technique.Slug);
        }
    }

    private static void AssertLabelled(IElement? svg, string alt, string where)
    {
        Assert.True(svg is not null, $"{where}: no picture");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal(alt, svg.GetAttribute("aria-label"));
        Assert.Equal(alt, svg.QuerySelector("title")?.TextContent);
        Assert.Equal("currentColor", svg.QuerySelector("g")?.GetAttribute("stroke"));
        Assert.False(string.IsNullOrEmpty(svg.GetAttribute("viewBox")), $"{where}: no viewBox");
    }
}
