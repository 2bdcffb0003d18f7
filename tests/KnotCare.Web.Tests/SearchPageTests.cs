using AngleSharp.Dom;
using KnotCare.Content.Checklist;

namespace KnotCare.Web.Tests;

/// <summary>The search page over HTTP, as a browser without JavaScript gets it: red-flag notices and no dead ends.</summary>
public sealed class SearchPageTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    /// <summary>Every emergency rule in the loaded content: its first phrase opens the page with the emergency notice.</summary>
    [Fact]
    public async Task A_phrase_of_each_emergency_rule_opens_the_page_with_the_emergency_notice()
    {
        var client = factory.CreateClient();
        var checklist = factory.Content.Checklist;
        var level = checklist.Levels[Urgency.Emergency];
        var rules = checklist.Rules.Where(r => r.Urgency == Urgency.Emergency).ToList();
        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            var phrase = factory.Content.Search.RedFlags.Single(f => f.RuleId == rule.Id).Phrases[0];
            var page = await client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(phrase));
            var notice = page.GetElementById("red-flag-notice");
            Assert.True(notice is not null, $"'{phrase}' ({rule.Id}) brought up no notice");
            Assert.Equal("emergency", notice.GetAttribute("data-urgency"));
            Assert.True(notice.QuerySelector($"[data-rule='{rule.Id}']") is not null, $"'{phrase}': the notice does not show {rule.Id}");
            Assert.Contains(rule.Reason, notice.TextContent, StringComparison.Ordinal);
            Assert.Equal("/check", notice.QuerySelector("#red-flag-check")?.GetAttribute("href"));

            // Before any result, and before the search form: the first thing after the page heading.
            Assert.Same(notice, page.QuerySelector("main h1")!.NextElementSibling);
            Assert.True(NotAfter(notice, page.QuerySelector(".search-hit")), $"'{phrase}': a result comes before the notice");

            // The emergency number first: the default region's action and a call link, then every other region's.
            Assert.Equal("United Kingdom: " + level.Actions["uk"].Action, notice.QuerySelector("#red-flag-action")!.TextContent.Trim());
            Assert.Equal("tel:999", notice.QuerySelector("#red-flag-call")?.GetAttribute("href"));
            var elsewhere = notice.QuerySelector(".red-flag-elsewhere")!.TextContent;
            Assert.All(new[] { "911", "000", "112" }, number => Assert.Contains(number, elsewhere, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_chosen_region_s_number_comes_first()
    {
        var page = await factory.CreateClient().GetDocumentAsync("/search?q=chest+pain&region=au");
        var notice = page.GetElementById("red-flag-notice")!;
        Assert.StartsWith("Australia: Call 000", notice.QuerySelector("#red-flag-action")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("tel:000", notice.QuerySelector("#red-flag-call")?.GetAttribute("href"));
        Assert.Contains("999", notice.QuerySelector(".red-flag-elsewhere")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_urgent_sign_gets_the_urgent_notice_without_an_emergency_call_button()
    {
        var page = await factory.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString("back pain and a fever"));
        var notice = page.GetElementById("red-flag-notice")!;
        Assert.Equal("urgent", notice.GetAttribute("data-urgency"));
        Assert.NotNull(notice.QuerySelector("[data-rule='fever']"));
        Assert.Null(notice.QuerySelector("#red-flag-call"));
        Assert.NotEmpty(page.QuerySelectorAll(".search-hit"));
    }

    [Fact]
    public async Task The_notice_comes_even_when_nothing_matched()
    {
        var page = await factory.CreateClient().GetDocumentAsync("/search?q=aortic");
        Assert.StartsWith("No results", page.QuerySelector("#results-title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("emergency", page.GetElementById("red-flag-notice")?.GetAttribute("data-urgency"));
    }

    [Theory]
    [InlineData("stretches")]
    [InlineData("pins and needles in my arm")]
    [InlineData("foam roller")]
    public async Task Everyday_searches_without_a_red_flag_get_no_notice(string query)
    {
        var page = await factory.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(query));
        Assert.Null(page.GetElementById("red-flag-notice"));
        Assert.NotEmpty(page.QuerySelectorAll(".search-hit"));
    }

    [Fact]
    public async Task No_results_suggest_the_checklist_and_the_topics()
    {
        var page = await factory.CreateClient().GetDocumentAsync("/search?q=zzqx");
        Assert.StartsWith("No results", page.QuerySelector("#results-title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/check", page.QuerySelector("#no-results-check a")?.GetAttribute("href"));
        var topics = page.QuerySelectorAll("#no-results-topics a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/articles#cat-self-care", topics);
        Assert.Contains("/areas/lower-back", topics);
        var client = factory.CreateClient();
        foreach (var topic in topics)
        {
            using var response = await client.GetAsync(new Uri(topic!.Split('#')[0], UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode, $"{topic} returned {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_misspelt_search_suggests_the_word_the_site_uses_and_shows_close_matches()
    {
        var page = await factory.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString("strechces"));
        var suggestion = page.QuerySelector("#did-you-mean a");
        Assert.NotNull(suggestion);
        Assert.Equal("stretches", suggestion.TextContent);
        Assert.Equal("/search?q=stretches", suggestion.GetAttribute("href"));
        Assert.NotEmpty(page.QuerySelectorAll("#close-matches .search-hit"));
        Assert.NotNull(page.QuerySelector("#no-results-check"));
    }

    [Fact]
    public async Task The_page_works_without_javascript()
    {
        var page = await factory.CreateClient().GetDocumentAsync("/search?q=chest+pain");
        Assert.Empty(page.QuerySelectorAll("main script, main [onclick], main [onsubmit]"));
        var form = page.GetElementById("search-form")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/search", form.GetAttribute("action"));
    }

    private static bool NotAfter(IElement first, IElement? second) =>
        second is null || first.CompareDocumentPosition(second).HasFlag(DocumentPositions.Following);
}
