using System.Collections.Frozen;
using System.Collections.Immutable;
using KnotCare.Content.Checklist;
using YamlDotNet.RepresentationModel;

namespace KnotCare.Content.Loading;

/// <summary>
/// Reads content/checklist/: checklist.yaml (version, steps, regions, how each urgency is worded), questions.yaml and
/// rules.yaml. Every reference between them is checked; every problem names its file and line.
/// </summary>
internal sealed class ChecklistReader((string File, string Text) checklist, (string File, string Text) questions, (string File, string Text) rules)
{
    public ChecklistDefinition? Read(List<ContentError> errors)
    {
        var meta = Open(checklist, errors);
        var questionDoc = Open(questions, errors);
        var ruleDoc = Open(rules, errors);
        if (meta is null || questionDoc is null || ruleDoc is null)
        {
            return null;
        }

        var version = meta.String("version", maxLength: 40);
        var lastReviewed = meta.Date("lastReviewed");
        var steps = ReadSteps(meta);
        var regions = ReadRegions(meta);
        var levels = ReadLevels(meta, regions);
        meta.ReportUnknownKeys("checklist");

        var questionList = ReadQuestions(questionDoc, steps);
        questionDoc.ReportUnknownKeys("questions file");
        var byId = questionList.GroupBy(q => q.Id).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var ruleList = ReadRules(ruleDoc, byId);
        ruleDoc.ReportUnknownKeys("rules file");

        var used = ruleList.SelectMany(r => r.When.QuestionIds).ToHashSet(StringComparer.Ordinal);
        foreach (var question in questionList.Where(q => !used.Contains(q.Id)))
        {
            questionDoc.Errors.Add(question.Line, $"question '{question.Id}' is not used by any rule");
        }

        foreach (var step in steps.Where(s => !questionList.Any(q => q.StepId == s.Id)))
        {
            meta.Errors.Add(meta.Line, $"step '{step.Id}' has no questions");
        }

        var all = new[] { meta, questionDoc, ruleDoc }.SelectMany(f => f.Errors.Errors).Distinct().ToList();
        errors.AddRange(all);
        if (all.Count > 0)
        {
            return null;
        }

        return new ChecklistDefinition(version!, lastReviewed!.Value, steps, [.. questionList], byId, [.. ruleList], levels, regions);
    }

    private static YamlFields? Open((string File, string Text) source, List<ContentError> errors)
    {
        var sink = new ErrorSink(source.File);
        var map = YamlFields.ParseMapping(source.Text, sink, 0);
        errors.AddRange(sink.Errors);
        return map is null ? null : new YamlFields(map, new ErrorSink(source.File), 0);
    }

    private static IEnumerable<YamlFields> Items(YamlFields parent, string key, string what)
    {
        var node = parent.Node(key);
        if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            parent.Errors.Add(node is null ? parent.Line : parent.LineOf(node), $"'{key}' must be a non-empty list of {what}");
            yield break;
        }

