using CsCheck;
using KnotCare.Content.Checklist;
using KnotCare.Content.Search;

namespace KnotCare.Content.Tests;

/// <summary>Synonyms and red-flag phrases: loaded, validated with file and line, and used by search.</summary>
public sealed class SearchVocabularyTests : IDisposable
{
    private readonly SearchIndex index = new(RepoContent.Load());

    public void Dispose() => index.Dispose();

    [Fact]
    public void Every_emergency_rule_has_a_phrase_and_every_phrase_brings_up_its_own_rule()
    {
        var snapshot = RepoContent.Load();
        var phrases = snapshot.Search.RedFlags.ToDictionary(f => f.RuleId);
        foreach (var rule in snapshot.Checklist.Rules.Where(r => r.Urgency == Urgency.Emergency))
        {
            Assert.True(phrases.ContainsKey(rule.Id) && !phrases[rule.Id].Phrases.IsEmpty, $"emergency rule {rule.Id} has no phrase");
        }

        foreach (var flag in snapshot.Search.RedFlags)
        {
            foreach (var phrase in flag.Phrases)
            {
                var found = index.Search(phrase).RedFlags.Select(r => r.Id).ToList();
                Assert.True(found.Contains(flag.RuleId), $"'{phrase}' brought up [{string.Join(", ", found)}], not {flag.RuleId}");
            }
        }
    }

    [Theory]
    [InlineData("chest pain", "heart-chest")]
    [InlineData("I have a pain in my chest", "heart-chest")]
    [InlineData("shoulder blade pain and sweating", "heart-cold-sweat")]
    [InlineData("CAN'T PEE and back pain", "cauda-equina-bladder-bowel")]
    [InlineData("numb bum", "cauda-equina-saddle")]
    [InlineData("my legs have gone weak", "leg-weakness")]
    [InlineData("my back pain wakes me every night", "non-mechanical-pain")]
    public void Everyday_words_for_a_red_flag_bring_up_its_rule_whatever_the_case_word_forms_and_small_words(string query, string rule)
    {
        Assert.Contains(rule, index.Search(query).RedFlags.Select(r => r.Id));
    }

    [Theory]
    [InlineData("stretches for a stiff neck")]
    [InlineData("pins and needles in my arm")]
    [InlineData("heat or ice")]
    [InlineData("how long does a knot last")]
    [InlineData("chest stretch")]
    public void Everyday_searches_bring_up_no_red_flag(string query)
    {
        Assert.Empty(index.Search(query).RedFlags);
    }

    [Fact]
    public void The_most_urgent_rule_comes_first()
    {
        var flags = index.Search("fever and chest pain").RedFlags;
        Assert.Equal(["heart-chest", "fever"], flags.Select(r => r.Id));
    }

    /// <summary>A phrase brings up its rule wherever it is in a query and whatever ordinary words surround it.</summary>
    [Fact]
    public void A_phrase_brings_up_its_rule_among_any_other_words()
    {
        var snapshot = RepoContent.Load();
        var phraseWords = snapshot.Search.RedFlags.SelectMany(f => f.Phrases).SelectMany(p => SearchAnalysis.RedFlagTerms(p)).ToHashSet(StringComparer.Ordinal);
        string[] pool = ["my", "back", "hurts", "today", "since", "yesterday", "lower", "upper", "really", "and", "the", "after", "work", "knot", "also", "stretch", "neck", "a", "of", "is"];
        var words = pool.Where(w => SearchAnalysis.RedFlagTerms(w).All(t => !phraseWords.Contains(t))).ToArray();
        var flags = snapshot.Search.RedFlags.SelectMany(f => f.Phrases.Select(p => (f.RuleId, Phrase: p))).ToArray();
        Gen.Select(Gen.Int[0, flags.Length - 1], Gen.OneOf(words).Array[0, 4], Gen.OneOf(words).Array[0, 4])
            .Sample((i, before, after) =>
            {
                var query = string.Join(' ', before.Append(flags[i].Phrase).Concat(after));
                return index.RedFlags(query).Any(r => r.Id == flags[i].RuleId);
            }, iter: 300);
    }

