using System.Net;

namespace KnotCare.Web.Tests;

public sealed class StaticAssetTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    [Fact]
    public async Task The_stylesheet_is_fingerprinted_served_whole_and_compressed_for_browsers()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/");
        var href = page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        Assert.Matches(@"^/css/site\.[a-z0-9]+\.css$", href);

        using var response = await client.GetAsync(new Uri(href, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        var css = await response.Content.ReadAsStringAsync();
        Assert.Contains("prefers-color-scheme: dark", css, StringComparison.Ordinal);

        // Browsers ask for compressed files; the pre-compressed variant must be complete, not empty.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(href, UriKind.Relative));
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var compressed = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        var bytes = await compressed.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 500, $"compressed stylesheet has {bytes.Length} bytes");
    }

    /// <summary>
    /// A range request for the fingerprinted stylesheet gets exactly the bytes it asked for. In a build run (not a
    /// publish) the framework's static-asset hot-reload handler used to answer "206 bytes 0-9/N" with the whole file,
    /// which a client appends to what it has: a corrupt stylesheet. It also replaced the fingerprinted file's
    /// immutable caching with no-cache, and its catch-all route hid the 405 of the API.
    /// </summary>
    [Fact]
    public async Task A_range_request_for_the_fingerprinted_stylesheet_gets_only_that_range()
    {
        var client = factory.CreateClient();
        var href = (await client.GetDocumentAsync("/")).QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        var whole = await client.GetByteArrayAsync(new Uri(href, UriKind.Relative));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(href, UriKind.Relative));
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(10, 29);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes 10-29/{whole.Length}", response.Content.Headers.ContentRange?.ToString());
        var part = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(whole[10..30], part);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    /// <summary>Every page names its icon, so browsers do not ask for a missing /favicon.ico on each visit.</summary>
    [Theory]
    [InlineData("/")]
    [InlineData("/articles/what-is-a-muscle-knot")]
    [InlineData("/check")]
    [InlineData("/no-such-page")]
    public async Task Every_page_links_a_fingerprinted_icon_that_is_served(string path)
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync(path);
        var href = page.QuerySelector("link[rel=icon]")?.GetAttribute("href");
        Assert.NotNull(href);
        Assert.Matches(@"^/favicon\.[a-z0-9]+\.svg$", href);

        using var response = await client.GetAsync(new Uri(href, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
