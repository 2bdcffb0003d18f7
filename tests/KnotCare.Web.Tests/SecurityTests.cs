using System.Net;

namespace KnotCare.Web.Tests;

public sealed class SecurityTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/articles/faq")]
    [InlineData("/no-such-page")]
    public async Task Html_responses_carry_the_security_headers(string url)
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

        var csp = Header("Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
        Assert.Contains("camera=()", Header("Permissions-Policy"), StringComparison.Ordinal);
        Assert.Equal("DENY", Header("X-Frame-Options"));
    }

    [Theory]
    [InlineData("/articles/..%2F..%2Fappsettings.json")]
    [InlineData("/articles/..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/articles/%2e%2e%2f%2e%2e%2fREADME")]
    [InlineData("/articles/..%5C..%5Cappsettings")]
    [InlineData("/articles/faq.md")]
    [InlineData("/articles/%252e%252e%252fappsettings")]
    [InlineData("/content/articles/faq.md")]
    [InlineData("/appsettings.json")]
    [InlineData("/KnotCare.Web.dll")]
    [InlineData("/../appsettings.json")]
    [InlineData("/css/../../appsettings.json")]
    public async Task Traversal_and_source_paths_are_404_and_reveal_nothing(string url)
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"Serilog\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("lastReviewed:", body, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_check_reports_healthy()
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_logs_never_contain_query_strings()
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/articles/faq?symptom=numb-legs-secret", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logs = await factory.Logs.RenderedOnceAsync(l => l.Contains("/articles/faq", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("/articles/faq", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("numb-legs-secret", StringComparison.Ordinal));
    }
}
