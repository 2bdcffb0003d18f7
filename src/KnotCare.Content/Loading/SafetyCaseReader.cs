using System.Collections.Frozen;
using System.Collections.Immutable;
using KnotCare.Content.Checklist;
using YamlDotNet.RepresentationModel;

namespace KnotCare.Content.Loading;

/// <summary>
/// Reads content/checklist/cases.yaml and evaluates every case against the rules just loaded. A case that does not
/// reach its level exactly, or whose rule is not among the reasons, is a content error on the case's line naming the
/// case and the rule, so a weakened rule can never be served. Every rule must be named by at least one case.
/// </summary>
internal static class SafetyCaseReader
{
    private const string CaseRegion = "uk";

    public static ImmutableArray<SafetyCase> Read(YamlFields doc, ChecklistDefinition checklist)
    {
        var defaults = ReadAnswers(doc, "defaults", checklist, required: true) ?? FrozenDictionary<string, string>.Empty;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<SafetyCase>();
        if (doc.Node("cases") is not YamlSequenceNode list || list.Children.Count == 0)
        {
            doc.Errors.Add(doc.KeyLine("cases"), "'cases' must be a non-empty list of clinical safety cases");
            return result.ToImmutable();
        }

        foreach (var node in list)
        {
            if (node is not YamlMappingNode map)
            {
                doc.Errors.Add(doc.LineOf(node), "each case must have an id, reference, answers, expect and (usually) rule");
                continue;
            }

            var item = new YamlFields(map, doc.Errors, 0);
            var id = item.String("id");
            var reference = item.String("reference", maxLength: 300);
            var answers = ReadAnswers(item, "answers", checklist, required: true);
            var expectText = item.String("expect");
            var ruleId = item.String("rule", required: false);
            item.ReportUnknownKeys("case");
            if (id is not null && !seen.Add(id))
            {
                item.Errors.Add(item.KeyLine("id"), $"duplicate case id '{id}'");
                continue;
            }

            Urgency expect = default;
            if (expectText is not null && !UrgencyIds.TryParse(expectText, out expect))
            {
                item.Errors.Add(item.KeyLine("expect"), $"unknown level '{expectText}'; expected one of: {string.Join(", ", UrgencyIds.All)}");
                continue;
            }

            if (ruleId is not null && !checklist.Rules.Any(r => r.Id == ruleId))
            {
                item.Errors.Add(item.KeyLine("rule"), $"case '{id}' names unknown rule '{ruleId}'");
                continue;
            }

            if (id is null || reference is null || answers is null || expectText is null)
            {
                continue;
            }

            var safetyCase = new SafetyCase(id, reference, answers, expect, ruleId, item.Line);
            if (Check(safetyCase, defaults, checklist) is { } failure)
            {
                item.Errors.Add(item.Line, failure);
            }

            result.Add(safetyCase);
        }

        var named = result.Select(c => c.RuleId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var rule in checklist.Rules.Where(r => !named.Contains(r.Id)))
        {
            doc.Errors.Add(doc.KeyLine("cases"), $"rule '{rule.Id}' has no safety case: add one that shows the level it must reach");
        }

        return result.ToImmutable();
    }

    /// <summary>The full answers of a case: defaults, then every other question "no", then the case's own answers.</summary>
    public static Dictionary<string, string> FullAnswers(ChecklistDefinition checklist, IReadOnlyDictionary<string, string> defaults, IReadOnlyDictionary<string, string> answers)
    {
        var full = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var question in checklist.Questions.Where(q => q.Type == QuestionType.YesNo))
        {
            full[question.Id] = Question.No;
        }

        foreach (var (id, value) in defaults.Concat(answers))
        {
            full[id] = value;
        }

        return full;
    }

    private static string? Check(SafetyCase safetyCase, IReadOnlyDictionary<string, string> defaults, ChecklistDefinition checklist)
    {
        var answers = FullAnswers(checklist, defaults, safetyCase.Answers);
        var invalid = ChecklistEngine.Validate(checklist, answers.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), CaseRegion);
        if (!invalid.IsEmpty)
        {
            return $"case '{safetyCase.Id}' cannot be evaluated: " + string.Join("; ", invalid.Select(e => $"{e.QuestionId}: {e.Message}"));
        }

        var result = ChecklistEngine.Evaluate(checklist, answers, CaseRegion);
        var matched = result.Matched.Select(m => m.Rule.Id).ToList();
        var reasons = matched.Count == 0 ? "no rule" : "rules " + string.Join(", ", matched);
        if (result.Urgency != safetyCase.Expect)
        {
            var rule = safetyCase.RuleId is null ? "" : $" (rule '{safetyCase.RuleId}')";
            return $"clinical safety case '{safetyCase.Id}'{rule} must give '{safetyCase.Expect.ToId()}' but gives '{result.Urgency.ToId()}' ({reasons} matched)";
        }

        if (safetyCase.RuleId is not null && !matched.Contains(safetyCase.RuleId))
        {
            return $"clinical safety case '{safetyCase.Id}' must be explained by rule '{safetyCase.RuleId}', but that rule did not match ({reasons} matched)";
        }

        return null;
    }

    private static FrozenDictionary<string, string>? ReadAnswers(YamlFields parent, string key, ChecklistDefinition checklist, bool required)
    {
        var node = parent.Node(key);
        if (node is not YamlMappingNode map)
        {
            if (required || node is not null)
            {
                parent.Errors.Add(node is null ? parent.Line : parent.LineOf(node), $"'{key}' must map question ids to answers");
            }

            return null;
        }

        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var id = (keyNode as YamlScalarNode)?.Value ?? "";
            var value = (valueNode as YamlScalarNode)?.Value ?? "";
            if (!checklist.QuestionsById.TryGetValue(id, out var question))
            {
                parent.Errors.Add(parent.LineOf(keyNode), $"unknown question id '{id}' in '{key}'");
                ok = false;
            }
            else if (!question.Allows(value))
            {
                parent.Errors.Add(parent.LineOf(valueNode), $"'{value}' is not a valid answer to '{id}'");
                ok = false;
            }
            else
            {
                answers[id] = value;
            }
        }

        return ok ? answers.ToFrozenDictionary(StringComparer.Ordinal) : null;
    }
}
