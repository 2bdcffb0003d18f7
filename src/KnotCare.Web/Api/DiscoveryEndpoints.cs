using System.Globalization;
using System.Text;
using System.Xml;
using KnotCare.Content;
using KnotCare.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace KnotCare.Web.Api;

/// <summary>sitemap.xml, robots.txt and an Atom feed of articles, built from the current content snapshot.</summary>
public static class DiscoveryEndpoints
{
    private const string SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static IEndpointRouteBuilder MapDiscovery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sitemap.xml", (HttpRequest request, ContentStore store, IOptions<SiteOptions> site) =>
            Results.Text(Sitemap(store.Current, site.Value.BaseUrlFor(request)), "application/xml", Encoding.UTF8))
            .ExcludeFromDescription()
            .CacheOutput(OperationsExtensions.DiscoveryPolicy)
            .CacheInSharedCaches(requiresBaseUrl: true);
        app.MapGet("/robots.txt", (HttpRequest request, IOptions<SiteOptions> site) =>
            Results.Text(
                $"User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /search\nDisallow: /plan?\n\nSitemap: {site.Value.BaseUrlFor(request)}/sitemap.xml\n",
                "text/plain",
                Encoding.UTF8))
            .ExcludeFromDescription()
            .CacheOutput(OperationsExtensions.DiscoveryPolicy)
            .CacheInSharedCaches(requiresBaseUrl: true);
        app.MapGet("/feed.atom", (HttpRequest request, ContentStore store, IOptions<SiteOptions> site) =>
            Results.Text(Feed(store.Current, site.Value.BaseUrlFor(request)), "application/atom+xml", Encoding.UTF8))
            .ExcludeFromDescription()
            .CacheOutput(OperationsExtensions.DiscoveryPolicy)
            .CacheInSharedCaches(requiresBaseUrl: true);
        return app;
    }

    public static string Sitemap(ContentSnapshot snapshot, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var pages = new List<(string Path, DateOnly? Modified)>
        {
            ("/", null), ("/articles", null), ("/techniques", null), ("/check", null), ("/plan", null),
        };
        pages.AddRange(Vocabulary.Areas.Select(a => ("/areas/" + a.Id, (DateOnly?)null)));
        pages.AddRange(snapshot.Articles.Select(a => (a.Url, (DateOnly?)a.LastReviewed)));
        pages.AddRange(snapshot.Techniques.Select(t => (t.Url, (DateOnly?)t.LastReviewed)));

        return Write(writer =>
        {
            writer.WriteStartElement("urlset", SitemapNs);
            foreach (var (path, modified) in pages)
            {
                writer.WriteStartElement("url", SitemapNs);
                writer.WriteElementString("loc", SitemapNs, baseUrl + path);
                if (modified is { } date)
                {
                    writer.WriteElementString("lastmod", SitemapNs, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    public static string Feed(ContentSnapshot snapshot, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        static string Stamp(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
        var articles = snapshot.Articles.OrderByDescending(a => a.LastReviewed).ThenBy(a => a.Title, StringComparer.Ordinal).ToList();
        return Write(writer =>
        {
            writer.WriteStartElement("feed", AtomNs);
            writer.WriteElementString("title", AtomNs, "KnotCare articles");
            writer.WriteElementString("subtitle", AtomNs, "Self-care guidance for muscle knots in the back, and when to see a clinician.");
            writer.WriteElementString("id", AtomNs, baseUrl + "/feed.atom");
            writer.WriteElementString("updated", AtomNs, Stamp(articles.Select(a => a.LastReviewed).DefaultIfEmpty(DateOnly.MinValue).Max()));
            Link(writer, baseUrl + "/feed.atom", "self");
            Link(writer, baseUrl + "/", "alternate");
            writer.WriteStartElement("author", AtomNs);
            writer.WriteElementString("name", AtomNs, "KnotCare");
            writer.WriteEndElement();
            foreach (var article in articles)
            {
                writer.WriteStartElement("entry", AtomNs);
                writer.WriteElementString("title", AtomNs, article.Title);
                writer.WriteElementString("id", AtomNs, baseUrl + article.Url);
                writer.WriteElementString("updated", AtomNs, Stamp(article.LastReviewed));
                Link(writer, baseUrl + article.Url, "alternate");
                writer.WriteElementString("summary", AtomNs, article.Summary);
                writer.WriteStartElement("category", AtomNs);
                writer.WriteAttributeString("term", article.Category.Id);
                writer.WriteAttributeString("label", article.Category.Name);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    private static void Link(XmlWriter writer, string href, string rel)
    {
        writer.WriteStartElement("link", AtomNs);
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static string Write(Action<XmlWriter> body)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            writer.WriteStartDocument();
            body(writer);
            writer.WriteEndDocument();
        }

        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }
}
