using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using KnotCare.Content.Checklist;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace KnotCare.Content.Search;

/// <summary>One search result. <see cref="SnippetHtml"/> is HTML-encoded text with matches wrapped in &lt;mark&gt;.</summary>
public sealed record SearchHit(string Url, string Title, string Kind, string SnippetHtml, float Score);

/// <summary>
/// The results for one query: the hits shown and how many matched; the emergency and urgent rules whose everyday
/// phrases the query contains (most urgent first); and, when nothing matched, a corrected query and its results.
/// </summary>
public sealed record SearchResults(string Query, ImmutableArray<SearchHit> Hits, int TotalMatches)
{
    /// <summary>Red-flag rules the query describes, most urgent first, in the checklist's order within a level.</summary>
    public ImmutableArray<Rule> RedFlags { get; init; } = [];

    /// <summary>When nothing matched: the query with misspelt words replaced by close words the site uses.</summary>
    public string? DidYouMean { get; init; }

    /// <summary>When nothing matched: the results of <see cref="DidYouMean"/>.</summary>
    public ImmutableArray<SearchHit> CloseMatches { get; init; } = [];
}

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

    /// <summary>Query terms searched, at most: the 200-character limit allows about 40 words, and synonyms add some.</summary>
    public const int MaxQueryTerms = 64;

    /// <summary>Words of a query with no results that are looked up for close matches, at most (the first ones).</summary>
    public const int MaxCorrectedWords = 6;

    private const LuceneVersion Version = SearchAnalysis.Version;
    private const string OrdinalField = "ordinal";
    private static readonly (string Field, float Boost)[] Fields = [("title", 4f), ("summary", 2f), ("tags", 2f), ("body", 1f)];

    private readonly EnglishAnalyzer analyzer = new(Version);
    private readonly Analyzer queryAnalyzer;
    private readonly Analyzer? redFlagAnalyzer;
    private readonly FrozenDictionary<string, Rule> redFlagRules;
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

        queryAnalyzer = SearchAnalysis.QueryAnalyzer(BuildSynonyms(snapshot.Search.Synonyms));
        var rules = snapshot.Checklist.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var flagged = snapshot.Search.RedFlags.Where(f => rules.ContainsKey(f.RuleId) && !f.Phrases.IsEmpty).ToList();
        redFlagRules = flagged.ToFrozenDictionary(f => f.RuleId, f => rules[f.RuleId], StringComparer.Ordinal);
        if (flagged.Count > 0)
        {
            var builder = new SynonymMap.Builder(dedup: true);
            foreach (var flag in flagged)
            {
                foreach (var phrase in flag.Phrases)
                {
                    builder.Add(SearchAnalysis.Join(SearchAnalysis.RedFlagTerms(phrase)), new CharsRef(flag.RuleId), includeOrig: false);
                }
            }

            redFlagAnalyzer = SearchAnalysis.RedFlagAnalyzer(builder.Build());
        }
    }

    /// <summary>
    /// Lucene's synonym map from the synonym rules: each phrase people type maps to the stems of the site's words. A
    /// phrase of several words is replaced (it never searches for its own words one by one); a single word is kept.
    /// </summary>
    private static SynonymMap? BuildSynonyms(ImmutableArray<SynonymRule> rules)
    {
        if (rules.IsEmpty)
        {
            return null;
        }

        var builder = new SynonymMap.Builder(dedup: true);
        foreach (var rule in rules)
        {
            var outputs = rule.Means.SelectMany(m => SearchAnalysis.IndexTerms(m)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var words in rule.Words)
            {
                var input = SearchAnalysis.SynonymTerms(words);
                var keep = input.Length == 1;
                foreach (var output in outputs.Where(o => !(keep && o == input[0])))
                {
                    builder.Add(SearchAnalysis.Join(input), new CharsRef(output), includeOrig: keep);
                }
            }
        }

        return builder.Build();
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

        var redFlags = RedFlags(text);
        var groups = QueryGroups(text);
        var (hits, total) = Run(groups, limit);
        var results = new SearchResults(query, RedFlagPagesFirst(hits, redFlags), total) { RedFlags = redFlags };
        if (total > 0 || groups.Count == 0)
        {
            return results;
        }

        // Nothing matched: try the query with each word the site does not use replaced by the closest word it does.
        if (Corrected(text, groups) is not { } corrected)
        {
            return results;
        }

        var (close, _) = Run(corrected.Groups, limit);
        return close.IsEmpty ? results : results with { DidYouMean = corrected.Text, CloseMatches = close };
    }

    /// <summary>
    /// When the query names a red flag, the pages that explain it (the articles its rules link to, such as when to see a
    /// clinician) come first among the hits, so advice about the sign is never buried under pages that only share its
    /// words. The other hits keep their order.
    /// </summary>
    private static ImmutableArray<SearchHit> RedFlagPagesFirst(ImmutableArray<SearchHit> hits, ImmutableArray<Rule> redFlags)
    {
        if (redFlags.IsEmpty || hits.IsEmpty)
        {
            return hits;
        }

        var urls = redFlags.SelectMany(r => r.Articles).Select(slug => "/articles/" + slug).Distinct(StringComparer.Ordinal).ToList();
        var first = urls.Select(url => hits.FirstOrDefault(h => h.Url == url)).OfType<SearchHit>().ToList();
        return first.Count == 0 ? hits : [.. first, .. hits.Where(h => !first.Contains(h))];
    }

    /// <summary>The red-flag rules whose phrases the text contains, most urgent first.</summary>
    public ImmutableArray<Rule> RedFlags(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (redFlagAnalyzer is null || text.Length == 0)
        {
            return [];
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        using (var stream = redFlagAnalyzer.GetTokenStream("query", text.Length > MaxQueryLength ? text[..MaxQueryLength] : text))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var type = stream.AddAttribute<ITypeAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                if (type.Type == SynonymFilter.TYPE_SYNONYM)
                {
                    found.Add(term.ToString());
                }
            }

            stream.End();
        }

        return [.. redFlagRules.Values
            .Where(r => found.Contains(r.Id))
            .OrderByDescending(r => r.Urgency)
            .ThenBy(r => r.Line)];
    }

    /// <summary>
    /// The query's terms by position: each group holds a word's stem and the stems of what it means (or, for a phrase
    /// people use, only what it means), with the word's place in the query text. Repeated groups are searched once.
    /// </summary>
    private List<QueryGroup> QueryGroups(string text)
    {
        var groups = new List<QueryGroup>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        using var stream = queryAnalyzer.GetTokenStream("query", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var position = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        List<string>? current = null;
        var (start, end) = (0, 0);
        void Close()
        {
            if (current is not null && seen.Add(string.Join(' ', current.Order(StringComparer.Ordinal))))
            {
                groups.Add(new QueryGroup([.. current], start, end));
                count += current.Count;
            }
        }

        stream.Reset();
        while (stream.IncrementToken() && count < MaxQueryTerms)
        {
            var value = term.ToString();
            if (position.PositionIncrement > 0 || current is null)
            {
                Close();
                current = [value];
                (start, end) = (offset.StartOffset, offset.EndOffset);
            }
            else if (!current.Contains(value))
            {
                current.Add(value);
            }
        }

        Close();
        stream.End();
        return groups;
    }

    /// <summary>
    /// One clause per query position (any of its terms, in any field, with the field's weight), as Lucene's
    /// multi-field query parser built them; a group of synonyms counts as one word for scoring.
    /// </summary>
    private static BooleanQuery BuildQuery(IEnumerable<QueryGroup> groups)
    {
        var query = new BooleanQuery();
        foreach (var group in groups)
        {
            var any = new BooleanQuery(disableCoord: true);
            foreach (var text in group.Terms)
            {
                foreach (var (field, boost) in Fields)
                {
                    any.Add(new TermQuery(new Lucene.Net.Index.Term(field, text)) { Boost = boost }, Occur.SHOULD);
                }
            }

            query.Add(any, Occur.SHOULD);
        }

        return query;
    }

    private (ImmutableArray<SearchHit> Hits, int Total) Run(List<QueryGroup> groups, int limit)
    {
        if (groups.Count == 0)
        {
            return ([], 0);
        }

        var parsed = BuildQuery(groups);

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
        // One analyzer serves every field, and summaries are analysed as "body" (see Analyse): the query's terms are
        // the same in every field.
        var terms = TermIds(groups.SelectMany(g => g.Terms));
        var hits = found.Select(f =>
        {
            var snippet = Snippets.Build(f.Body, terms, fragments: 2)
                ?? Snippets.Build(f.Summary, terms, fragments: 1)
                ?? System.Net.WebUtility.HtmlEncode(f.Summary.Text);
            return new SearchHit(f.Url, f.Title, f.Kind, snippet, f.Score);
        }).ToImmutableArray();
        return (hits, top.TotalHits);
    }

    /// <summary>
    /// The query with every word no page contains replaced by the closest word pages do contain (Lucene's fuzzy
    /// terms: at most two edits, one for short words, the first letter kept), or null when no word could be replaced.
    /// The replacement is shown as the page writes it, taken from the text of a page that contains it.
    /// </summary>
    private (string Text, List<QueryGroup> Groups)? Corrected(string text, List<QueryGroup> groups)
    {
        var terms = MultiFields.GetTerms(reader, "body");
        if (terms is null)
        {
            return null;
        }

        var replaced = new List<(QueryGroup Group, string Stem, string Word)>();
        foreach (var group in groups.Take(MaxCorrectedWords))
        {
            var typed = text[group.Start..group.End];
            if (group.Terms.Length != 1 || typed.Length < 4 || typed.Any(char.IsDigit))
            {
                continue;
            }

            var edits = typed.Length < 6 ? 1 : 2;
            var attributes = new AttributeSource();
            var fuzzy = new FuzzyTermsEnum(terms, attributes, new Lucene.Net.Index.Term("body", group.Terms[0]), edits, prefixLength: 1, transpositions: true);
            var boost = fuzzy.Attributes.AddAttribute<IBoostAttribute>();
            (string Stem, float Boost, int DocFreq)? best = null;
            while (fuzzy.MoveNext())
            {
                var stem = fuzzy.Term.Utf8ToString();
                if (best is null || boost.Boost > best.Value.Boost || (boost.Boost == best.Value.Boost && fuzzy.DocFreq > best.Value.DocFreq))
                {
                    best = (stem, boost.Boost, fuzzy.DocFreq);
                }
            }

            if (best is { } b && SurfaceWord(b.Stem, typed) is { } word)
            {
                replaced.Add((group, b.Stem, word));
            }
        }

        if (replaced.Count == 0)
        {
            return null;
        }

        var corrected = text;
        foreach (var (group, _, word) in replaced.OrderByDescending(r => r.Group.Start))
        {
            corrected = string.Concat(corrected.AsSpan(0, group.Start), word, corrected.AsSpan(group.End));
        }

        var byGroup = replaced.ToDictionary(r => r.Group, r => r.Stem);
        return (corrected, [.. groups.Select(g => byGroup.TryGetValue(g, out var stem) ? g with { Terms = [stem] } : g)]);
    }

    /// <summary>
    /// The word, as a page writes it (lower-cased), whose stem is <paramref name="stem"/> and which is closest to what
    /// the person typed ("strechces" gives "stretches", not "stretching"), from the first few pages that have the stem.
    /// </summary>
    private string? SurfaceWord(string stem, string typed)
    {
        // The first documents with the term, straight from its postings (no scoring).
        var postings = MultiFields.GetTermDocsEnum(reader, null, "body", new BytesRef(stem));
        var texts = new List<AnalysedText>();
        while (postings is not null && texts.Count < 6 && postings.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
        {
            var page = pages[pageOfDoc[postings.DocID]];
            texts.Add(page.Body.Value);
            texts.Add(page.Summary.Value);
        }

        if (!termIds.TryGetValue(stem, out var id))
        {
            return null;
        }

        var lower = typed.ToLowerInvariant();
        return texts
            .SelectMany(text => text.Tokens.Where(t => t.Term == id).Select(t => text.Text[t.Start..t.End].ToLowerInvariant()))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(word => EditDistance(word, lower))
            .ThenBy(word => word, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions), for choosing between a stem's word forms.</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var row = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                row[j] = Math.Min(Math.Min(row[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, row) = (row, previous);
        }

        return previous[b.Length];
    }

    public void Dispose()
    {
        queryAnalyzer.Dispose();
        redFlagAnalyzer?.Dispose();
        reader.Dispose();
        directory.Dispose();
        analyzer.Dispose();
    }

    /// <summary>The ids of the query's terms (terms no analysed page contains are left out).</summary>
    private HashSet<int> TermIds(IEnumerable<string> terms)
    {
        var ids = new HashSet<int>();
        foreach (var term in terms)
        {
            if (termIds.TryGetValue(term, out var id))
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

    /// <summary>The terms searched for one word of the query, and where that word is in the query text.</summary>
    private sealed record QueryGroup(ImmutableArray<string> Terms, int Start, int End);

    private sealed record Page(string Url, string Title, string Kind, Lazy<AnalysedText> Summary, Lazy<AnalysedText> Body);
}
