using KnotCare.Content.Markdown;

namespace KnotCare.Content.Tests;

public sealed class ReadabilityTests
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
}
