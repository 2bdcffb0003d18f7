using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using KnotCare.Content.Checklist;
using KnotCare.Content.Markdown;

namespace KnotCare.Content.Loading;

/// <summary>Site paths content may link to, besides articles (checked at load), and the limits of a content folder.</summary>
public sealed record ContentLoadOptions(IReadOnlySet<string> SitePaths, IReadOnlySet<string> SitePathPrefixes)
{
    public static readonly ContentLoadOptions Default = new(
        new HashSet<string>(StringComparer.Ordinal) { "/", "/articles", "/check", "/plan", "/search" },
        new HashSet<string>(StringComparer.Ordinal) { "/images/" });

    /// <summary>The largest file read (bytes). The largest file today is about 10 KB; an article is a few KB.</summary>
    public long MaxFileBytes { get; init; } = 256 * 1024;

    /// <summary>
    /// The most content files in articles/ or in techniques/ (with their subfolders): twice the 10,017 articles the
    /// growth benchmark loads (docs/performance.md).
    /// </summary>
    public int MaxFilesPerFolder { get; init; } = 20_000;

    /// <summary>
    /// The most bytes read in one load, all files together: the folder is about 150 KB today, and 10,017 benchmark
    /// articles about 30 MB.
    /// </summary>
    public long MaxTotalBytes { get; init; } = 64 * 1024 * 1024;
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

        var reader = new FileReader(fullRoot, options, errors, hash, Relative);

        // Files are read in order (the version hash depends on it); parsing, rendering and scoring each file is
        // independent of the others, so it runs on all cores, keeping file order in the results.
        List<T> ReadAll<T>(string folder, Func<MarkdownService, string, string, string, T> parse) =>
            Files(fullRoot, folder, "*.md", errors, Relative)
                .Select(f => (File: f, Text: reader.Read(f)))
                .Where(f => f.Text is not null)
                .Select(f => (f.File, Text: f.Text!))
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
        var casesFile = Path.Combine(checklistDir, "cases.yaml");
        ChecklistDefinition? checklist = null;
        var missing = new[] { checklistFile, questionsFile, rulesFile, casesFile }.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            errors.AddRange(missing.Select(f => new ContentError(Relative(f), 1, "required checklist file is missing")));
        }
        else if (reader.Read(checklistFile) is { } checklistText
            && reader.Read(questionsFile) is { } questionsText
            && reader.Read(rulesFile) is { } rulesText
            && reader.Read(casesFile) is { } casesText)
        {
            var checklistReader = new ChecklistReader(
                (Relative(checklistFile), checklistText),
                (Relative(questionsFile), questionsText),
                (Relative(rulesFile), rulesText),
                (Relative(casesFile), casesText));
            checklist = checklistReader.Read(errors);
        }

        var search = ReadSearch(fullRoot, checklist, errors, reader, Relative);
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

            foreach (var level in checklist.Levels.Values)
            {
                foreach (var slug in level.Articles.Where(s => !slugs.Contains(s)))
                {
                    errors.Add(new ContentError(Relative(checklistFile), level.ArticlesLine, $"level '{level.Urgency.ToId()}' links to unknown article '{slug}'"));
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
    private static Search.SearchVocabulary ReadSearch(string root, ChecklistDefinition? checklist, List<ContentError> errors, FileReader reader, Func<string, string> relative)
    {
        var synonymsFile = Path.Combine(root, "search", "synonyms.yaml");
        var synonyms = File.Exists(synonymsFile) && reader.Read(synonymsFile) is { } synonymsText
            ? SearchContentReader.ReadSynonyms(relative(synonymsFile), synonymsText, errors)
            : [];
        var phrasesFile = Path.Combine(root, "checklist", "search-phrases.yaml");
        if (!File.Exists(phrasesFile))
        {
            errors.Add(new ContentError(relative(phrasesFile), 1, "required file is missing: it lists the everyday phrases that bring up each emergency and urgent rule's notice in search"));
            return new(synonyms, []);
        }

        return reader.Read(phrasesFile) is { } phrasesText
            ? new(synonyms, SearchContentReader.ReadRedFlagPhrases(relative(phrasesFile), phrasesText, checklist, errors))
            : new(synonyms, []);
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

    private List<string> Files(string root, string folder, string pattern, List<ContentError> errors, Func<string, string> relative)
    {
        var dir = Path.Combine(root, folder);
        if (!Directory.Exists(dir))
        {
            errors.Add(new ContentError(relative(dir), 1, $"the '{folder}' folder is missing"));
            return [];
        }

        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories)
                .Where(f => !ContentFiles.IsIgnored(f))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ContentError(relative(dir), 1, $"the '{folder}' folder could not be listed: {ex.Message}"));
            return [];
        }

        if (files.Count > options.MaxFilesPerFolder)
        {
            // Refused before any is read: the limit is there to bound the memory and time a load takes.
            errors.Add(new ContentError(relative(dir), 1, $"the '{folder}' folder has {files.Count} {pattern} files; a folder may hold at most {options.MaxFilesPerFolder}"));
            return [];
        }

        if (files.Count == 0)
        {
            errors.Add(new ContentError(relative(dir), 1, $"the '{folder}' folder has no {pattern} files"));
        }

        return files;
    }

    /// <summary>
    /// Reads content files for one load: a file that cannot be read (a dangling link, a link loop, no permission, gone
    /// since it was listed) or that is over a limit is an error naming it, never an exception. Adds each file read to
    /// the version hash.
    /// </summary>
    private sealed class FileReader(string root, ContentLoadOptions options, List<ContentError> errors, StringBuilder hash, Func<string, string> relative)
    {
        private long total;
        private bool totalReported;

        public string? Read(string file)
        {
            byte[] bytes;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (stream.Length > options.MaxFileBytes)
                {
                    errors.Add(new ContentError(relative(file), 1, TooBig(stream.Length)));
                    return null;
                }

                // One byte more than the length: a file that grows while it is read is caught, not read in part.
                bytes = new byte[stream.Length + 1];
                var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                if (read > stream.Length)
                {
                    errors.Add(new ContentError(relative(file), 1, "the file changed while it was being read; it is read again on the next reload"));
                    return null;
                }

                Array.Resize(ref bytes, read);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ContentError(relative(file), 1, $"the file could not be read ({ex.GetType().Name}: {ex.Message})"));
                return null;
            }

            total += bytes.Length;
            if (total > options.MaxTotalBytes)
            {
                if (!totalReported)
                {
                    totalReported = true;
                    errors.Add(new ContentError(relative(file), 1, $"the content folder is over its limit of {options.MaxTotalBytes:N0} bytes in all (reached at this file)"));
                }

                return null;
            }

            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var text = reader.ReadToEnd();
            // By the path inside the content folder, so the same content has the same version wherever it lives
            // (every instance of a cluster, every cache's ETag).
            hash.Append(Path.GetRelativePath(root, file).Replace('\\', '/')).Append('\0').Append(text).Append('\0');
            return text;
        }

        private string TooBig(long length) =>
            $"the file is {length:N0} bytes or more; a content file may be at most {options.MaxFileBytes:N0} bytes";
    }
}

