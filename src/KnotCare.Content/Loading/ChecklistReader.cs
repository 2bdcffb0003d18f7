using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using KnotCare.Content.Checklist;
using YamlDotNet.RepresentationModel;

namespace KnotCare.Content.Loading;

/// <summary>
/// Reads content/checklist/: checklist.yaml (version, steps, regions, how each urgency is worded), questions.yaml,
/// rules.yaml and cases.yaml (clinical safety cases). Every reference between them is checked and every case is
/// evaluated; every problem names its file and line.
/// </summary>
internal sealed class ChecklistReader(
    (string File, string Text) checklist,
    (string File, string Text) questions,
    (string File, string Text) rules,
    (string File, string Text) cases)
{
    private static readonly string[] NumberKeys = ["min", "max"];

    public ChecklistDefinition? Read(List<ContentError> errors)
    {
        var meta = Open(checklist, errors);
        var questionDoc = Open(questions, errors);
        var ruleDoc = Open(rules, errors);
        var caseDoc = Open(cases, errors);
        if (meta is null || questionDoc is null || ruleDoc is null || caseDoc is null)
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

        var definition = new ChecklistDefinition(VersionOf(version!), lastReviewed!.Value, steps, [.. questionList], byId, [.. ruleList], levels, regions);
        var safetyCases = SafetyCaseReader.Read(caseDoc, definition);
        caseDoc.ReportUnknownKeys("cases file");
        var caseErrors = caseDoc.Errors.Errors.Distinct().ToList();
        errors.AddRange(caseErrors);
        return caseErrors.Count > 0 ? null : definition with { Cases = safetyCases };
    }

    /// <summary>The version people see: the content's own, plus a short hash of the files that define the rules.</summary>
    private string VersionOf(string version)
    {
        var text = string.Join('\0', checklist.Text, questions.Text, rules.Text);
        return version + "+" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..7].ToLowerInvariant();
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
            var levelArticles = level.StringList("articles", required: false, ids: true);
            CheckSafetyNet(level, urgency);
            level.ReportUnknownKeys("level");
            if (heading is not null && summary is not null)
            {
                result[urgency] = new UrgencyLevel(urgency, heading, summary, actions, safetyNet) { Articles = levelArticles, ArticlesLine = level.KeyLine("articles") };
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
        var askIfNodes = new List<(Question Question, YamlFields Fields, YamlNode Node)>();
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
                "number" => QuestionType.Number,
                _ => null,
            };
            if (typeText is not null && type is null)
            {
                item.Errors.Add(item.LineOf(item.Node("type")!), $"unknown question type '{typeText}'; expected yes-no, choice or number");
            }

            var text = item.String("text", maxLength: 300);
            var hint = item.String("hint", required: false, maxLength: 300);
            var group = item.String("group", required: false, maxLength: 60);
            var options = type switch
            {
                QuestionType.Choice => ReadOptions(item),
                QuestionType.YesNo => Question.YesNoOptions,
                _ => ImmutableArray<AnswerOption>.Empty,
            };
            if (type != QuestionType.Choice && item.Node("options") is { } extra)
            {
                item.Errors.Add(item.LineOf(extra), type == QuestionType.YesNo
                    ? "yes-no questions take yes, no and not-sure; remove 'options'"
                    : "number questions take a whole number between 'min' and 'max'; remove 'options'");
            }

            NumberRange? range = null;
            if (type == QuestionType.Number)
            {
                var min = item.Int("min", 0, 999);
                var max = item.Int("max", 0, 999);
                if (min is not null && max is not null && min >= max)
                {
                    item.Errors.Add(item.KeyLine("max"), $"'max' ({max}) must be greater than 'min' ({min})");
                }
                else if (min is not null && max is not null)
                {
                    range = new NumberRange(min.Value, max.Value);
                }
            }
            else
            {
                foreach (var key in NumberKeys.Where(k => item.Node(k) is not null))
                {
                    item.Errors.Add(item.KeyLine(key), $"only number questions take '{key}'");
                }
            }

            var askIfNode = item.Node("askIf");
            item.ReportUnknownKeys("question");
            if (id is not null && stepId is not null && type is not null && text is not null && (type != QuestionType.Number || range is not null))
            {
                var question = new Question(id, stepId, type.Value, text, hint, options, item.Line) { Range = range, Group = group };
                result.Add(question);
                if (askIfNode is not null)
                {
                    askIfNodes.Add((question, item, askIfNode));
                }
            }
        }

        // Conditions on which a question is asked: read once every question is known. A question may depend only on
        // questions that are always asked and come in the same step or an earlier one, and only yes/no questions are
        // skipped (a skipped question counts as "no").
        var byId = result.ToFrozenDictionary(q => q.Id, StringComparer.Ordinal);
        var gated = askIfNodes.Select(a => a.Question.Id).ToHashSet(StringComparer.Ordinal);
        var stepOrder = steps.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        foreach (var (question, fields, node) in askIfNodes)
        {
            if (question.Type != QuestionType.YesNo)
            {
                fields.Errors.Add(fields.KeyLine("askIf"), $"only yes/no questions can be skipped with 'askIf' ('{question.Id}' is not one)");
                continue;
            }

            var condition = ReadCondition(node, fields, byId);
            if (condition is null)
            {
                continue;
            }

            var ok = true;
            foreach (var gateId in condition.QuestionIds.Distinct())
            {
                var gate = byId[gateId];
                if (gated.Contains(gateId))
                {
                    fields.Errors.Add(fields.KeyLine("askIf"), $"'askIf' of '{question.Id}' depends on '{gateId}', which is itself skipped sometimes; depend only on questions that are always asked");
                    ok = false;
                }
                else if (stepOrder.GetValueOrDefault(gate.StepId) > stepOrder.GetValueOrDefault(question.StepId))
                {
                    fields.Errors.Add(fields.KeyLine("askIf"), $"'askIf' of '{question.Id}' depends on '{gateId}', which is asked in a later step");
                    ok = false;
                }
            }

            if (ok)
            {
                result[result.IndexOf(question)] = question with { AskIf = condition };
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
            var keepsLevel = ReadNotSure(item, when);
            item.ReportUnknownKeys("rule");
            if (id is not null && urgency is not null && when is not null && reason is not null && advice is not null && source is not null)
            {
                result.Add(new Rule(id, urgency.Value, when, reason, advice, source, articles, item.Line) { KeepsLevelWhenNotSure = keepsLevel });
            }
        }

        return result;
    }

    /// <summary>
    /// <c>notSure: keep-level</c> (optional): a match through "not sure" answers keeps the rule's own level instead of
    /// being capped at urgent. Only for <c>count</c> rules of two or more, so one unsure answer never gives an emergency
    /// by itself, but several unsure signs of the same emergency do.
    /// </summary>
    private static bool ReadNotSure(YamlFields rule, Condition? when)
    {
        var value = rule.String("notSure", required: false);
        if (value is null)
        {
            return false;
        }

        if (value != "keep-level")
        {
            rule.Errors.Add(rule.KeyLine("notSure"), $"'notSure' may only be 'keep-level' (the default caps an unsure match at urgent), not '{value}'");
            return false;
        }

        if (when is not CountOf { Count: >= 2 })
        {
            rule.Errors.Add(rule.KeyLine("notSure"), "'notSure: keep-level' needs a 'count' condition of at least 2, so that one unsure answer alone stays capped at urgent");
            return false;
        }

        return true;
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
            rule.Errors.Add(rule.LineOf(node), "a condition is one of: 'all:' a list, 'any:' a list, 'count:' {atLeast: N, of: a list}, or 'question-id: value'");
            return null;
        }

        var (keyNode, valueNode) = map.Children.First();
        var key = ((YamlScalarNode)keyNode).Value ?? "";
        if (key is "all" or "any")
        {
            var list = ReadConditions(valueNode, key, rule, questionsById);
            return list is null ? null : key == "all" ? new AllOf(list.Value) : new AnyOf(list.Value);
        }

        if (key == "count")
        {
            return ReadCount(valueNode, rule, questionsById);
        }

        if (!questionsById.TryGetValue(key, out var question))
        {
            rule.Errors.Add(rule.LineOf(keyNode), $"unknown question id '{key}' in condition");
            return null;
        }

        if (question.Type == QuestionType.Number)
        {
            return ReadNumberCondition(question, valueNode, rule);
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

    private static ImmutableArray<Condition>? ReadConditions(YamlNode valueNode, string key, YamlFields rule, FrozenDictionary<string, Question> questionsById)
    {
        if (valueNode is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            rule.Errors.Add(rule.LineOf(valueNode), $"'{key}' must be a non-empty list of conditions");
            return null;
        }

        var parts = seq.Select(c => ReadCondition(c, rule, questionsById)).ToList();
        return parts.Any(p => p is null) ? null : parts.Select(p => p!).ToImmutableArray();
    }

    /// <summary>Reads <c>count: {atLeast: N, of: [conditions]}</c>: at least N of the conditions hold.</summary>
    private static CountOf? ReadCount(YamlNode valueNode, YamlFields rule, FrozenDictionary<string, Question> questionsById)
    {
        if (valueNode is not YamlMappingNode countMap)
        {
            rule.Errors.Add(rule.LineOf(valueNode), "'count' must be {atLeast: N, of: a list of conditions}");
            return null;
        }

        var fields = new YamlFields(countMap, rule.Errors, 0);
        var atLeast = fields.Int("atLeast", 1, 20);
        var ofNode = fields.Node("of");
        fields.ReportUnknownKeys("count");
        if (ofNode is null)
        {
            rule.Errors.Add(fields.Line, "'count' needs 'of': a list of conditions");
            return null;
        }

        var list = ReadConditions(ofNode, "of", rule, questionsById);
        if (atLeast is null || list is null)
        {
            return null;
        }

        if (atLeast.Value > list.Value.Length)
        {
            rule.Errors.Add(fields.KeyLine("atLeast"), $"'atLeast' ({atLeast}) is more than the {list.Value.Length} conditions listed, so it can never hold");
            return null;
        }

        return new CountOf(atLeast.Value, list.Value);
    }

    /// <summary>Reads <c>age: {atLeast: 60}</c>, <c>age: {below: 16}</c> or both: a number question compared with whole numbers in its range.</summary>
    private static NumberIs? ReadNumberCondition(Question question, YamlNode valueNode, YamlFields rule)
    {
        if (valueNode is not YamlMappingNode compareMap)
        {
            rule.Errors.Add(rule.LineOf(valueNode), $"a condition on number question '{question.Id}' compares it: {{atLeast: N}}, {{below: N}} or both");
            return null;
        }

        var range = question.Range!;
        var fields = new YamlFields(compareMap, rule.Errors, 0);
        var atLeast = fields.Int("atLeast", range.Min, range.Max, required: false);
        var below = fields.Int("below", range.Min, range.Max + 1, required: false);
        fields.ReportUnknownKeys($"comparison of '{question.Id}'");
        if (fields.Node("atLeast") is null && fields.Node("below") is null)
        {
            rule.Errors.Add(fields.Line, $"a condition on number question '{question.Id}' needs 'atLeast', 'below' or both");
            return null;
        }

        if ((fields.Node("atLeast") is not null && atLeast is null) || (fields.Node("below") is not null && below is null))
        {
            return null;
        }

        if (atLeast is not null && below is not null && atLeast >= below)
        {
            rule.Errors.Add(fields.Line, $"'atLeast' ({atLeast}) must be less than 'below' ({below}), or no age could match");
            return null;
        }

        return new NumberIs(question.Id, atLeast, below);
    }
}
