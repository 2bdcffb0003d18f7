namespace KnotCare.Web.Tests;

/// <summary>
/// What the app makes of a proxy's forwarded headers. With Site:BaseUrl empty, robots.txt names the sitemap on the
/// request's own scheme and host (so it is never stored by a shared cache: HttpCachingTests), which shows them here.
/// </summary>
public sealed class ForwardedHeadersTests(KestrelFixture server) : IClassFixture<KestrelFixture>
{
    private static string SitemapLine(string robots) =>
        robots.Split('\n').Single(l => l.StartsWith("Sitemap: ", StringComparison.Ordinal));

    [Fact]
    public async Task Behind_a_local_reverse_proxy_the_public_scheme_and_host_are_used()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/robots.txt", UriKind.Relative));
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "knotcare.example");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal("Sitemap: https://knotcare.example/sitemap.xml", SitemapLine(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Without_forwarded_headers_the_request_itself_is_used()
    {
        using var response = await server.Client.GetAsync(new Uri("/robots.txt", UriKind.Relative));
        Assert.Equal($"Sitemap: http://{server.BaseAddress.Authority}/sitemap.xml", SitemapLine(await response.Content.ReadAsStringAsync()));
    }
}