/// <summary>Which files in the content folder are not content: editors' temp, backup, swap and lock files.</summary>
public static class ContentFiles
{
    /// <summary>
    /// True for hidden files and editors' working files: names starting with '.', '#' or '~' (.#faq.md Emacs locks,
    /// .faq.md.swp Vim swap files, .~lock.faq.md# LibreOffice locks) or ending with '~' or '#' (backups, autosaves),
    /// and names ending in .swp or .tmp. Such files are neither loaded nor a reason to reload.
    /// </summary>
    public static bool IsIgnored(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        return name.Length == 0
            || name[0] is '.' or '#' or '~'
            || name[^1] is '~' or '#'
            || name.EndsWith(".swp", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// When a content file (not an ignored one) under <paramref name="root"/> was last written, or null when there
    /// are none. Unreadable folders are skipped; a link counts by its own time when its target is missing.
    /// </summary>
    public static DateTime? LastWriteUtc(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        DateTime? newest = null;
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", options))
        {
            if (IsIgnored(file.Name))
            {
                continue;
            }

            var written = file.LastWriteTimeUtc;
            if (newest is null || written > newest)
            {
                newest = written;
            }
        }

        return newest;
    }

    /// <summary>
    /// How much longer to wait so that no file has changed for <paramref name="quiet"/> before content is read; zero
    /// when it is quiet already. A write time in the future (a clock or copy quirk) does not hold reloads back.
    /// </summary>
    public static TimeSpan QuietTimeLeft(DateTime? lastWriteUtc, DateTime nowUtc, TimeSpan quiet)
    {
        if (lastWriteUtc is not { } last || last > nowUtc)
        {
            return TimeSpan.Zero;
        }

        var left = quiet - (nowUtc - last);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
