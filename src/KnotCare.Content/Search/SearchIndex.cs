using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
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
/// <remarks>
/// Lucene ranks; it stores nothing but each page's position in <see cref="pages"/>. Snippets are cut from the page's
/// own text using its tokens (term, start, end), analysed the first time the page is among the results and then kept,
/// so a search does not re-analyse or decompress text. Lucene.Net's highlighters did one or the other for every hit
/// of every search: 13 ms of CPU for a five-word query on the default content, under 1 ms now (docs/performance.md).
/// </remarks>
public sealed class SearchIndex : IDisposable
{
    public const int MaxQueryLength = 200;

    /// <summary>Characters in one snippet fragment, at most (words are never cut).</summary>
    public const int FragmentChars = 180;

    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string OrdinalField = "ordinal";
    private static readonly string[] Fields = ["title", "summary", "tags", "body"];
    private static readonly Dictionary<string, float> Boosts = new() { ["title"] = 4f, ["summary"] = 2f, ["tags"] = 2f, ["body"] = 1f };

    private readonly EnglishAnalyzer analyzer = new(Version);
    private readonly RAMDirectory directory = new();
    private readonly DirectoryReader reader;
    private readonly IndexSearcher searcher;
    private readonly ImmutableArray<Page> pages;
    private readonly ImmutableArray<int> pageOfDoc;
    /// <summary>Ids of the terms of every page analysed so far; it only grows with pages' words, never with queries.</summary>
    private readonly ConcurrentDictionary<string, int> termIds = new(StringComparer.Ordinal);
    private int lastTermId = -1;

    public SearchIndex(ContentSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var built = ImmutableArray.CreateBuilder<Page>(snapshot.Articles.Length + snapshot.Techniques.Length);
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(Version, analyzer)))
        {
            void Add(string url, string title, string kind, string summary, IEnumerable<string> tags, string body)
            {
                var ordinal = built.Count;
                built.Add(new Page(url, title, kind, Later(summary), Later(body)));
                writer.AddDocument(
                [
                    new NumericDocValuesField(OrdinalField, ordinal),
                    new TextField("title", title, Field.Store.NO),
                    new TextField("summary", summary, Field.Store.NO),
                    new TextField("tags", string.Join(' ', tags.Select(t => t.Replace('-', ' '))), Field.Store.NO),
                    new TextField("body", body, Field.Store.NO),
                ]);
            }

            foreach (var article in snapshot.Articles)
            {
                Add(article.Url, article.Title, "Article", article.Summary, article.Tags, article.Body.PlainText);
            }

            foreach (var technique in snapshot.Techniques)
            {
                Add(technique.Url, technique.Title, "Technique", technique.Summary, [], technique.Body.PlainText);
            }

            writer.Commit();
        }

        pages = built.MoveToImmutable();
        reader = DirectoryReader.Open(directory);
        searcher = new IndexSearcher(reader);

        // Lucene's document numbers follow segments and merges, not the order documents were added: map them once.
        var ordinals = MultiDocValues.GetNumericValues(reader, OrdinalField);
        var map = new int[reader.MaxDoc];
        for (var doc = 0; doc < map.Length; doc++)
        {
            map[doc] = (int)ordinals.Get(doc);
        }

        pageOfDoc = ImmutableCollectionsMarshal.AsImmutableArray(map);
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

        // Collected in document order: Lucene then scores OR queries with BooleanScorer2 instead of BooleanScorer,
        // whose 2,048-bucket table was allocated afresh for every clause of every search (about 0.9 MB and 1.2 ms
        // for a five-word query here, against 0.2 MB and 0.2 ms). Same hits in the same order.
        var collector = TopScoreDocCollector.Create(limit, docsScoredInOrder: true);
        searcher.Search(parsed, collector);
        var top = collector.GetTopDocs();
        // Analyse the hits not analysed yet first (ToList): their words must be in the term table before the query's
        // terms are looked up in it.
        var found = top.ScoreDocs.Select(hit =>
        {
            var page = pages[pageOfDoc[hit.Doc]];
            return (page.Url, page.Title, page.Kind, hit.Score, Body: page.Body.Value, Summary: page.Summary.Value);
        }).ToList();
        var queryTerms = new HashSet<Lucene.Net.Index.Term>();
        parsed.ExtractTerms(queryTerms);
        // One analyzer serves every field, and summaries are analysed as "body" (see Analyse): the body clauses' terms
        // are the query's terms for both.
        var terms = TermIds(queryTerms, "body");
        var hits = found.Select(f =>
        {
            var snippet = Snippets.Build(f.Body, terms, fragments: 2)
                ?? Snippets.Build(f.Summary, terms, fragments: 1)
                ?? System.Net.WebUtility.HtmlEncode(f.Summary.Text);
            return new SearchHit(f.Url, f.Title, f.Kind, snippet, f.Score);
        }).ToImmutableArray();
        return new SearchResults(query, hits, top.TotalHits);
    }

    public void Dispose()
    {
        reader.Dispose();
        directory.Dispose();
        analyzer.Dispose();
    }

    /// <summary>The ids of the query's terms in one field (terms no analysed page contains are left out).</summary>
    private HashSet<int> TermIds(HashSet<Lucene.Net.Index.Term> terms, string field)
    {
        var ids = new HashSet<int>();
        foreach (var term in terms)
        {
            if (term.Field == field && termIds.TryGetValue(term.Text, out var id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>The text's tokens, analysed on first use by one thread while any others wait for it.</summary>
    private Lazy<AnalysedText> Later(string text) => new(() => Analyse(text), LazyThreadSafetyMode.ExecutionAndPublication);

    private AnalysedText Analyse(string text)
    {
        var tokens = ImmutableArray.CreateBuilder<TextToken>();
        using var stream = analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            // A race may spend an id on a term another thread added first; ids only need to be unique.
            var id = termIds.GetOrAdd(term.ToString(), static (_, index) => index.Next(), this);
            tokens.Add(new TextToken(id, offset.StartOffset, offset.EndOffset));
        }

        stream.End();
        return new AnalysedText(text, tokens.ToImmutable());
    }

    private int Next() => Interlocked.Increment(ref lastTermId);

    private sealed record Page(string Url, string Title, string Kind, Lazy<AnalysedText> Summary, Lazy<AnalysedText> Body);
}
