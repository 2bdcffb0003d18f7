namespace KnotCare.Web.Tests;

public sealed class ForwardedHeadersTests(KestrelFixture server) : IClassFixture<KestrelFixture>
{
    [Fact]
    public async Task Behind_a_local_reverse_proxy_the_public_scheme_and_host_are_used()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/articles/faq", UriKind.Relative));
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "knotcare.example");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var response = await server.Client.SendAsync(request);
        var page = await response.ParseAsync();
        Assert.Equal("https://knotcare.example/articles/faq", page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Without_forwarded_headers_the_request_itself_is_used()
    {
        var page = await server.Client.GetDocumentAsync("/articles/faq");
        Assert.Equal($"http://{server.BaseAddress.Authority}/articles/faq", page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
    }
}
