using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnotCare.Web.Tests;

/// <summary>
/// What a shared cache (a CDN, nginx proxy_cache) in front of the app is told, header by header and page type by page
/// type: public pages may be kept by everyone; nothing personal or per-request is ever stored.
/// </summary>
public sealed class HttpCachingTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    private const string PublicCacheControl = "public, max-age=300, stale-while-revalidate=60";

    /// <summary>One of each kind of page built only from content (the plan with and without a choice).</summary>
    public static TheoryData<string> PublicPages() =>
    [
        "/", "/articles", "/articles/faq", "/techniques", "/techniques/{technique}", "/areas/lower-back",
        "/plan", "/plan?area=upper-back-neck&equipment=ball&minutes=10&cause=desk-work", "/openapi/v1.json",
    ];

    private string Resolve(string path) => path.Replace("{technique}", factory.Content.Techniques[0].Slug, StringComparison.Ordinal);

    private static HttpRequestMessage Get(string path, string? acceptEncoding = null, string? ifNoneMatch = null, string method = "GET")
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return request;
    }

    private static string CacheControl(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Cache-Control", out var values) ? string.Join(", ", values) : "";

    private static string Vary(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Vary", out var values) ? string.Join(", ", values) : "";

    /// <summary>The headers of a response no cache may keep: no-store and private, never public.</summary>
    private static void AssertNeverStored(HttpResponseMessage response, string what)
    {
        var cacheControl = CacheControl(response);
        Assert.True(
            cacheControl.Contains("no-store", StringComparison.Ordinal) && cacheControl.Contains("private", StringComparison.Ordinal)
                && !cacheControl.Contains("public", StringComparison.Ordinal),
            $"{what}: Cache-Control is '{cacheControl}', expected no-store, private");
        Assert.Null(response.Headers.Age);
    }

    [Theory]
    [MemberData(nameof(PublicPages))]
    public async Task A_public_page_may_be_kept_by_shared_caches_with_a_strong_etag_and_vary_accept_encoding_only(string page)
    {
        var client = factory.CreateClient();
        var path = Resolve(page);
        foreach (var encoding in new[] { null, "br", "gzip" })
        {
            // Twice: the second copy comes from the app's own output cache and must say the same.
            for (var i = 0; i < 2; i++)
            {
                using var response = await client.SendAsync(Get(path, encoding));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(PublicCacheControl, CacheControl(response));
                Assert.Equal("Accept-Encoding", Vary(response));
                var etag = response.Headers.ETag;
                Assert.NotNull(etag);
                Assert.False(etag.IsWeak, $"{path}: the ETag must be strong");
                Assert.StartsWith($"\"{factory.Content.Version}-", etag.Tag, StringComparison.Ordinal);
                Assert.False(response.Headers.Contains("Set-Cookie"), $"{path} sets a cookie");
                Assert.Null(response.Headers.Age);
                Assert.DoesNotContain("__RequestVerificationToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Each_encoding_of_a_page_has_its_own_etag_from_its_own_bytes()
    {
        var client = factory.CreateClient();
        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var encoding in new[] { "identity", "br", "gzip" })
        {
            using var response = await client.SendAsync(Get("/articles/what-is-a-muscle-knot", encoding));
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var expected = KnotCare.Web.Infrastructure.HttpCaching.ETagFor(factory.Content.Version, bytes).Tag.ToString();
            Assert.Equal(expected, response.Headers.ETag?.Tag);
            tags.Add(expected);
        }

        Assert.Equal(3, tags.Count);
    }

    [Fact]
    public async Task A_matching_if_none_match_gets_a_304_when_the_page_is_built_and_when_it_comes_from_the_apps_cache()
    {
        using var fresh = new KnotCareFactory();
        var client = fresh.CreateClient();
        const string path = "/articles/heat-or-cold";

        // HEAD has its own entry in the app's cache, so the GET below is built afresh: the 304 comes from the ETag step.
        using var head = await client.SendAsync(Get(path, method: "HEAD"));
        var tag = head.Headers.ETag!.Tag.ToString();
        using var built = await client.SendAsync(Get(path, ifNoneMatch: tag));
        Assert.Equal(HttpStatusCode.NotModified, built.StatusCode);
        Assert.Empty(await built.Content.ReadAsByteArrayAsync());
        Assert.Equal(tag, built.Headers.ETag?.Tag);
        Assert.Equal(PublicCacheControl, CacheControl(built));
        Assert.Equal("Accept-Encoding", Vary(built));

        using var full = await client.SendAsync(Get(path));
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(tag, full.Headers.ETag?.Tag);

        // Now from the app's output cache; a weak form of the tag and a list also match (If-None-Match compares weakly).
        foreach (var header in new[] { tag, "W/" + tag, "\"other\", " + tag })
        {
            using var cached = await client.SendAsync(Get(path, ifNoneMatch: header));
            Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
            Assert.Equal(tag, cached.Headers.ETag?.Tag);
            Assert.Equal(PublicCacheControl, CacheControl(cached));
            Assert.Equal("Accept-Encoding", Vary(cached));
        }

        using var other = await client.SendAsync(Get(path, ifNoneMatch: "\"" + fresh.Content.Version + "-0000000000000000\""));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.NotEmpty(await other.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Static_files_may_be_kept_by_shared_caches_with_the_frameworks_strong_etag()
    {
        var client = factory.CreateClient();
        var home = await client.GetDocumentAsync("/");
        var stylesheet = home.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        foreach (var path in new[] { stylesheet, "/favicon.svg", "/css/site.css" })
        {
            using var response = await client.SendAsync(Get(path, "gzip"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cacheControl = CacheControl(response);
            Assert.True(cacheControl == PublicCacheControl || cacheControl.Contains("immutable", StringComparison.Ordinal), $"{path}: Cache-Control '{cacheControl}'");
            Assert.False(response.Headers.ETag?.IsWeak ?? true, $"{path}: no strong ETag");
            Assert.Equal("Accept-Encoding", Vary(response));
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task A_page_served_from_the_apps_own_cache_is_as_fresh_for_a_downstream_cache_as_a_new_one()
    {
        using var fresh = new KnotCareFactory();
        var client = fresh.CreateClient();
        using var first = await client.SendAsync(Get("/articles/faq"));
        await Task.Delay(1100);
        using var second = await client.SendAsync(Get("/articles/faq"));
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Null(second.Headers.Age);
        Assert.Equal(PublicCacheControl, CacheControl(second));
    }

    [Fact]
    public async Task The_checklist_form_its_results_and_the_api_result_are_never_stored()
    {
        var client = factory.CreateClient();
        using var form = await client.GetAsync(new Uri("/check", UriKind.Relative));
        AssertNeverStored(form, "GET /check");

        // Whatever the form's steps are called: every POST form on the page, submitted as a browser would (token and
        // cookie included), once with every question answered and once with nothing answered.
        var page = await form.ParseAsync();
        var posts = page.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase))
            .SelectMany(f => Submissions(f, "/check"))
            .ToList();
        Assert.NotEmpty(posts);
        foreach (var (method, url, fields) in posts)
        {
            foreach (var sent in new[] { fields!, fields!.Where(f => !f.Key.StartsWith("answers", StringComparison.Ordinal)).ToList() })
            {
                using var posted = await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(sent));
                Assert.True((int)posted.StatusCode is 200 or 302 or 303, $"{method} {url}: {posted.StatusCode}");
                AssertNeverStored(posted, $"POST {url} ({sent.Count} fields)");
            }
        }

        var body = System.Text.Json.JsonSerializer.Serialize(new { answers = Forms.CalmAnswers(factory.Content.Checklist), region = "uk" });
        using var evaluated = await client.PostAsync(new Uri("/api/checklist/evaluate", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, evaluated.StatusCode);
        AssertNeverStored(evaluated, "POST /api/checklist/evaluate (200)");

        using var invalid = await client.PostAsync(new Uri("/api/checklist/evaluate", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        AssertNeverStored(invalid, "POST /api/checklist/evaluate (400)");
    }

    [Theory]
    [InlineData("/search?q=heat")]
    [InlineData("/search?q=what+is+a+knot")]
    [InlineData("/search")]
    [InlineData("/healthz")]
    [InlineData("/api/checklist")]
    [InlineData("/articles/no-such-article")]
    [InlineData("/status/404")]
    public async Task Per_request_pages_errors_and_health_are_never_stored(string path)
    {
        var client = factory.CreateClient();
        using var response = await client.SendAsync(Get(path, "br"));
        AssertNeverStored(response, path);
    }

    /// <summary>
    /// The guarantee is the pipeline's, not each page's: every page reachable from the home page by links and forms
    /// (forms submitted as a browser would, with their antiforgery token, every radio group answered with its first
    /// "no" or first option) is either public and impersonal, or no-store and private. Any response that sets a cookie,
    /// carries an antiforgery token or answers a POST is never stored, however the pages are arranged.
    /// </summary>
    [Fact]
    public async Task Every_response_reachable_by_links_and_forms_is_either_impersonal_and_public_or_never_stored()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(HttpMethod Method, string Url, List<KeyValuePair<string, string>>? Fields)>();
        queue.Enqueue((HttpMethod.Get, "/", null));
        int checkedCount = 0, privateCount = 0, posts = 0;
        while (queue.Count > 0 && checkedCount < 400)
        {
            var (method, url, fields) = queue.Dequeue();
            var key = method + " " + url + " " + (fields is null ? "" : string.Join("&", fields.Select(f => f.Key + "=" + f.Value)));
            if (!seen.Add(key))
            {
                continue;
            }

            using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
            if (fields is not null)
            {
                request.Content = new FormUrlEncodedContent(fields);
            }

            using var response = await client.SendAsync(request);
            checkedCount++;
            posts += method == HttpMethod.Post ? 1 : 0;
            var html = await response.Content.ReadAsStringAsync();
            var cacheControl = CacheControl(response);
            var personal = response.Headers.Contains("Set-Cookie") || html.Contains("__RequestVerificationToken", StringComparison.Ordinal) || method == HttpMethod.Post;
            if (personal || !cacheControl.StartsWith("public", StringComparison.Ordinal))
            {
                AssertNeverStored(response, $"{method} {url}");
                privateCount++;
            }
            else
            {
                Assert.Equal(PublicCacheControl, cacheControl);
                Assert.Equal("Accept-Encoding", Vary(response));
                Assert.False(response.Headers.ETag?.IsWeak ?? true, $"{url}: no strong ETag");
            }

            if (response.Content.Headers.ContentType?.MediaType != "text/html" || (int)response.StatusCode >= 400)
            {
                continue;
            }

            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
            var path = url.Split('?')[0];
            foreach (var link in document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal))
                {
                    queue.Enqueue((HttpMethod.Get, link.Split('#')[0], null));
                }
            }

            foreach (var form in document.QuerySelectorAll("form").OfType<IHtmlFormElement>())
            {
                foreach (var submission in Submissions(form, path))
                {
                    queue.Enqueue(submission);
                }
            }
        }

        Assert.True(checkedCount > 15, $"only {checkedCount} responses reached");
        Assert.True(posts > 0, "no form was posted");
        Assert.True(privateCount > posts, "the checklist form itself was not among the private responses");
    }

    /// <summary>What a browser sends for a form with each of its submit buttons: default values, every radio group answered.</summary>
    private static IEnumerable<(HttpMethod, string, List<KeyValuePair<string, string>>?)> Submissions(IHtmlFormElement form, string page)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = input.GetAttribute("name")!;
            switch (input)
            {
                case IHtmlInputElement { Type: "radio" } radio:
                    if (fields.Exists(f => f.Key == name))
                    {
                        break;
                    }

                    var group = form.QuerySelectorAll("input[type=radio]").OfType<IHtmlInputElement>().Where(r => r.Name == name).ToList();
                    var chosen = group.Find(r => r.IsDefaultChecked) ?? group.Find(r => r.Value == "no") ?? group[0];
                    fields.Add(new(name, chosen.Value));
                    break;
                case IHtmlInputElement { Type: "checkbox" } box:
                    if (box.IsDefaultChecked)
                    {
                        fields.Add(new(name, box.Value));
                    }

                    break;
                case IHtmlInputElement { Type: "submit" or "button" or "image" }:
                    break;
                case IHtmlInputElement text:
                    fields.Add(new(name, text.Type == "search" && string.IsNullOrEmpty(text.Value) ? "knot" : text.Value));
                    break;
                case IHtmlSelectElement select:
                    var option = select.Options.FirstOrDefault(o => o.IsDefaultSelected) ?? (select.Options.Length > 0 ? select.Options[0] : null);
                    if (option is not null)
                    {
                        fields.Add(new(name, option.Value));
                    }

                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
            }
        }

        var method = string.Equals(form.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase) ? HttpMethod.Post : HttpMethod.Get;
        var buttons = form.QuerySelectorAll("button, input[type=submit]").Where(b => b.GetAttribute("type") is null or "submit").ToList();
        if (buttons.Count == 0)
        {
            buttons.Add(form);
        }

        foreach (var button in buttons)
        {
            var action = button.GetAttribute("formaction") ?? form.GetAttribute("action");
            action = string.IsNullOrEmpty(action) ? page : action;
            var sent = new List<KeyValuePair<string, string>>(fields);
            if (button != form && button.GetAttribute("name") is { Length: > 0 } buttonName)
            {
                sent.Add(new(buttonName, button.GetAttribute("value") ?? ""));
            }

            if (method == HttpMethod.Get)
            {
                var query = string.Join("&", sent.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
                yield return (method, action.Split('?')[0] + (query.Length > 0 ? "?" + query : ""), null);
            }
            else
            {
                yield return (method, action, sent);
            }
        }
    }

    [Fact]
    public async Task Without_a_base_url_the_sitemap_feed_and_robots_hold_the_requests_host_so_no_cache_keeps_them()
    {
        var client = factory.CreateClient();
        foreach (var path in new[] { "/sitemap.xml", "/feed.atom", "/robots.txt" })
        {
            foreach (var host in new[] { "a.example", "b.example" })
            {
                using var request = Get(path);
                request.Headers.Host = host;
                using var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                AssertNeverStored(response, path);
                // Built for this request, not a copy kept for another host by the app's own cache.
                Assert.Contains($"http://{host}/", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task With_a_base_url_the_sitemap_feed_and_robots_are_public_and_never_use_the_host_header()
    {
        using var configured = new KnotCareFactory(new() { ["Site:BaseUrl"] = "https://knotcare.example" });
        var client = configured.CreateClient();
        foreach (var path in new[] { "/sitemap.xml", "/feed.atom", "/robots.txt", "/", "/articles/faq" })
        {
            using var request = Get(path);
            request.Headers.Host = "evil.example";
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(PublicCacheControl, CacheControl(response));
            Assert.Contains("https://knotcare.example/", body, StringComparison.Ordinal);
            Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cache_lifetimes_come_from_settings()
    {
        using var configured = new KnotCareFactory(new() { ["HttpCaching:MaxAgeSeconds"] = "5", ["HttpCaching:StaleWhileRevalidateSeconds"] = "0" });
        using var response = await configured.CreateClient().GetAsync(new Uri("/articles/faq", UriKind.Relative));
        Assert.Equal("public, max-age=5", CacheControl(response));
        Assert.Equal(5, configured.Services.GetRequiredService<IOptions<KnotCare.Web.Infrastructure.HttpCachingOptions>>().Value.MaxAgeSeconds);
    }

    [Theory]
    [InlineData("HttpCaching__MaxAgeSeconds", "-1", "HttpCaching:MaxAgeSeconds must be between 0 and 31536000.")]
    [InlineData("HttpCaching__StaleWhileRevalidateSeconds", "100000", "HttpCaching:StaleWhileRevalidateSeconds must be between 0 and 86400.")]
    public async Task The_real_process_refuses_an_invalid_cache_setting_with_a_clear_message(string name, string value, string message)
    {
        StartupTests.AssertRefusedToStart(await StartupTests.RunAppAsync(StartupTests.RepoContentRoot(), "http://127.0.0.1:0", (name, value)), message);
    }

    [Fact]
    public async Task A_content_change_gives_pages_a_new_etag_so_caches_fetch_the_new_page()
    {
        var root = StartupTests.CopyOfContentForTests();
        using var edited = new KnotCareFactory(new() { ["Content:Root"] = root, ["Content:DebounceMilliseconds"] = "100" });
        var client = edited.CreateClient();
        using var before = await client.SendAsync(Get("/articles/faq"));
        var tag = before.Headers.ETag!.Tag.ToString();

        var path = Path.Combine(root, "articles", "faq.md");
        var lines = File.ReadAllLines(path);
        var index = Array.FindIndex(lines, l => l.StartsWith("title:", StringComparison.Ordinal));
        lines[index] = "title: Updated questions";
        File.WriteAllLines(path, lines);

        HttpResponseMessage? after = null;
        for (var i = 0; i < 150 && after?.StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
            after?.Dispose();
            after = await client.SendAsync(Get("/articles/faq", ifNoneMatch: tag));
        }

        using (after)
        {
            Assert.Equal(HttpStatusCode.OK, after!.StatusCode);
            Assert.NotEqual(tag, after.Headers.ETag?.Tag.ToString());
            Assert.StartsWith($"\"{edited.Content.Version}-", after.Headers.ETag!.Tag.ToString(), StringComparison.Ordinal);
            Assert.Equal("Updated questions", (await after.ParseAsync()).QuerySelector("h1").Text());
        }
    }
}

/// <summary>Over real HTTP (Kestrel), where a client or a proxy chooses the Host and X-Forwarded-Host headers.</summary>
public sealed class HostHeaderCachingTests(KestrelFixture server) : IClassFixture<KestrelFixture>
{
    [Theory]
    [MemberData(nameof(HttpCachingTests.PublicPages), MemberType = typeof(HttpCachingTests))]
    [InlineData("/sitemap.xml")]
    [InlineData("/feed.atom")]
    [InlineData("/robots.txt")]
    public async Task Nothing_in_a_cacheable_response_comes_from_the_host_or_forwarded_host_header(string page)
    {
        var path = page.Replace("{technique}", server.Factory.Content.Techniques[0].Slug, StringComparison.Ordinal);
        foreach (var (header, value) in new[] { ("Host", "evil.example"), ("X-Forwarded-Host", "evil.example") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            if (header == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.Add(header, value);
                request.Headers.Add("X-Forwarded-Proto", "https");
            }

            using var response = await server.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var cacheControl = response.Headers.CacheControl;
            Assert.NotNull(cacheControl);
            if (body.Contains("evil.example", StringComparison.Ordinal))
            {
                Assert.True(cacheControl.NoStore && cacheControl.Private && !cacheControl.Public, $"{path} with {header}: {value} holds the host and is '{cacheControl}'");
            }
            else
            {
                Assert.True(cacheControl.Public || path is "/sitemap.xml" or "/feed.atom" or "/robots.txt", $"{path}: '{cacheControl}'");
            }

            if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                var document = await response.ParseAsync();
                Assert.Equal(path.Split('?')[0], document.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
            }
        }
    }
}
