using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using KnotCare.Content.Checklist;
using KnotCare.Content.Markdown;

namespace KnotCare.Content.Loading;

/// <summary>Site paths content may link to, besides articles (checked at load).</summary>
public sealed record ContentLoadOptions(IReadOnlySet<string> SitePaths, IReadOnlySet<string> SitePathPrefixes)
{
    public static readonly ContentLoadOptions Default = new(
        new HashSet<string>(StringComparer.Ordinal) { "/", "/articles", "/check", "/plan", "/search" },
        new HashSet<string>(StringComparer.Ordinal) { "/images/" });
}

/// <summary>
/// Loads the content folder (articles/, techniques/, checklist/) into one validated, immutable snapshot.
/// All errors across all files are collected and thrown together, each naming its file and line.
/// </summary>
public sealed class ContentLoader(MarkdownService markdown, ContentLoadOptions? options = null)
{
    private readonly ContentLoadOptions options = options ?? ContentLoadOptions.Default;

    public ContentSnapshot Load(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var fullRoot = Path.GetFullPath(root);
        var errors = new List<ContentError>();
        var hash = new StringBuilder();
        if (!Directory.Exists(fullRoot))
        {
            throw new ContentValidationException([new ContentError(fullRoot, 1, "the content folder does not exist")]);
        }

        var display = Path.GetDirectoryName(fullRoot) ?? fullRoot;
        string Relative(string path) => Path.GetRelativePath(display, path).Replace('\\', '/');

        // Files are read in order (the version hash depends on it); parsing, rendering and scoring each file is
        // independent of the others, so it runs on all cores, keeping file order in the results.
        List<T> ReadAll<T>(string folder, Func<MarkdownService, string, string, string, T> parse) =>
            Files(fullRoot, folder, "*.md", errors, Relative)
                .Select(f => (File: f, Text: Read(f, hash)))
                .ToList()
                .AsParallel()
                .AsOrdered()
                .Select(f => parse(markdown, f.Text, Relative(f.File), Path.GetFileNameWithoutExtension(f.File)))
                .ToList();

        var parsedArticles = ReadAll("articles", ArticleReader.Read);
        var parsedTechniques = ReadAll("techniques", TechniqueReader.Read);

        var checklistDir = Path.Combine(fullRoot, "checklist");
        var checklistFile = Path.Combine(checklistDir, "checklist.yaml");
        var questionsFile = Path.Combine(checklistDir, "questions.yaml");
        var rulesFile = Path.Combine(checklistDir, "rules.yaml");
        ChecklistDefinition? checklist = null;
        var missing = new[] { checklistFile, questionsFile, rulesFile }.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            errors.AddRange(missing.Select(f => new ContentError(Relative(f), 1, "required checklist file is missing")));
        }
        else
        {
            var reader = new ChecklistReader(
                (Relative(checklistFile), Read(checklistFile, hash)),
                (Relative(questionsFile), Read(questionsFile, hash)),
                (Relative(rulesFile), Read(rulesFile, hash)));
            checklist = reader.Read(errors);
        }

        var search = ReadSearch(fullRoot, checklist, errors, hash, Relative);
        errors.AddRange(parsedArticles.SelectMany(a => a.Errors));
        errors.AddRange(parsedTechniques.SelectMany(t => t.Errors));

        var articles = parsedArticles.Where(a => a.Article is not null).Select(a => a.Article!).ToList();
        var slugs = articles.Select(a => a.Slug).ToHashSet(StringComparer.Ordinal);

        foreach (var parsed in parsedArticles.Concat(parsedTechniques.Select(t => (ParsedContent)t)))
        {
            CheckLinks(parsed, slugs, errors);
        }

        var techniques = parsedTechniques.Where(t => t.Technique is not null).Select(t => t.Technique!).ToList();
        foreach (var technique in parsedTechniques.Where(t => t.Technique is not null))
        {
            if (!slugs.Contains(technique.Technique!.ArticleSlug))
            {
                errors.Add(new ContentError(technique.File, technique.ArticleLine, $"'article' names '{technique.Technique.ArticleSlug}', but there is no article with that slug"));
            }
        }

        ReportDuplicateSlugs(articles, errors);
        ReportDuplicateSlugs(techniques, errors);

