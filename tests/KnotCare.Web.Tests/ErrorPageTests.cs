using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace KnotCare.Web.Tests;

public sealed class ErrorPageTests
{
    /// <summary>A clock that fails, so the article page throws while it renders.</summary>
    private sealed class BrokenClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("clock failure for the test");
    }

    [Fact]
    public async Task An_unexpected_failure_shows_the_friendly_error_page_with_emergency_advice_and_no_details()
    {
        using var factory = new KnotCareFactory([], services => services.AddSingleton<TimeProvider>(new BrokenClock()));
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/articles/faq?private=PRIVATE-QUERY-9", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = await response.ParseAsync();
        Assert.Equal("Sorry, something went wrong", page.QuerySelector("h1").Text());
        Assert.Contains("999", page.QuerySelector("aside.disclaimer").Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("clock failure", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);

        var logs = await factory.Logs.RenderedOnceAsync(l => l.Contains("clock failure for the test", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("clock failure for the test", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("PRIVATE-QUERY-9", StringComparison.Ordinal));
    }

    /// <summary>A missing page's own address is not a page, and neither is /status/404: no canonical link at all.</summary>
    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/articles/no-such-article")]
    [InlineData("/status/404")]
    public async Task A_page_not_found_has_no_canonical_link(string path)
    {
        using var factory = new KnotCareFactory();
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Page not found", page.QuerySelector("h1").Text());
        Assert.Null(page.QuerySelector("link[rel=canonical]"));
    }
}
