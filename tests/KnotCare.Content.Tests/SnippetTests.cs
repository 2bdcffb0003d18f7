using System.Collections.Immutable;
using System.Net;
using CsCheck;
using KnotCare.Content.Search;

namespace KnotCare.Content.Tests;

public sealed class SnippetTests
{
    /// <summary>Words of a text in a toy "analysis": each word is its own term, numbered by first appearance.</summary>
    private static AnalysedText Analyse(string text, Dictionary<string, int>? terms = null)
    {
        terms ??= new Dictionary<string, int>(StringComparer.Ordinal);
        var tokens = ImmutableArray.CreateBuilder<TextToken>();
        var at = 0;
        while (at < text.Length)
        {
            if (char.IsWhiteSpace(text[at]))
            {
                at++;
                continue;
            }

            var start = at;
            while (at < text.Length && !char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            var word = text[start..at];
            if (!terms.TryGetValue(word, out var id))
            {
                id = terms.Count;
                terms.Add(word, id);
            }

            tokens.Add(new TextToken(id, start, at));
        }

        return new AnalysedText(text, tokens.ToImmutable());
    }

    private static Gen<string> Pick(params string[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    private static string? Snippet(string text, string words, int fragments = 2)
    {
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        var analysed = Analyse(text, terms);
        var wanted = words.Split(' ').Where(terms.ContainsKey).Select(w => terms[w]).ToHashSet();
        return Snippets.Build(analysed, wanted, fragments);
    }

    [Theory]
    [InlineData("heat helps", "heat", "<mark>heat</mark> helps")]
    [InlineData("use <b>heat</b> & rest", "rest", "use &lt;b&gt;heat&lt;/b&gt; &amp; <mark>rest</mark>")]
    [InlineData("first line\nsecond line with heat", "heat", "second line with <mark>heat</mark>")]
    [InlineData("use heat here.\nHow often\nTwice a day", "heat", "use <mark>heat</mark> here.")]
    [InlineData("use heat\nHow often", "heat", "use <mark>heat</mark>")]
    [InlineData("one two three four five six seven eight nine ten eleven twelve heat", "heat", "… six seven eight nine ten eleven twelve <mark>heat</mark>")]
    [InlineData("heat and heat again", "heat", "<mark>heat</mark> and <mark>heat</mark> again")]
    [InlineData("Rest first. Then use heat", "heat", "Then use <mark>heat</mark>")]
    [InlineData("Why? heat helps", "heat", "<mark>heat</mark> helps")]
    [InlineData("Take 2.5 minutes with heat", "heat", "Take 2.5 minutes with <mark>heat</mark>")]
    [InlineData("nothing here", "heat", null)]
    [InlineData("", "heat", null)]
    public void Short_texts(string text, string words, string? expected) => Assert.Equal(expected, Snippet(text, words));

    [Fact]
    public void The_passage_with_the_most_different_terms_wins_over_one_with_more_repeats()
    {
        var filler = string.Join(' ', Enumerable.Repeat("filler", 60));
        var text = $"ice ice ice ice ice {filler} heat and ice together {filler}";
        var snippet = Snippet(text, "heat ice", fragments: 1)!;
        Assert.Contains("<mark>heat</mark> and <mark>ice</mark> together", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("ice ice", SnippetHtml.Text(snippet), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_fragments_are_apart_in_text_order_and_joined_by_an_ellipsis()
    {
        var filler = string.Join(' ', Enumerable.Repeat("filler", 60));
        var snippet = Snippet($"start {filler} heat first {filler} ice second {filler} end", "ice heat")!;
        var parts = snippet.Split(" … ");
        Assert.Equal(2, parts.Length);
        Assert.Contains("<mark>heat</mark> first", parts[0], StringComparison.Ordinal);
        Assert.Contains("<mark>ice</mark> second", parts[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_text_gives_a_window_of_whole_words_with_some_words_before_the_match()
    {
        var words = Enumerable.Range(0, 200).Select(i => $"w{i}").ToList();
        words[100] = "heat";
        var snippet = Snippet(string.Join(' ', words), "heat", fragments: 1)!;
        Assert.EndsWith(Snippets.Ellipsis.ToString(), snippet, StringComparison.Ordinal);
        Assert.StartsWith(Snippets.Ellipsis + " ", snippet, StringComparison.Ordinal);
        snippet = snippet[2..^1];
        Assert.InRange(SnippetHtml.WithoutMarks(snippet).Length, 100, SearchIndex.FragmentChars);
        Assert.StartsWith("w9", snippet, StringComparison.Ordinal);
        Assert.All(snippet.Replace("<mark>heat</mark>", "heat", StringComparison.Ordinal).Split(' '), w => Assert.True(w == "heat" || words.Contains(w), $"cut word '{w}'"));
    }

    /// <summary>
    /// Whatever the text and terms: no snippet exactly when no term occurs; otherwise at most the asked number of
    /// fragments, each a piece of the text no longer than a fragment (or one over-long word), HTML-encoded, with
    /// exactly the occurrences of the wanted terms inside it marked.
    /// </summary>
    [Fact]
    public void Snippets_are_encoded_pieces_of_the_text_with_every_wanted_term_marked()
    {
        var word = Gen.OneOf(
            Pick("heat", "ice", "knot", "<script>", "a&b", "\"q\"", "it's", "neck"),
            Gen.Char["abcdefghij<>&'\""].Array[1, 12].Select(c => new string(c)),
            Gen.Char["xyz"].Array[185, 200].Select(c => new string(c)));
        var space = Pick(" ", "  ", "\n", " \n\t");
        var text = Gen.Select(word, space).Array[0, 120].Select(parts => string.Concat(parts.Select(p => p.Item1 + p.Item2)));
        Gen.Select(text, Gen.Int[0, 12].Array[0, 4], Gen.Int[1, 3]).Sample((source, wantedIds, fragments) =>
        {
            var analysed = Analyse(source);
            var wanted = wantedIds.ToHashSet();
            var snippet = Snippets.Build(analysed, wanted, fragments);
            var anyMatch = analysed.Tokens.Any(t => wanted.Contains(t.Term));
            if (snippet is null)
            {
                return !anyMatch;
            }

            var parts = SnippetHtml.Passages(snippet);
            var wantedWords = analysed.Tokens.Where(t => wanted.Contains(t.Term)).Select(t => source[t.Start..t.End]).ToHashSet();
            return anyMatch && parts.Length <= fragments && parts.All(part =>
            {
                var plain = SnippetHtml.WithoutMarks(part);
                var decoded = WebUtility.HtmlDecode(plain);
                var marked = part.Split("<mark>").Skip(1).Select(m => WebUtility.HtmlDecode(m[..m.IndexOf("</mark>", StringComparison.Ordinal)])).ToList();
                var inPart = Analyse(decoded).Tokens.Select(t => decoded[t.Start..t.End]).Count(w => wantedWords.Contains(w));
                return !plain.Contains('<', StringComparison.Ordinal) && !plain.Contains('>', StringComparison.Ordinal)
                    && source.Contains(decoded, StringComparison.Ordinal)
                    && (decoded.Length <= SearchIndex.FragmentChars || !decoded.Trim().Contains(' ', StringComparison.Ordinal))
                    && marked.Count > 0 && marked.All(m => wantedWords.Contains(m)) && marked.Count == inPart;
            });
        }, iter: 2000);
    }
}