        foreach (var item in seq)
        {
            if (item is YamlMappingNode map)
            {
                yield return new YamlFields(map, parent.Errors, 0);
            }
            else
            {
                parent.Errors.Add(parent.LineOf(item), $"each item of '{key}' must be a {what[..^1]} with named fields");
            }
        }
    }

    private static string? Id(YamlFields fields, HashSet<string> seen, string what)
    {
        var id = fields.String("id");
        if (id is null)
        {
            return null;
        }

        var line = fields.LineOf(fields.Node("id")!);
        if (!YamlFields.IdPattern().IsMatch(id))
        {
            fields.Errors.Add(line, $"{what} id '{id}' must be lowercase letters, digits and hyphens");
            return null;
        }

        if (!seen.Add(id))
        {
            fields.Errors.Add(line, $"duplicate {what} id '{id}'");
            return null;
        }

        return id;
    }

    private static ImmutableArray<ChecklistStep> ReadSteps(YamlFields meta)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<ChecklistStep>();
        foreach (var item in Items(meta, "steps", "steps"))
        {
            var id = Id(item, seen, "step");
            var title = item.String("title", maxLength: 80);
            var intro = item.String("intro", maxLength: 400);
            item.ReportUnknownKeys("step");
            if (id is not null && title is not null && intro is not null)
            {
                result.Add(new ChecklistStep(id, title, intro));
            }
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<Region> ReadRegions(YamlFields meta)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<Region>();
        foreach (var item in Items(meta, "regions", "regions"))
        {
            var id = Id(item, seen, "region");
            var name = item.String("name", maxLength: 60);
            var number = item.String("emergencyNumber", maxLength: 10);
            item.ReportUnknownKeys("region");
            if (id is not null && name is not null && number is not null)
            {
                result.Add(new Region(id, name, number));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// Safety-netting may name the person's emergency number only as <c>{emergency}</c> (filled in for their region),
    /// and each level's safety net must do so at least once: every result tells the person which number to call.
    /// </summary>
    private static void CheckSafetyNet(YamlFields level, Urgency urgency)
    {
        if (level.Node("safetyNet") is not YamlSequenceNode lines)
        {
            return;
        }

        var namesNumber = false;
        foreach (var line in lines.Children.OfType<YamlScalarNode>())
        {
            var text = line.Value ?? "";
            namesNumber |= text.Contains(UrgencyLevel.EmergencyPlaceholder, StringComparison.Ordinal);
            if (text.Replace(UrgencyLevel.EmergencyPlaceholder, "", StringComparison.Ordinal).IndexOfAny(['{', '}']) >= 0)
            {
                level.Errors.Add(level.LineOf(line), $"safety-net text may use only the placeholder {UrgencyLevel.EmergencyPlaceholder} (the region's emergency number)");
            }
        }

        if (!namesNumber)
        {
            level.Errors.Add(level.KeyLine("safetyNet"), $"the '{urgency.ToId()}' safety net must tell the person to call {UrgencyLevel.EmergencyPlaceholder} (the region's emergency number) in at least one line");
        }
    }

    private static FrozenDictionary<Urgency, UrgencyLevel> ReadLevels(YamlFields meta, ImmutableArray<Region> regions)
    {
        var result = new Dictionary<Urgency, UrgencyLevel>();
        var node = meta.Node("levels");
        if (node is not YamlMappingNode levelsMap)
        {
            meta.Errors.Add(node is null ? meta.Line : meta.LineOf(node), "'levels' must map each urgency id to its wording");
            return result.ToFrozenDictionary();
        }

        var levels = new YamlFields(levelsMap, meta.Errors, 0);
        foreach (var urgency in Enum.GetValues<Urgency>())
        {
            var levelNode = levels.Node(urgency.ToId());
            if (levelNode is not YamlMappingNode levelMap)
            {
                meta.Errors.Add(levelNode is null ? levels.Line : levels.LineOf(levelNode), $"'levels' must define '{urgency.ToId()}' with a heading, summary, actions and safetyNet");
                continue;
            }

            var level = new YamlFields(levelMap, meta.Errors, 0);
            var heading = level.String("heading", maxLength: 80);
            var summary = level.String("summary", maxLength: 400);
            var actions = ReadActions(level, regions);
            var safetyNet = level.StringList("safetyNet", required: true);
            CheckSafetyNet(level, urgency);
            level.ReportUnknownKeys("level");
            if (heading is not null && summary is not null)
            {
                result[urgency] = new UrgencyLevel(urgency, heading, summary, actions, safetyNet);
            }
        }

        levels.ReportUnknownKeys("levels");
        return result.ToFrozenDictionary();
    }

    private static FrozenDictionary<string, RegionAction> ReadActions(YamlFields level, ImmutableArray<Region> regions)
    {
        var result = new Dictionary<string, RegionAction>(StringComparer.Ordinal);
        var node = level.Node("actions");
        if (node is not YamlMappingNode actionsMap)
        {
            level.Errors.Add(node is null ? level.Line : level.LineOf(node), "'actions' must give what to do in each region");
            return result.ToFrozenDictionary(StringComparer.Ordinal);
        }

        var actions = new YamlFields(actionsMap, level.Errors, 0);
        foreach (var region in regions)
        {
            var regionNode = actions.Node(region.Id);
            if (regionNode is not YamlMappingNode regionMap)
            {
                level.Errors.Add(regionNode is null ? actions.Line : actions.LineOf(regionNode), $"'actions' must say what to do in region '{region.Id}' (action, and phone if there is one)");
                continue;
            }

            var fields = new YamlFields(regionMap, level.Errors, 0);
            var action = fields.String("action", maxLength: 300);
            var phone = fields.String("phone", required: false, maxLength: 20);
            fields.ReportUnknownKeys("action");
            if (action is not null)
            {
                result[region.Id] = new RegionAction(action, phone);
            }
        }

        actions.ReportUnknownKeys("region in actions");
        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static List<Question> ReadQuestions(YamlFields doc, ImmutableArray<ChecklistStep> steps)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Question>();
        foreach (var item in Items(doc, "questions", "questions"))
        {
            var id = Id(item, seen, "question");
            var stepId = item.String("step");
            if (stepId is not null && !steps.Any(s => s.Id == stepId))
            {
                item.Errors.Add(item.LineOf(item.Node("step")!), $"unknown step '{stepId}'; expected one of: {string.Join(", ", steps.Select(s => s.Id))}");
            }

            var typeText = item.String("type");
            QuestionType? type = typeText switch
            {
                "yes-no" => QuestionType.YesNo,
                "choice" => QuestionType.Choice,
                null => null,
                _ => null,
            };
            if (typeText is not null && type is null)
            {
                item.Errors.Add(item.LineOf(item.Node("type")!), $"unknown question type '{typeText}'; expected yes-no or choice");
            }

            var text = item.String("text", maxLength: 300);
            var hint = item.String("hint", required: false, maxLength: 300);
            var options = type == QuestionType.Choice ? ReadOptions(item) : Question.YesNoOptions;
            if (type == QuestionType.YesNo && item.Node("options") is { } extra)
            {
                item.Errors.Add(item.LineOf(extra), "yes-no questions take yes, no and not-sure; remove 'options'");
            }

            item.ReportUnknownKeys("question");
            if (id is not null && stepId is not null && type is not null && text is not null)
            {
                result.Add(new Question(id, stepId, type.Value, text, hint, options, item.Line));
            }
        }

        return result;
    }

    private static ImmutableArray<AnswerOption> ReadOptions(YamlFields question)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<AnswerOption>();
        foreach (var item in Items(question, "options", "options"))
        {
            var value = item.String("value");
            var label = item.String("label", maxLength: 80);
            item.ReportUnknownKeys("option");
            if (value is null || label is null)
            {
                continue;
            }

            if (!YamlFields.IdPattern().IsMatch(value) || !seen.Add(value))
            {
                item.Errors.Add(item.LineOf(item.Node("value")!), $"option value '{value}' must be a unique id of lowercase letters, digits and hyphens");
                continue;
            }

            result.Add(new AnswerOption(value, label));
        }

        return result.ToImmutable();
    }

    private static List<Rule> ReadRules(YamlFields doc, FrozenDictionary<string, Question> questionsById)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Rule>();
        foreach (var item in Items(doc, "rules", "rules"))
        {
            var id = Id(item, seen, "rule");
            var urgencyText = item.String("urgency");
            Urgency? urgency = null;
            if (urgencyText is not null)
            {
                if (UrgencyIds.TryParse(urgencyText, out var parsed))
                {
                    urgency = parsed;
                }
                else
                {
                    item.Errors.Add(item.LineOf(item.Node("urgency")!), $"unknown urgency '{urgencyText}'; expected one of: {string.Join(", ", UrgencyIds.All)}");
                }
            }

            var whenNode = item.Node("when");
            var when = whenNode is null ? null : ReadCondition(whenNode, item, questionsById);
            if (whenNode is null)
            {
                item.Errors.Add(item.Line, "missing required field 'when'");
            }

            var reason = item.String("reason", maxLength: 400);
            var advice = item.String("advice", maxLength: 600);
            var source = ReadSource(item);
            var articles = item.StringList("articles", required: false, ids: true);
            item.ReportUnknownKeys("rule");
            if (id is not null && urgency is not null && when is not null && reason is not null && advice is not null && source is not null)
            {
                result.Add(new Rule(id, urgency.Value, when, reason, advice, source, articles, item.Line));
            }
        }

        return result;
    }

    private static Source? ReadSource(YamlFields rule)
    {
        var node = rule.Node("source");
        if (node is not YamlMappingNode map)
        {
            rule.Errors.Add(node is null ? rule.Line : rule.LineOf(node), "a rule needs a 'source' with a title and an https url");
            return null;
        }

        var fields = new YamlFields(map, rule.Errors, 0);
        var title = fields.String("title", maxLength: 200);
        var url = fields.String("url");
        fields.ReportUnknownKeys("source");
        if (title is null || url is null)
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            rule.Errors.Add(fields.LineOf(fields.Node("url")!), $"source url '{url}' must be an absolute https URL");
            return null;
        }

        return new Source(title, uri);
    }

    private static Condition? ReadCondition(YamlNode node, YamlFields rule, FrozenDictionary<string, Question> questionsById)
    {
        if (node is not YamlMappingNode map || map.Children.Count != 1)
        {
            rule.Errors.Add(rule.LineOf(node), "a condition is one of: 'all:' a list, 'any:' a list, or 'question-id: value'");
            return null;
        }

        var (keyNode, valueNode) = map.Children.First();
        var key = ((YamlScalarNode)keyNode).Value ?? "";
        if (key is "all" or "any")
        {
            if (valueNode is not YamlSequenceNode seq || seq.Children.Count == 0)
            {
                rule.Errors.Add(rule.LineOf(valueNode), $"'{key}' must be a non-empty list of conditions");
                return null;
            }

            var parts = seq.Select(c => ReadCondition(c, rule, questionsById)).ToList();
            if (parts.Any(p => p is null))
            {
                return null;
            }

            var list = parts.Select(p => p!).ToImmutableArray();
            return key == "all" ? new AllOf(list) : new AnyOf(list);
        }

        if (!questionsById.TryGetValue(key, out var question))
        {
            rule.Errors.Add(rule.LineOf(keyNode), $"unknown question id '{key}' in condition");
            return null;
        }

        var values = valueNode switch
        {
            YamlScalarNode { Value: { } single } => [single],
            YamlSequenceNode seq => seq.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToImmutableArray(),
            _ => ImmutableArray<string>.Empty,
        };
        if (values.IsEmpty)
        {
            rule.Errors.Add(rule.LineOf(valueNode), $"condition on '{key}' needs a value or a list of values");
            return null;
        }

        var ok = true;
        foreach (var value in values.Where(v => !question.Allows(v)))
        {
            rule.Errors.Add(rule.LineOf(valueNode), $"'{value}' is not an option of question '{key}'; expected one of: {string.Join(", ", question.Options.Select(o => o.Value))}");
            ok = false;
        }

        if (ok && question.Type == QuestionType.YesNo && values.Any(v => v != Question.Yes))
        {
            rule.Errors.Add(rule.LineOf(valueNode), $"conditions on yes/no question '{key}' may only test 'yes'; 'not sure' is handled by the engine");
            ok = false;
        }

        return ok ? new AnswerIs(key, values) : null;
    }
}