        if (checklist is not null)
        {
            foreach (var rule in checklist.Rules)
            {
                foreach (var slug in rule.Articles.Where(s => !slugs.Contains(s)))
                {
                    errors.Add(new ContentError(Relative(rulesFile), rule.Line, $"rule '{rule.Id}' links to unknown article '{slug}'"));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ContentValidationException(errors);
        }

        var ordered = articles
            .OrderBy(a => Category.All.IndexOf(a.Category))
            .ThenBy(a => a.Order)
            .ThenBy(a => a.Slug, StringComparer.Ordinal)
            .ToImmutableArray();
        var version = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(hash.ToString())))[..12].ToLowerInvariant();
        return new ContentSnapshot(
            ordered,
            ordered.ToFrozenDictionary(a => a.Slug, StringComparer.Ordinal),
            [.. techniques.OrderBy(t => t.Slug, StringComparer.Ordinal)],
            checklist!,
            DateTimeOffset.UtcNow,
            version)
        {
            Search = search,
        };
    }

    /// <summary>search/synonyms.yaml (optional) and checklist/search-phrases.yaml (required: every emergency rule needs a phrase).</summary>
    private static Search.SearchVocabulary ReadSearch(string root, ChecklistDefinition? checklist, List<ContentError> errors, StringBuilder hash, Func<string, string> relative)
    {
        var synonymsFile = Path.Combine(root, "search", "synonyms.yaml");
        var synonyms = File.Exists(synonymsFile)
            ? SearchContentReader.ReadSynonyms(relative(synonymsFile), Read(synonymsFile, hash), errors)
            : [];
        var phrasesFile = Path.Combine(root, "checklist", "search-phrases.yaml");
        if (!File.Exists(phrasesFile))
        {
            errors.Add(new ContentError(relative(phrasesFile), 1, "required file is missing: it lists the everyday phrases that bring up each emergency and urgent rule's notice in search"));
            return new(synonyms, []);
        }

        return new(synonyms, SearchContentReader.ReadRedFlagPhrases(relative(phrasesFile), Read(phrasesFile, hash), checklist, errors));
    }

    private void CheckLinks(ParsedContent parsed, HashSet<string> slugs, List<ContentError> errors)
    {
        foreach (var link in parsed.Links)
        {
            var ok = link.Kind switch
            {
                LinkKind.Article => slugs.Contains(link.Target),
                LinkKind.SitePath => options.SitePaths.Contains(link.Target.Split('#', '?')[0])
                    || options.SitePathPrefixes.Any(p => link.Target.StartsWith(p, StringComparison.Ordinal)),
                LinkKind.Image => options.SitePathPrefixes.Any(p => link.Target.StartsWith(p, StringComparison.Ordinal)) && !link.Target.Contains("..", StringComparison.Ordinal),
                _ => true,
            };
            if (!ok)
            {
                var what = link.Kind == LinkKind.Article ? $"there is no article '{link.Target}'" : $"'{link.Target}' is not a page of this site";
                errors.Add(new ContentError(parsed.File, link.Line, "broken link: " + what));
            }
        }
    }

    private static void ReportDuplicateSlugs(IEnumerable<IReviewedContent> items, List<ContentError> errors)
    {
        foreach (var group in items.GroupBy(i => i.Slug, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First().SourcePath;
            errors.AddRange(group.Skip(1).Select(item => new ContentError(item.SourcePath, 1, $"duplicate slug '{group.Key}': {first} already uses it")));
        }
    }

    private static List<string> Files(string root, string folder, string pattern, List<ContentError> errors, Func<string, string> relative)
    {
        var dir = Path.Combine(root, folder);
        if (!Directory.Exists(dir))
        {
            errors.Add(new ContentError(relative(dir), 1, $"the '{folder}' folder is missing"));
            return [];
        }

        var files = Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            errors.Add(new ContentError(relative(dir), 1, $"the '{folder}' folder has no {pattern} files"));
        }

        return files;
    }

    private static string Read(string file, StringBuilder hash)
    {
        var text = File.ReadAllText(file, Encoding.UTF8);
        hash.Append(file).Append('\0').Append(text).Append('\0');
        return text;
    }
}
