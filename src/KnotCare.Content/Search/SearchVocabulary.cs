using System.Collections.Immutable;

namespace KnotCare.Content.Search;

/// <summary>
/// One line of content/search/synonyms.yaml: the words or phrases people type (<see cref="Words"/>) and the site's
/// words they mean (<see cref="Means"/>). A phrase of several words matches only as that phrase, and is replaced by
/// what it means ("pins and needles" never searches for "needles"); a single word is kept and searched with what it
/// means ("physio" also finds "physiotherapy").
/// </summary>
public sealed record SynonymRule(ImmutableArray<string> Words, ImmutableArray<string> Means, int Line);

/// <summary>The everyday phrases that bring up one red-flag rule's notice on the search page (content/checklist/search-phrases.yaml).</summary>
public sealed record RedFlagPhrases(string RuleId, ImmutableArray<string> Phrases, int Line);

/// <summary>The search content of a snapshot: synonyms, and the phrases of the checklist's emergency and urgent rules.</summary>
public sealed record SearchVocabulary(ImmutableArray<SynonymRule> Synonyms, ImmutableArray<RedFlagPhrases> RedFlags)
{
    public static readonly SearchVocabulary Empty = new([], []);
}
