using System.Collections.Immutable;
using KnotCare.Content.Checklist;
using KnotCare.Content.Search;
using YamlDotNet.RepresentationModel;

namespace KnotCare.Content.Loading;

/// <summary>
/// Reads the search content: content/search/synonyms.yaml (optional) and content/checklist/search-phrases.yaml (every
/// emergency rule needs at least one phrase). Every problem names its file and line.
/// </summary>
internal static class SearchContentReader
{
    /// <summary>Words a synonym phrase or red-flag phrase may have, at most.</summary>
    public const int MaxPhraseWords = 6;

    /// <summary>Site words one synonym line may mean, at most (each is one more term in every query that uses it).</summary>
    public const int MaxMeans = 6;

    public static ImmutableArray<SynonymRule> ReadSynonyms(string file, string text, List<ContentError> errors)
    {
        var sink = new ErrorSink(file);
        var result = ImmutableArray.CreateBuilder<SynonymRule>();
        var root = YamlFields.ParseMapping(text, sink, 0);
        if (root is not null)
        {
            var fields = new YamlFields(root, sink, 0);
            var node = fields.Node("synonyms");
            if (node is not YamlSequenceNode list || list.Children.Count == 0)
            {
                sink.Add(node is null ? fields.Line : fields.LineOf(node), "'synonyms' must be a non-empty list of items with 'words' and 'means'");
            }
            else
            {
                var seen = new Dictionary<string, (string Phrase, int Line)>(StringComparer.Ordinal);
                foreach (var item in list)
                {
                    if (item is not YamlMappingNode map)
                    {
                        sink.Add(fields.LineOf(item), "each synonym needs 'words' (what people type) and 'means' (the site's words)");
                        continue;
                    }

                    if (ReadSynonym(new YamlFields(map, sink, 0), seen) is { } rule)
                    {
                        result.Add(rule);
                    }
                }
            }

            fields.ReportUnknownKeys("synonyms file");
        }

        errors.AddRange(sink.Errors);
        return result.ToImmutable();
    }

    public static ImmutableArray<RedFlagPhrases> ReadRedFlagPhrases(string file, string text, ChecklistDefinition? checklist, List<ContentError> errors)
    {
        var sink = new ErrorSink(file);
        var result = ImmutableArray.CreateBuilder<RedFlagPhrases>();
        var root = YamlFields.ParseMapping(text, sink, 0);
        if (root is null)
        {
            errors.AddRange(sink.Errors);
            return [];
        }

        var fields = new YamlFields(root, sink, 0);
        var rules = checklist?.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var seen = new Dictionary<string, (string Rule, string Phrase, int Line)>(StringComparer.Ordinal);
        foreach (var (key, value) in root.Children)
        {
            var id = (key as YamlScalarNode)?.Value ?? "";
            var line = fields.LineOf(key);
            if (rules is not null)
            {
                if (!rules.TryGetValue(id, out var rule))
                {
                    sink.Add(line, $"unknown rule '{id}': the checklist has no rule with this id");
                    continue;
                }

                if (rule.Urgency < Urgency.Urgent)
                {
                    sink.Add(line, $"rule '{id}' is {rule.Urgency.ToId()}: only emergency and urgent rules bring up a notice in search");
                    continue;
                }
            }

            if (value is not YamlSequenceNode list || list.Children.Count == 0)
            {
                sink.Add(line, $"'{id}' must be a non-empty list of phrases people might type");
                continue;
            }

            var phrases = ImmutableArray.CreateBuilder<string>();
            foreach (var item in list)
            {
                var itemLine = fields.LineOf(item);
                if (item is not YamlScalarNode { Value: { } raw } || string.IsNullOrWhiteSpace(raw))
                {
                    sink.Add(itemLine, $"each phrase of '{id}' must be non-empty text");
                    continue;
                }

                var phrase = raw.Trim();
                var terms = SearchAnalysis.RedFlagTerms(phrase);
                if (!CheckPhrase(sink, itemLine, phrase, terms))
                {
                    continue;
                }

                var keyText = string.Join(' ', terms);
                if (seen.TryGetValue(keyText, out var other))
                {
                    sink.Add(itemLine, $"'{phrase}' is the same search as '{other.Phrase}' (rule '{other.Rule}', line {other.Line}): word forms and small words do not count");
                    continue;
                }

                seen[keyText] = (id, phrase, itemLine);
                phrases.Add(phrase);
            }

            result.Add(new RedFlagPhrases(id, phrases.ToImmutable(), line));
        }

        if (rules is not null)
        {
            var listed = result.Where(r => !r.Phrases.IsEmpty).Select(r => r.RuleId).ToHashSet(StringComparer.Ordinal);
            foreach (var rule in checklist!.Rules.Where(r => r.Urgency == Urgency.Emergency && !listed.Contains(r.Id)))
            {
                sink.Add(1, $"emergency rule '{rule.Id}' has no search phrases: list at least one everyday phrase for it, so that a search for it brings up the emergency notice");
            }
        }

        errors.AddRange(sink.Errors);
        return result.ToImmutable();
    }

    private static SynonymRule? ReadSynonym(YamlFields item, Dictionary<string, (string Phrase, int Line)> seen)
    {
        var words = item.StringList("words", required: true);
        var means = item.StringList("means", required: true);
        item.ReportUnknownKeys("synonym");
        var line = item.Line;
        var lines = ItemLines(item, "words").Concat(ItemLines(item, "means")).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        int LineOf(string value) => lines.TryGetValue(value, out var l) ? l : line;
        var ok = !words.IsEmpty && !means.IsEmpty;
        if (means.Length > MaxMeans)
        {
            item.Errors.Add(item.KeyLine("means"), $"'means' lists {means.Length} items; the limit is {MaxMeans}");
            ok = false;
        }

        foreach (var word in words)
        {
            // Matched with its small words ("pins and needles"), but it needs a word that search does not ignore.
            var terms = SearchAnalysis.SynonymTerms(word);
            ok &= CheckPhrase(item.Errors, LineOf(word), word, SearchAnalysis.IndexTerms(word).IsEmpty ? [] : terms);
            var key = string.Join(' ', terms);
            if (terms.Length > 0 && seen.TryGetValue(key, out var other))
            {
                item.Errors.Add(LineOf(word), $"'{word}' is the same search as '{other.Phrase}' on line {other.Line}: word forms do not count");
                ok = false;
            }
            else
            {
                seen[key] = (word, LineOf(word));
            }
        }

        foreach (var meaning in means)
        {
            if (SearchAnalysis.IndexTerms(meaning).IsEmpty)
            {
                item.Errors.Add(LineOf(meaning), $"'{meaning}' in 'means' has only small words that search ignores");
                ok = false;
            }
        }

        return ok ? new SynonymRule(words, means, line) : null;
    }

    private static IEnumerable<KeyValuePair<string, int>> ItemLines(YamlFields item, string key) =>
        item.Node(key) is YamlSequenceNode list
            ? list.OfType<YamlScalarNode>().Where(n => n.Value is not null).Select(n => KeyValuePair.Create(n.Value!.Trim(), item.LineOf(n)))
            : [];

    private static bool CheckPhrase(ErrorSink sink, int line, string phrase, ImmutableArray<string> terms)
    {
        if (terms.IsEmpty)
        {
            sink.Add(line, $"'{phrase}' has only small words that search ignores");
            return false;
        }

        if (terms.Length > MaxPhraseWords)
        {
            sink.Add(line, $"'{phrase}' has {terms.Length} words; the limit is {MaxPhraseWords}");
            return false;
        }

        return true;
    }
}
