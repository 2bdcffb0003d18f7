using System.Net;

namespace KnotCare.Web.Tests;

public sealed class SiteLinkTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    /// <summary>Follows every same-site link from the home page; every page and fragment must exist.</summary>
    [Fact]
    public async Task Crawling_from_home_finds_no_broken_links()
    {
        var client = factory.CreateClient();
        var queue = new Queue<string>(["/"]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { "/" };
        var broken = new List<string>();
        while (queue.Count > 0)
        {
            var url = queue.Dequeue();
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                broken.Add($"{url} -> {(int)response.StatusCode}");
                continue;
            }

            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var document = await response.ParseAsync();
            foreach (var href in document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                var hash = href.IndexOf('#', StringComparison.Ordinal);
                var path = hash >= 0 ? href[..hash] : href;
                if (hash >= 0 && path == url && document.GetElementById(href[(hash + 1)..]) is null)
                {
                    broken.Add($"{url}: no element for {href}");
                }

                if (seen.Add(path))
                {
                    queue.Enqueue(path);
                }
            }
        }

        Assert.True(broken.Count == 0, string.Join(Environment.NewLine, broken));
        Assert.True(seen.Count > factory.Content.Articles.Length, $"crawl reached only {seen.Count} pages");
    }
}
