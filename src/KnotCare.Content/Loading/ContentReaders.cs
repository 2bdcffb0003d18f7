using KnotCare.Content.Markdown;
using KnotCare.Content.Poses;

namespace KnotCare.Content.Loading;

/// <summary>What reading one Markdown file gave: errors, and the links still to be checked against all slugs.</summary>
internal abstract record ParsedContent(string File, IReadOnlyList<ContentError> Errors, IReadOnlyList<DocumentLink> Links);

internal sealed record ParsedArticle(string File, IReadOnlyList<ContentError> Errors, IReadOnlyList<DocumentLink> Links, Article? Article)
    : ParsedContent(File, Errors, Links);

internal sealed record ParsedTechnique(string File, IReadOnlyList<ContentError> Errors, IReadOnlyList<DocumentLink> Links, Technique? Technique, int ArticleLine)
    : ParsedContent(File, Errors, Links);

/// <summary>Parses a Markdown file with front matter and reads the fields every piece of content shares.</summary>
internal static class FrontMatterDocument
{
    public static (YamlFields? Fields, ParsedMarkdown Parsed, ErrorSink Errors) Open(MarkdownService markdown, string text, string file, string slug)
    {
        var errors = new ErrorSink(file);
        if (!YamlFields.IdPattern().IsMatch(slug))
        {
            errors.Add(1, $"file name '{slug}' must be a slug: lowercase letters, digits and hyphens");
        }

        var parsed = markdown.Parse(text);
        foreach (var (line, message) in parsed.Facts.Problems)
        {
            errors.Add(line, message);
        }

        if (parsed.FrontMatter is null)
        {
            errors.Add(1, "missing YAML front matter: the file must start with a line '---', the fields, and a closing '---'");
            return (null, parsed, errors);
        }

        var map = YamlFields.ParseMapping(parsed.FrontMatter, errors, parsed.FrontMatterLineOffset);
        return (map is null ? null : new YamlFields(map, errors, parsed.FrontMatterLineOffset), parsed, errors);
    }

    public static void CheckReviewDates(YamlFields fields, DateOnly? lastReviewed, DateOnly? nextReview)
    {
        if (lastReviewed is { } last && nextReview is { } next && next <= last)
        {
            fields.Errors.Add(fields.LineOf(fields.Node("nextReview")!), "'nextReview' must be after 'lastReviewed'");
        }
    }
}

internal static class ArticleReader
{
    public static ParsedArticle Read(MarkdownService markdown, string text, string file, string slug)
    {
        var (fields, parsed, errors) = FrontMatterDocument.Open(markdown, text, file, slug);
        if (fields is null)
        {
            return new ParsedArticle(file, errors.Errors, parsed.Facts.Links, null);
        }

        var title = fields.String("title", maxLength: 90);
        var summary = fields.String("summary", maxLength: 200);
        var inShort = fields.Sentences("inShort", maximum: Article.InShortMaximum, maxLength: Article.InShortSentenceMaxLength);
        var categoryId = fields.String("category");
        Category? category = null;
        if (categoryId is not null && !Category.ById.TryGetValue(categoryId, out category))
        {
            errors.Add(fields.LineOf(fields.Node("category")!), $"unknown category '{categoryId}'; expected one of: {string.Join(", ", Category.All.Select(c => c.Id))}");
        }

        var order = fields.Int("order", 1, 999);
        var tags = fields.StringList("tags", required: true, ids: true);
        var areas = fields.StringList("areas", required: false, allowed: Vocabulary.AreaIds);
        var lastReviewed = fields.Date("lastReviewed");
        var nextReview = fields.Date("nextReview");
        var sources = fields.Sources(minimum: 2);
        fields.ReportUnknownKeys("front-matter");
        FrontMatterDocument.CheckReviewDates(fields, lastReviewed, nextReview);

        if (errors.HasErrors)
        {
            return new ParsedArticle(file, errors.Errors, parsed.Facts.Links, null);
        }

        var article = new Article(
            slug, title!, summary!, inShort, category!, order!.Value, tags, areas, lastReviewed!.Value, nextReview!.Value, sources,
            markdown.Render(parsed.Document), file);
        return new ParsedArticle(file, errors.Errors, parsed.Facts.Links, article);
    }
}

internal static class TechniqueReader
{
    public static ParsedTechnique Read(MarkdownService markdown, string text, string file, string slug)
    {
        var (fields, parsed, errors) = FrontMatterDocument.Open(markdown, text, file, slug);
        if (fields is null)
        {
            return new ParsedTechnique(file, errors.Errors, parsed.Facts.Links, null, 1);
        }

        var title = fields.String("title", maxLength: 90);
        var summary = fields.String("summary", maxLength: 200);
        var kind = fields.Enum<TechniqueKind>("kind");
        var areas = fields.StringList("areas", required: true, allowed: Vocabulary.AreaIds);
        var equipment = fields.StringList("equipment", required: true, allowed: Vocabulary.EquipmentIds);
        var causes = fields.StringList("causes", required: true, allowed: Vocabulary.CauseIds);
        var minutes = fields.Int("minutes", 1, 20);
        var howOften = fields.String("howOften", maxLength: 160);
        var hold = fields.String("hold", required: false, maxLength: 120);
        var cautions = fields.StringList("cautions", required: true);
        var evidence = fields.Enum<EvidenceStrength>("evidence");
        var articleSlug = fields.String("article");
        var articleLine = fields.Node("article") is { } articleNode ? fields.LineOf(articleNode) : fields.Line;
        var lastReviewed = fields.Date("lastReviewed");
        var nextReview = fields.Date("nextReview");
        var sources = fields.Sources(minimum: 2);
        var poses = PoseReader.Read(fields);
        fields.ReportUnknownKeys("front-matter");
        FrontMatterDocument.CheckReviewDates(fields, lastReviewed, nextReview);

        if (areas.IsEmpty && fields.Node("areas") is { } areasNode)
        {
            errors.Add(fields.LineOf(areasNode), "'areas' must name at least one body area");
        }

        if (kind == TechniqueKind.Habit && causes.IsEmpty && fields.Node("causes") is { } causesNode)
        {
            errors.Add(fields.LineOf(causesNode), "a habit must name at least one cause it helps with");
        }

        // The pages write "How often: {howOften}." and "Hold: {hold}.", so a stop of its own would show as "..".
        foreach (var (key, value) in new[] { ("howOften", howOften), ("hold", hold) })
        {
            if (value is not null && value.EndsWith('.'))
            {
                errors.Add(fields.LineOf(fields.Node(key)!), $"'{key}' must not end with a full stop: the page adds one after it");
            }
        }

        if (cautions.IsEmpty && fields.Node("cautions") is { } cautionsNode)
        {
            errors.Add(fields.LineOf(cautionsNode), "'cautions' must have at least one line");
        }

        if (errors.HasErrors)
        {
            return new ParsedTechnique(file, errors.Errors, parsed.Facts.Links, null, articleLine);
        }

        var technique = new Technique(
            slug, title!, summary!, kind!.Value, areas, equipment, causes, minutes!.Value, howOften!, hold, cautions,
            evidence!.Value, articleSlug!, lastReviewed!.Value, nextReview!.Value, sources, markdown.Render(parsed.Document), file,
            PoseRenderer.Render(poses));
        return new ParsedTechnique(file, errors.Errors, parsed.Facts.Links, technique, articleLine);
    }
}
