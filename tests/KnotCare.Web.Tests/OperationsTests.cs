using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KnotCare.Web.Tests;

public sealed class OperationsTests
{
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, int seconds = 15)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static void SetTitle(string root, string slug, string title)
    {
        var path = Path.Combine(root, "articles", slug + ".md");
        var lines = File.ReadAllLines(path);
        var index = Array.FindIndex(lines, l => l.StartsWith("title:", StringComparison.Ordinal));
        lines[index] = "title: " + title;
        File.WriteAllLines(path, lines);
    }

    [Fact]
    public async Task A_content_change_on_disk_is_served_without_a_restart_and_replaces_cached_pages()
    {
        var root = StartupTests.CopyOfContentForTests();
        using var factory = new KnotCareFactory(new() { ["Content:Root"] = root, ["Content:DebounceMilliseconds"] = "100" });
        var client = factory.CreateClient();
        var before = await client.GetDocumentAsync("/articles/faq");
        var oldTitle = before.QuerySelector("h1").Text();

        SetTitle(root, "faq", "Questions people often ask (updated)");

        Assert.True(await EventuallyAsync(async () =>
            (await client.GetDocumentAsync("/articles/faq")).QuerySelector("h1").Text() == "Questions people often ask (updated)"),
            $"the page still shows '{oldTitle}'");
        Assert.Contains(factory.Content.Articles, a => a.Title == "Questions people often ask (updated)");
    }

    [Fact]
    public async Task A_broken_change_keeps_the_last_good_content_and_logs_file_and_line()
    {
        var root = StartupTests.CopyOfContentForTests();
        using var factory = new KnotCareFactory(new() { ["Content:Root"] = root, ["Content:DebounceMilliseconds"] = "100" });
        var client = factory.CreateClient();
        var version = factory.Content.Version;
        var title = (await client.GetDocumentAsync("/articles/faq")).QuerySelector("h1").Text();

        var path = Path.Combine(root, "articles", "faq.md");
        File.WriteAllText(path, File.ReadAllText(path).Replace("category: basics", "category: gossip", StringComparison.Ordinal));

        Assert.True(await EventuallyAsync(() => Task.FromResult(factory.Logs.Rendered().Any(l =>
            l.Contains("content/articles/faq.md", StringComparison.Ordinal) && l.Contains("unknown category 'gossip'", StringComparison.Ordinal)))),
            "the rejected reload was not logged with its file");
        Assert.Equal(version, factory.Content.Version);
        Assert.Equal(title, (await client.GetDocumentAsync("/articles/faq")).QuerySelector("h1").Text());
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Posts_are_rate_limited_with_a_429_that_explains_itself_and_gets_are_not()
    {
        using var factory = new KnotCareFactory(new() { ["RateLimiting:Enabled"] = "true", ["RateLimiting:PermitLimit"] = "2", ["RateLimiting:WindowSeconds"] = "600" });
        var client = factory.CreateClient();
        using var body = new StringContent("{}", Encoding.UTF8, "application/json");
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await client.PostAsync(new Uri("/api/checklist/evaluate", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, allowed.StatusCode);
        }

        using var limited = await client.PostAsync(new Uri("/api/checklist/evaluate", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("emergency", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var page = await client.GetDocumentAsync("/check");
        var (result, response) = await client.PostFormAsync(page, "checklist-form", Forms.CalmAnswers(factory.Content.Checklist).AsFormFields());
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("Too many requests", result.QuerySelector("h1").Text());

        for (var i = 0; i < 5; i++)
        {
            using var get = await client.GetAsync(new Uri("/articles/faq", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        }
    }

    [Fact]
    public async Task A_form_served_by_one_instance_posts_to_another_that_shares_the_key_directory()
    {
        var keys = Path.Combine(Path.GetTempPath(), "knotcare-keys", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["DataProtection:KeysDirectory"] = keys };
        using var a = new KnotCareFactory(settings);
        using var b = new KnotCareFactory(new(settings));
        var options = new WebApplicationFactoryClientOptions { HandleCookies = false };
        var clientA = a.CreateClient(options);
        var clientB = b.CreateClient(options);

        using var form = await clientA.GetAsync(new Uri("/check", UriKind.Relative));
        var cookie = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var page = await form.ParseAsync();
        var token = page.QuerySelector("#checklist-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/check?handler=Evaluate", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(Forms.CalmAnswers(a.Content.Checklist).AsFormFields().Append(new("__RequestVerificationToken", token))),
        };
        request.Headers.Add("Cookie", cookie);
        using var response = await clientB.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("self-care", (await response.ParseAsync()).GetElementById("care-card")?.GetAttribute("data-urgency"));
        Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));
    }

    /// <summary>
    /// A factory whose logs record each response the app's output cache serves. (That cache's Age header is not sent:
    /// it would make a CDN count a page's age from when the app first built it; see HttpCachingTests.)
    /// </summary>
    private static KnotCareFactory WithCacheLog() =>
        new(new() { ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore.OutputCaching"] = "Information" });

    private static int CacheHits(KnotCareFactory factory) =>
        factory.Logs.Rendered().Count(l => l.StartsWith("Serving response from cache.", StringComparison.Ordinal));

    [Fact]
    public async Task The_openapi_document_is_built_once_and_then_served_from_the_cache()
    {
        using var factory = WithCacheLog();
        var client = factory.CreateClient();
        using var first = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(0, CacheHits(factory));
        using var again = await client.GetAsync(new Uri("/openapi/v1.json?x=1", UriKind.Relative));
        var againBody = await again.Content.ReadAsStringAsync();
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(1, CacheHits(factory));
        Assert.Equal(firstBody, againBody);
        Assert.NotNull(again.Headers.GetValues("Content-Security-Policy").SingleOrDefault());
    }

    [Fact]
    public async Task Text_responses_are_compressed_for_clients_that_ask()
    {
        using var factory = new KnotCareFactory();
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/articles/faq", UriKind.Relative));
        request.Headers.AcceptEncoding.ParseAdd("br");
        using var response = await client.SendAsync(request);
        Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
    }

    [Fact]
    public async Task Cached_pages_keep_one_copy_per_encoding_and_never_send_an_encoding_the_client_did_not_ask_for()
    {
        using var factory = WithCacheLog();
        var client = factory.CreateClient();

        async Task<(string? Encoding, bool FromCache, byte[] Body)> GetAsync(string? acceptEncoding)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/articles/faq", UriKind.Relative));
            if (acceptEncoding is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
            }

            var hits = CacheHits(factory);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsByteArrayAsync();
            return (response.Content.Headers.ContentEncoding.SingleOrDefault(), CacheHits(factory) > hits, body);
        }

        var brotliFirst = await GetAsync("br");
        var brotliAgain = await GetAsync("br");
        var plain = await GetAsync(null);
        var gzip = await GetAsync("gzip");
        var plainAgain = await GetAsync(null);

        Assert.Equal(("br", false), (brotliFirst.Encoding, brotliFirst.FromCache));
        Assert.Equal(("br", true), (brotliAgain.Encoding, brotliAgain.FromCache));
        Assert.Equal(brotliFirst.Body, brotliAgain.Body);
        Assert.Null(plain.Encoding);
        Assert.Equal("gzip", gzip.Encoding);
        Assert.Equal((null, true), (plainAgain.Encoding, plainAgain.FromCache));
        Assert.Contains("<html", Encoding.UTF8.GetString(plain.Body), StringComparison.OrdinalIgnoreCase);
    }
}
