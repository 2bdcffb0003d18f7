using System.Collections.Immutable;
using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace KnotCare.Content.Search;

/// <summary>One search result. <see cref="SnippetHtml"/> is HTML-encoded text with matches wrapped in &lt;mark&gt;.</summary>
public sealed record SearchHit(string Url, string Title, string Kind, string SnippetHtml, float Score);

/// <summary>The results for one query: the hits shown and how many matched.</summary>
public sealed record SearchResults(string Query, ImmutableArray<SearchHit> Hits, int TotalMatches);

/// <summary>
/// Full-text search over one content snapshot's articles and technique cards, with Lucene.Net's English analyzer
/// (Porter stemming and English stop words, so "stretches" finds "stretch"). Built in memory once per snapshot;
/// safe for concurrent searches.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    public const int MaxQueryLength = 200;
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private static readonly string[] Fields = ["title", "summary", "tags", "body"];
    private static readonly Dictionary<string, float> Boosts = new() { ["title"] = 4f, ["summary"] = 2f, ["tags"] = 2f, ["body"] = 1f };

    private readonly EnglishAnalyzer analyzer = new(Version);
    private readonly RAMDirectory directory = new();
    private readonly DirectoryReader reader;
    private readonly IndexSearcher searcher;

    public SearchIndex(ContentSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(Version, analyzer)))
        {
            foreach (var article in snapshot.Articles)
            {
                writer.AddDocument(Document(article.Url, article.Title, "Article", article.Summary, article.Tags, article.Body.PlainText));
            }

            foreach (var technique in snapshot.Techniques)
            {
                writer.AddDocument(Document(technique.Url, technique.Title, "Technique", technique.Summary, [], technique.Body.PlainText));
            }

            writer.Commit();
        }

        reader = DirectoryReader.Open(directory);
        searcher = new IndexSearcher(reader);
    }

    public SearchResults Search(string query, int limit = 20)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = query.Trim();
        if (text.Length > MaxQueryLength)
        {
            text = text[..MaxQueryLength];
        }

        if (text.Length == 0)
        {
            return new SearchResults(query, [], 0);
        }

        var parser = new MultiFieldQueryParser(Version, Fields, analyzer, Boosts) { DefaultOperator = Operator.OR };
        Query parsed;
        try
        {
            // The person's words are searched as words: Lucene's query syntax is escaped, never interpreted.
            parsed = parser.Parse(QueryParserBase.Escape(text));
        }
        catch (ParseException)
        {
            return new SearchResults(query, [], 0);
        }

        var top = searcher.Search(parsed, limit);
        var scorer = new QueryScorer(parsed);
        var highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new SimpleHTMLEncoder(), scorer)
        {
            TextFragmenter = new SimpleSpanFragmenter(scorer, 180),
        };
        var hits = top.ScoreDocs.Select(hit =>
        {
            var doc = searcher.Doc(hit.Doc);
            var body = doc.Get("body");
            var snippet = highlighter.GetBestFragments(analyzer.GetTokenStream("body", body), body, 2, " … ");
            if (string.IsNullOrEmpty(snippet) || !snippet.Contains("<mark>", StringComparison.Ordinal))
            {
                var summary = doc.Get("summary");
                snippet = highlighter.GetBestFragment(analyzer, "summary", summary) ?? System.Net.WebUtility.HtmlEncode(summary);
            }

            return new SearchHit(doc.Get("url"), doc.Get("title"), doc.Get("kind"), snippet, hit.Score);
        }).ToImmutableArray();
        return new SearchResults(query, hits, top.TotalHits);
    }

    public void Dispose()
    {
        reader.Dispose();
        directory.Dispose();
        analyzer.Dispose();
    }

    private static Document Document(string url, string title, string kind, string summary, IEnumerable<string> tags, string body) =>
    [
        new StringField("url", url, Field.Store.YES),
        new StringField("kind", kind, Field.Store.YES),
        new TextField("title", title, Field.Store.YES),
        new TextField("summary", summary, Field.Store.YES),
        new TextField("tags", string.Join(' ', tags.Select(t => t.Replace('-', ' '))), Field.Store.NO),
        new TextField("body", body, Field.Store.YES),
    ];
}
