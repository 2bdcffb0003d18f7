using System.Text.RegularExpressions;
using CsCheck;
using KnotCare.Content.Markdown;

namespace KnotCare.Content.Tests;

public sealed partial class ReadabilityTests
{
    [Theory]
    [InlineData("back", 1)]
    [InlineData("muscle", 2)]
    [InlineData("stretch", 1)]
    [InlineData("bone", 1)]
    [InlineData("gently", 2)]
    [InlineData("physiotherapy", 5)]
    [InlineData("the", 1)]
    [InlineData("", 0)]
    public void Syllables_are_counted_by_vowel_groups(string word, int expected) =>
        Assert.Equal(expected, Readability.CountSyllables(word));

    [Fact]
    public void Short_plain_sentences_score_as_easy()
    {
        var stats = Readability.Measure(["The cat sat on the mat. It was warm."]);

        Assert.Equal(2, stats.Sentences);
        Assert.Equal(9, stats.Words);
        Assert.True(stats.ReadingEase > 90, $"score {stats.ReadingEase}");
    }

    [Fact]
    public void Long_technical_sentences_score_as_hard()
    {
        var stats = Readability.Measure(["Myofascial trigger points demonstrate considerable heterogeneity regarding neuromuscular pathophysiology and therapeutic responsiveness."]);

        Assert.True(stats.ReadingEase < 30, $"score {stats.ReadingEase}");
    }

    [Fact]
    public void Each_block_ends_a_sentence()
    {
        var stats = Readability.Measure(["Heading without a stop", "A list item"]);

        Assert.Equal(2, stats.Sentences);
    }

    /// <summary>
    /// The scorer walks spans for speed; on any text it must agree with the plain definition written with regular
    /// expressions and strings (split into sentences, match words, strip to lowercase letters, count vowel groups).
    /// </summary>
    [Fact]
    public void Measure_agrees_with_the_plain_regex_definition_on_any_text()
    {
        var text = Gen.Frequency(
            (12, Gen.Char["abcdefghijklmnopqrstuvwxyz"]),
            (3, Gen.Char["AEIOUYLSTBCKZ"]),
            (4, Gen.Const(' ')),
            (2, Gen.Char[".!?"]),
            (1, Gen.Char["'’-\n\t,;:()0123456789éİK"])).Array[0, 200].Select(chars => new string(chars));

        text.Array[0, 4].Sample(blocks =>
        {
            var expected = Reference(blocks);
            var actual = Readability.Measure(blocks);
            return actual == expected;
        });
    }

    private static Readability.Stats Reference(IEnumerable<string> blocks)
    {
        int sentences = 0, words = 0, syllables = 0;
        foreach (var sentence in blocks.SelectMany(b => SentenceEnd().Split(b)))
        {
            var found = Word().Matches(sentence);
            if (found.Count == 0)
            {
                continue;
            }

            sentences++;
            words += found.Count;
            foreach (Match word in found)
            {
                var letters = new string(word.Value.ToLowerInvariant().Where(char.IsAsciiLetterLower).ToArray());
                var count = letters.Length == 0 ? 0 : VowelGroup().Count(letters);
                if (letters.EndsWith('e') && !letters.EndsWith("le", StringComparison.Ordinal) && count > 1)
                {
                    count--;
                }

                syllables += letters.Length == 0 ? 0 : Math.Max(1, count);
            }
        }

        return new Readability.Stats(sentences, words, syllables);
    }

    [GeneratedRegex(@"[.!?]+(?:\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[A-Za-z][A-Za-z'’-]*")]
    private static partial Regex Word();

    [GeneratedRegex("[aeiouy]+")]
    private static partial Regex VowelGroup();
}