    [Fact]
    public void A_phrase_people_use_is_searched_as_a_phrase_never_word_by_word()
    {
        var results = index.Search("pins and needles");
        Assert.NotEmpty(results.Hits);
        Assert.DoesNotContain(results.Hits, h => h.SnippetHtml.Contains("<mark>needl", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(results.Hits.Take(3), h => h.Url == "/articles/when-to-see-a-clinician");
        Assert.NotEqual("/articles/dry-needling-and-acupuncture", results.Hits[0].Url);
    }

    [Fact]
    public void A_single_word_is_kept_and_searched_with_what_it_means()
    {
        var results = index.Search("physio");
        Assert.Equal("/articles/physiotherapy", results.Hits[0].Url);
        Assert.Contains(results.Hits, h => h.SnippetHtml.Contains("<mark>physiotherap", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_site_word_a_synonym_means_finds_a_page()
    {
        foreach (var rule in RepoContent.Load().Search.Synonyms)
        {
            foreach (var meaning in rule.Means)
            {
                Assert.True(index.Search(meaning).TotalMatches > 0, $"synonyms.yaml({rule.Line}): '{meaning}' finds no page");
            }
        }
    }

    [Theory]
    [InlineData("strechces", "stretches")]
    [InlineData("headahce", "headache")]
    [InlineData("maggnesium", "magnesium")]
    public void A_misspelt_word_with_no_results_is_corrected_to_a_word_the_pages_use(string query, string expected)
    {
        var results = index.Search(query);
        Assert.Equal(0, results.TotalMatches);
        Assert.Equal(expected, results.DidYouMean);
        Assert.NotEmpty(results.CloseMatches);
    }

    [Theory]
    [InlineData("zzqx")]
    [InlineData("the")]
    public void A_search_with_nothing_close_suggests_nothing(string query)
    {
        var results = index.Search(query);
        Assert.Empty(results.Hits);
        Assert.Null(results.DidYouMean);
        Assert.Empty(results.CloseMatches);
    }

    // Loading: every problem names its file and line.

    [Fact]
    public void An_unknown_rule_id_in_search_phrases_is_an_error_at_its_line()
    {
        using var content = new TestContent();
        content.Write("checklist/search-phrases.yaml", "saddle:\n  - numb bum\nno-such-rule:\n  - anything\n");
        var error = Assert.Single(content.LoadFails().Errors);
        Assert.Equal(("content/checklist/search-phrases.yaml", 3), (error.File, error.Line));
        Assert.Contains("unknown rule 'no-such-rule'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_emergency_rule_without_phrases_is_an_error_naming_the_rule()
    {
        using var content = new TestContent();
        content.Write("checklist/search-phrases.yaml", "# no phrases yet\n{}\n");
        var error = Assert.Single(content.LoadFails().Errors);
        Assert.Equal("content/checklist/search-phrases.yaml", error.File);
        Assert.Contains("emergency rule 'saddle' has no search phrases", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_search_phrases_file_is_an_error()
    {
        using var content = new TestContent();
        content.Delete("checklist/search-phrases.yaml");
        var error = Assert.Single(content.LoadFails().Errors);
        Assert.Equal("content/checklist/search-phrases.yaml", error.File);
    }

    [Theory]
    [InlineData("saddle:\n  - numb bum\nolder:\n  - getting older\n", 3, "rule 'older' is routine")]
    [InlineData("saddle:\n  - numb bum\n  - numb bums\n", 3, "'numb bums' is the same search as 'numb bum'")]
    [InlineData("saddle:\n  - numb bum\n  - the\n", 3, "'the' has only small words")]
    [InlineData("saddle: numb bum\n", 1, "'saddle' must be a non-empty list")]
    [InlineData("saddle:\n  - numb bum\n  - \"open quote\n", 3, "YAML is not valid")]
    public void Bad_search_phrases_are_errors_at_their_line(string yaml, int line, string message)
    {
        using var content = new TestContent();
        content.Write("checklist/search-phrases.yaml", yaml);
        var errors = content.LoadFails().Errors;
        Assert.True(errors.Any(e => e.File == "content/checklist/search-phrases.yaml" && e.Line == line && e.Message.Contains(message, StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [Theory]
    [InlineData("synonyms:\n  - words: [bum]\n    means: [bottom]\n  - words: [bums]\n    means: [buttocks]\n", 4, "'bums' is the same search as 'bum' on line 2")]
    [InlineData("synonyms:\n  - words: [bum]\n", 2, "missing required field 'means'")]
    [InlineData("synonyms:\n  - words: [bum]\n    means: [bottom]\n    meaning: [x]\n", 4, "unknown synonym field 'meaning'")]
    [InlineData("synonyms:\n  - words: [the]\n    means: [bottom]\n", 2, "'the' has only small words")]
    [InlineData("synonyms:\n  - words: [bum]\n    means: [a, b, c, d, e, f, g]\n", 3, "'means' lists 7 items")]
    [InlineData("synonym:\n  - words: [bum]\n", 1, "'synonyms' must be a non-empty list")]
    public void Bad_synonyms_are_errors_at_their_line(string yaml, int line, string message)
    {
        using var content = new TestContent();
        content.Write("search/synonyms.yaml", yaml);
        var errors = content.LoadFails().Errors;
        Assert.True(errors.Any(e => e.File == "content/search/synonyms.yaml" && e.Line == line && e.Message.Contains(message, StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [Fact]
    public void Synonyms_from_the_content_folder_are_used_by_search()
    {
        using var content = new TestContent();
        content.Write("search/synonyms.yaml", "synonyms:\n  - words: [wibble wobble]\n    means: [lean]\n");
        var snapshot = content.Load();
        using var testIndex = new SearchIndex(snapshot);
        Assert.Equal("/techniques/ball", Assert.Single(testIndex.Search("wibble wobble").Hits).Url);
        Assert.Equal("saddle", Assert.Single(testIndex.Search("Numb bum").RedFlags).Id);
    }
}
