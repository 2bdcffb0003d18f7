using System.Text.RegularExpressions;

namespace KnotCare.Content.Markdown;

/// <summary>
/// Flesch reading ease over plain text: 206.835 - 1.015 (words / sentences) - 84.6 (syllables / words).
/// A sentence ends at . ! or ? or at the end of a block (a heading, a list item, a table cell).
/// Syllables are vowel groups, less a silent final e, at least one a word. 60 or more reads as plain English.
/// Every article is scored at load, so this walks spans and allocates nothing per word.
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
        var total = default(Stats);
        foreach (var block in blocks)
        {
            var start = 0;
            foreach (var end in SentenceEnd().EnumerateMatches(block))
            {
                total = Add(total, block.AsSpan(start, end.Index - start));
                start = end.Index + end.Length;
            }

            total = Add(total, block.AsSpan(start));
        }

        return total;
    }

    public static int CountSyllables(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return CountSyllables(word.AsSpan());
    }

    /// <summary>Vowel groups (a e i o u y) among the word's ASCII letters, less a final silent e, at least one.</summary>
    public static int CountSyllables(ReadOnlySpan<char> word)
    {
        int count = 0, letters = 0;
        char last = '\0', beforeLast = '\0';
        var inVowels = false;
        foreach (var c in word)
        {
            var lower = char.ToLowerInvariant(c);
            if (!char.IsAsciiLetterLower(lower))
            {
                continue;
            }

            letters++;
            var vowel = lower is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
            if (vowel && !inVowels)
            {
                count++;
            }

            inVowels = vowel;
            beforeLast = last;
            last = lower;
        }

        if (letters == 0)
        {
            return 0;
        }

        if (last == 'e' && beforeLast != 'l' && count > 1)
        {
            count--;
        }

        return Math.Max(1, count);
    }

    private static Stats Add(Stats total, ReadOnlySpan<char> sentence)
    {
        int words = 0, syllables = 0;
        foreach (var word in Word().EnumerateMatches(sentence))
        {
            words++;
            syllables += CountSyllables(sentence.Slice(word.Index, word.Length));
        }

        return words == 0 ? total : new Stats(total.Sentences + 1, total.Words + words, total.Syllables + syllables);
    }

    [GeneratedRegex(@"[.!?]+(?:\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[A-Za-z][A-Za-z'’-]*")]
    private static partial Regex Word();
}
