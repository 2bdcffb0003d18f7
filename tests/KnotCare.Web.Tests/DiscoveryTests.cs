using System.Net;
using System.Xml.Linq;

namespace KnotCare.Web.Tests;

public sealed class DiscoveryTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    [Fact]
    public async Task Search_finds_stemmed_words_ranks_and_highlights()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/search?q=stretches");
        var hits = page.QuerySelectorAll(".search-hit").ToList();
        Assert.NotEmpty(hits);
        Assert.Contains(hits.Take(3), h => h.QuerySelector("a")!.GetAttribute("href") == "/articles/stretches-for-back-knots");
        Assert.NotEmpty(page.QuerySelectorAll(".snippet mark"));
        Assert.Equal("stretches", page.QuerySelector("#search-q")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("how long does a knot last", true)]
    [InlineData("magnesium", false)]
    public async Task Search_says_when_it_shows_only_the_best_matches(string query, bool cut)
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(query));
        var shown = page.QuerySelectorAll(".search-hit").Length;
        var total = int.Parse(page.QuerySelector("#results-title")!.TextContent.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(cut, shown < total);
        Assert.Equal(cut, page.QuerySelector("#results-shown") is not null);
        if (cut)
        {
            Assert.Contains($"Showing the {shown} best matches", page.QuerySelector("#results-shown")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_query_is_shown_escaped()
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sitemap_lists_every_article_and_technique_with_its_review_date()
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/sitemap.xml", UriKind.Relative));
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var urls = xml.Descendants(ns + "url").ToDictionary(u => u.Element(ns + "loc")!.Value, u => u.Element(ns + "lastmod")?.Value);
        foreach (var article in factory.Content.Articles)
        {
            Assert.Equal(article.LastReviewed.ToString("yyyy-MM-dd"), urls["http://localhost" + article.Url]);
        }

        Assert.Contains("http://localhost/techniques/cat-cow", urls.Keys);
        Assert.DoesNotContain(urls.Keys, u => u.Contains("/search", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Robots_points_at_the_sitemap_and_keeps_crawlers_out_of_the_api()
    {
        var client = factory.CreateClient();
        var robots = await client.GetStringAsync(new Uri("/robots.txt", UriKind.Relative));
        Assert.Contains("Sitemap: http://localhost/sitemap.xml", robots, StringComparison.Ordinal);
        Assert.Contains("Disallow: /api/", robots, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_atom_feed_has_every_article_newest_review_first()
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/feed.atom", UriKind.Relative));
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var entries = xml.Root!.Elements(atom + "entry").ToList();
        Assert.Equal(factory.Content.Articles.Length, entries.Count);
        var updated = entries.Select(e => DateTimeOffset.Parse(e.Element(atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(updated.OrderDescending(), updated);
        Assert.All(entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Element(atom + "summary")?.Value)));
    }

    [Fact]
    public async Task Pages_carry_a_canonical_link_without_query_and_a_meta_description_from_front_matter()
    {
        var client = factory.CreateClient();
        var article = factory.Content.FindArticle("heat-or-cold")!;
        var page = await client.GetDocumentAsync(article.Url + "?ref=x");
        // Relative without Site:BaseUrl: nothing on a cacheable page comes from the request's Host header.
        Assert.Equal(article.Url, page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        Assert.Equal(article.Summary, page.QuerySelector("meta[name=description]")?.GetAttribute("content"));
    }

    [Fact]
    public async Task A_configured_base_url_is_used_instead_of_the_request_host()
    {
        using var configured = new KnotCareFactory(new() { ["Site:BaseUrl"] = "https://knotcare.example/" });
        var client = configured.CreateClient();
        client.DefaultRequestHeaders.Host = "evil.example";
        var page = await client.GetDocumentAsync("/articles/faq");
        Assert.Equal("https://knotcare.example/articles/faq", page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
    }

    [Fact]
    public async Task The_body_map_links_each_area_to_its_articles_and_techniques_with_a_text_equivalent()
    {
        var client = factory.CreateClient();
        var home = await client.GetDocumentAsync("/");
        foreach (var area in new[] { "upper-back-neck", "between-shoulder-blades", "lower-back" })
        {
            Assert.NotNull(home.QuerySelector($"svg.back-picture a[href='/areas/{area}'][aria-label]"));
            Assert.NotNull(home.QuerySelector($"#area-list a[href='/areas/{area}']"));
            var page = await client.GetDocumentAsync("/areas/" + area);
            Assert.NotEmpty(page.QuerySelectorAll("section[aria-labelledby=area-articles] a"));
            Assert.NotEmpty(page.QuerySelectorAll("section[aria-labelledby=area-techniques] a"));
        }

        using var unknown = await client.GetAsync(new Uri("/areas/knees", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Every_technique_card_has_a_page_with_cautions_and_sources()
    {
        var client = factory.CreateClient();
        foreach (var technique in factory.Content.Techniques)
        {
            var page = await client.GetDocumentAsync("/techniques/" + technique.Slug);
            Assert.Equal(technique.Title, page.QuerySelector("h1").Text());
            Assert.Equal(technique.Cautions.Length, page.QuerySelectorAll(".callout-caution li").Length);
            Assert.True(page.QuerySelectorAll(".sources a[href^='https://']").Length >= 2);
            Assert.Equal(2, page.QuerySelectorAll(".review-dates time").Length);
            // The evidence is explained in words, starting with its level.
            var evidence = page.GetElementById("evidence").Text();
            Assert.StartsWith(technique.Evidence + ": ", evidence, StringComparison.Ordinal);
            Assert.True(evidence.Length > 30, evidence);
        }
    }

    [Fact]
    public async Task The_referred_pain_article_shows_the_picture()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/articles/where-knots-form-and-referred-pain");
        // Inline, so its labels are text in the page (in the page's colours); named by the Markdown's alt text.
        Assert.Null(page.QuerySelector(".prose img"));
        var diagram = page.QuerySelector(".prose svg.diagram[role=img]");
        Assert.NotNull(diagram);
        Assert.True(diagram!.GetAttribute("aria-label")!.Length > 40);
        Assert.Contains("rhomboids", diagram.TextContent, StringComparison.Ordinal);
        Assert.Empty(diagram.QuerySelectorAll("title, desc, style"));
        Assert.Null(diagram.GetAttribute("aria-labelledby"));

        // The file itself stays a complete picture for feed readers: titled, described and sized.
        using var file = await client.GetAsync(new Uri("/images/referred-pain.svg", UriKind.Relative));
        var svg = System.Xml.Linq.XElement.Parse(await file.Content.ReadAsStringAsync());
        Assert.NotNull(svg.Attribute("width"));
        Assert.NotNull(svg.Attribute("height"));
        Assert.Contains(svg.Elements(), e => e.Name.LocalName == "desc" && e.Value.Contains("inner edge of the shoulder blade", StringComparison.Ordinal));
    }
}
