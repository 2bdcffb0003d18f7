using System.Buffers;
using System.Collections.Immutable;
using System.Net;
using System.Text;

namespace KnotCare.Content.Search;

/// <summary>One analysed term of a text: its id in the index's term table and where it is in the text.</summary>
public readonly record struct TextToken(int Term, int Start, int End);

/// <summary>A text and its analysed terms, in order.</summary>
public sealed record AnalysedText(string Text, ImmutableArray<TextToken> Tokens);

/// <summary>
/// Cuts search snippets from an analysed text: the passages of at most <see cref="SearchIndex.FragmentChars"/>
/// characters holding the most of the query's different terms (then the most matches), in the text's order,
/// HTML-encoded, with each match wrapped in &lt;mark&gt;. Linear in the text's number of matches.
/// </summary>
public static class Snippets
{
    private const int LeadChars = 40;

    /// <summary>Ends a snippet whose last passage stops in the middle of a block.</summary>
    public const char Ellipsis = '…';
    private static readonly SearchValues<char> WordBreaks = SearchValues.Create(" \n\t\r");

    /// <summary>The snippet, or null when no term of <paramref name="terms"/> occurs in the text.</summary>
    public static string? Build(AnalysedText text, IReadOnlySet<int> terms, int fragments)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentOutOfRangeException.ThrowIfLessThan(fragments, 1);
        var matches = new List<TextToken>();
        foreach (var token in text.Tokens)
        {
            if (terms.Contains(token.Term))
            {
                matches.Add(token);
            }
        }

        if (matches.Count == 0)
        {
            return null;
        }

        var chosen = new List<(int Start, int End)>(fragments);
        var counts = new Dictionary<int, int>();
        while (chosen.Count < fragments && Best(text.Text, matches, chosen, counts) is { } window)
        {
            chosen.Add(window);
        }

        chosen.Sort();
        var html = new StringBuilder();
        foreach (var (start, end) in chosen)
        {
            if (html.Length > 0)
            {
                html.Append(" … ");
            }

            var at = start;
            foreach (var match in matches)
            {
                if (match.Start >= at && match.End <= end)
                {
                    html.Append(WebUtility.HtmlEncode(text.Text[at..match.Start]))
                        .Append("<mark>").Append(WebUtility.HtmlEncode(text.Text[match.Start..match.End])).Append("</mark>");
                    at = match.End;
                }
            }

            html.Append(WebUtility.HtmlEncode(text.Text[at..end]));
        }

        // The first passage says so when it starts in the middle of a sentence, and the last when it stops in the
        // middle of a block (passages between are joined by " … ").
        if (!StartsSentence(text.Text, chosen[0].Start))
        {
            html.Insert(0, Ellipsis + " ");
        }

        var last = chosen[^1].End;
        if (last < text.Text.Length && text.Text[last] != '\n' && !EndsSentence(text.Text[last - 1]))
        {
            html.Append(Ellipsis);
        }

        return html.ToString();
    }

    /// <summary>
    /// The best window that starts shortly before a match and overlaps none already chosen, or null. Each candidate
    /// is scored by how many different terms it holds, then by how many matches: one pass with two pointers.
    /// </summary>
    private static (int Start, int End)? Best(string text, List<TextToken> matches, List<(int Start, int End)> chosen, Dictionary<int, int> counts)
    {
        counts.Clear();
        (int Start, int End)? best = null;
        var bestScore = -1L;
        var right = 0;
        for (var left = 0; left < matches.Count; left++)
        {
            var (start, end) = Window(text, matches[left]);
            while (right < matches.Count && matches[right].End <= end)
            {
                counts[matches[right].Term] = counts.GetValueOrDefault(matches[right].Term) + 1;
                right++;
            }

            // A window always holds its own match (see Window), so matches[left..right) is never empty here.
            if (!Overlaps(chosen, start, end))
            {
                var score = ((long)counts.Count << 32) + (right - left);
                if (score > bestScore)
                {
                    (best, bestScore) = ((start, end), score);
                }
            }

            // The next window starts at the next match: take this one out of the counts.
            var term = matches[left].Term;
            if (--counts[term] == 0)
            {
                counts.Remove(term);
            }
        }

        return best;
    }

    private static bool Overlaps(List<(int Start, int End)> chosen, int start, int end)
    {
        foreach (var window in chosen)
        {
            if (start < window.End && window.Start < end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A window of whole words that holds the match: from the start of its sentence or line, or else of a word, up to
    /// <see cref="LeadChars"/> characters before it, and at most <see cref="SearchIndex.FragmentChars"/> characters
    /// long, ending at the end of a word. A match too long for that is its own window.
    /// </summary>
    private static (int Start, int End) Window(string text, TextToken match)
    {
        var matchStart = match.Start;
        if (match.End - matchStart >= SearchIndex.FragmentChars - LeadChars)
        {
            return (matchStart, match.End);
        }

        var start = Math.Max(0, matchStart - LeadChars);
        var sentence = SentenceStart(text, start, matchStart);
        if (sentence >= 0)
        {
            start = sentence;
        }
        else if (start > 0)
        {
            // Forward to the start of the next word, never past the match.
            while (start < matchStart && !char.IsWhiteSpace(text[start - 1]))
            {
                start++;
            }
        }

        var end = Math.Min(text.Length, start + SearchIndex.FragmentChars);
        var lineEnd = text.IndexOf('\n', match.End, end - match.End);
        if (lineEnd >= 0)
        {
            // Each line is one block (a paragraph, heading or list item): a passage never runs on into the next.
            end = lineEnd;
        }
        else if (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            var space = text.AsSpan(matchStart, end - matchStart).LastIndexOfAny(WordBreaks);
            if (space > 0)
            {
                end = matchStart + space;
            }
        }

        return (start, end);
    }

    /// <summary>Whether <paramref name="at"/> starts the text, a line, or a sentence.</summary>
    private static bool StartsSentence(string text, int at)
    {
        var i = at - 1;
        while (i >= 0 && text[i] is ' ' or '\t' or '\r')
        {
            i--;
        }

        return i < 0 || text[i] == '\n' || EndsSentence(text[i]);
    }

    /// <summary>Whether a character ends a sentence (when white space follows it).</summary>
    private static bool EndsSentence(char c) => c is '.' or '?' or '!';

    /// <summary>
    /// Where the match's line or sentence starts, if that is at or after <paramref name="from"/>; otherwise -1. A
    /// sentence ends at '.', '?' or '!' followed by white space, so "2.5" does not end one.
    /// </summary>
    private static int SentenceStart(string text, int from, int matchStart)
    {
        for (var i = matchStart - 1; i >= from; i--)
        {
            var ends = text[i] == '\n' || (EndsSentence(text[i]) && char.IsWhiteSpace(text[i + 1]));
            if (ends)
            {
                var start = i + 1;
                while (start < matchStart && char.IsWhiteSpace(text[start]))
                {
                    start++;
                }

                return start;
            }
        }

        return from == 0 ? 0 : -1;
    }
}
