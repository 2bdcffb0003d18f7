using System.Text.RegularExpressions;

namespace KnotCare.Content.Markdown;

/// <summary>
/// Flesch reading ease over plain text: 206.835 - 1.015 (words / sentences) - 84.6 (syllables / words).
/// A sentence ends at . ! or ? or at the end of a block (a heading, a list item, a table cell).
/// Syllables are vowel groups, less a silent final e, at least one a word. 60 or more reads as plain English.
/// </summary>
public static partial class Readability
{
    public readonly record struct Stats(int Sentences, int Words, int Syllables)
    {
        public double ReadingEase => Words == 0 ? 0 : 206.835 - (1.015 * Words / Sentences) - (84.6 * Syllables / Words);
    }

    public static Stats Measure(IEnumerable<string> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        int sentences = 0, words = 0, syllables = 0;
        foreach (var block in blocks)
        {
            foreach (var sentence in SentenceEnd().Split(block))
            {
                var sentenceWords = Word().Matches(sentence);
                if (sentenceWords.Count == 0)
                {
                    continue;
                }

                sentences++;
                words += sentenceWords.Count;
                foreach (Match w in sentenceWords)
                {
                    syllables += CountSyllables(w.Value);
                }
            }
        }

        return new Stats(sentences, words, syllables);
    }

    public static int CountSyllables(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var letters = new string(word.ToLowerInvariant().Where(char.IsAsciiLetterLower).ToArray());
        if (letters.Length == 0)
        {
            return 0;
        }

        var count = VowelGroup().Count(letters);
        if (letters.EndsWith('e') && !letters.EndsWith("le", StringComparison.Ordinal) && count > 1)
        {
            count--;
        }

        return Math.Max(1, count);
    }

    [GeneratedRegex(@"[.!?]+(?:\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[A-Za-z][A-Za-z'’-]*")]
    private static partial Regex Word();

    [GeneratedRegex("[aeiouy]+")]
    private static partial Regex VowelGroup();
}
