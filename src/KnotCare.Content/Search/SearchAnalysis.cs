using System.Collections.Immutable;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace KnotCare.Content.Search;

/// <summary>
/// The analysis chains of search, all built from the steps of Lucene.Net's <see cref="EnglishAnalyzer"/> (standard
/// tokenizer, possessives, lower case, English stop words, Porter stemming) so that every chain yields the terms the
/// index holds.
/// </summary>
/// <remarks>
/// Queries are stemmed before synonyms are matched, so "trapped nerves" matches the phrase "trapped nerve", and stop
/// words are removed only after that, so phrases such as "pins and needles" keep their small words. The stop set on
/// that side is the stemmed English stop set (stemming "this" gives "thi").
/// </remarks>
public static class SearchAnalysis
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Words dropped before red-flag phrases are matched, besides English stop words: "pain in my chest" is "pain chest".</summary>
    private static readonly string[] Fillers = ["my", "me", "i", "i'm", "im", "am", "have", "has", "had", "got", "getting", "very", "really", "so", "just", "bit", "little"];

    private static readonly CharArraySet StemmedStops = Stemmed(EnglishAnalyzer.DefaultStopSet);

    private static readonly CharArraySet RedFlagStops = RedFlagStopSet();

    /// <summary>The phrase as the stemmed terms synonyms are matched on (stop words kept).</summary>
    public static ImmutableArray<string> SynonymTerms(string phrase) => Terms(phrase, static reader => Stem(Surface(reader)));

    /// <summary>The phrase as the terms red-flag phrases are matched on (stop words and fillers dropped, stemmed).</summary>
    public static ImmutableArray<string> RedFlagTerms(string phrase) =>
        Terms(phrase, static reader => Stem(new StopFilter(Version, Surface(reader), RedFlagStops)));

    /// <summary>The phrase as the index's terms (stop words dropped, stemmed), as the index analyses it.</summary>
    public static ImmutableArray<string> IndexTerms(string phrase) =>
        Terms(phrase, static reader => Stem(new StopFilter(Version, Surface(reader), EnglishAnalyzer.DefaultStopSet)));

    /// <summary>The query chain: stemming, then the synonym map, then stop words.</summary>
    internal static Analyzer QueryAnalyzer(SynonymMap? synonyms) => Analyzer.NewAnonymous((_, reader) =>
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = Stem(Normalise(source));
        if (synonyms is not null)
        {
            stream = new SynonymFilter(stream, synonyms, ignoreCase: false);
        }

        return new TokenStreamComponents(source, new StopFilter(Version, stream, StemmedStops));
    });

    /// <summary>The red-flag chain: stop words and fillers dropped, stemmed, then each phrase replaced by its rule id.</summary>
    internal static Analyzer RedFlagAnalyzer(SynonymMap phrases) => Analyzer.NewAnonymous((_, reader) =>
    {
        var source = new StandardTokenizer(Version, reader);
        var stream = new SynonymFilter(Stem(new StopFilter(Version, Normalise(source), RedFlagStops)), phrases, ignoreCase: false);
        return new TokenStreamComponents(source, stream);
    });

    /// <summary>Joins terms as one entry of a <see cref="SynonymMap"/>.</summary>
    internal static CharsRef Join(IEnumerable<string> terms) => SynonymMap.Builder.Join([.. terms], new CharsRef());

    private static LowerCaseFilter Surface(TextReader reader) => Normalise(new StandardTokenizer(Version, reader));

    private static LowerCaseFilter Normalise(Tokenizer source) =>
        new LowerCaseFilter(Version, new EnglishPossessiveFilter(Version, new StandardFilter(Version, source)));

    private static PorterStemFilter Stem(TokenStream stream) => new PorterStemFilter(stream);

    private static ImmutableArray<string> Terms(string text, Func<TextReader, TokenStream> chain)
    {
        using var stream = chain(new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var result = ImmutableArray.CreateBuilder<string>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            result.Add(term.ToString());
        }

        stream.End();
        return result.ToImmutable();
    }

    private static CharArraySet Stemmed(CharArraySet words)
    {
        var stems = new CharArraySet(Version, words.Count, ignoreCase: false);
        foreach (var word in words)
        {
            foreach (var stem in Terms(word, static reader => Stem(Surface(reader))))
            {
                stems.Add(stem);
            }
        }

        return stems.AsReadOnly();
    }

    private static CharArraySet RedFlagStopSet()
    {
        var set = new CharArraySet(Version, EnglishAnalyzer.DefaultStopSet.Count + Fillers.Length, ignoreCase: false);
        foreach (var word in EnglishAnalyzer.DefaultStopSet)
        {
            set.Add(word);
        }

        foreach (var word in Fillers)
        {
            set.Add(word);
        }

        return set.AsReadOnly();
    }
}
