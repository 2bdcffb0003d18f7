using System.Globalization;
using KnotCare.Content.Search;
using Xunit.Abstractions;

namespace KnotCare.Content.Tests;

/// <summary>
/// The relevance set (Relevance/queries.txt): everyday queries, each with the pages that must be in the top 3. The
/// score (queries whose pages are all in the top 3, of all queries) is printed for CI, and any miss fails the test.
/// </summary>
public sealed class RelevanceTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The line CI prints from the test results; tests/run-all.sh looks for this prefix.</summary>
    public const string ScorePrefix = "Search relevance score:";

    private readonly SearchIndex index = new(RepoContent.Load());

    public void Dispose() => index.Dispose();

    public static IReadOnlyList<(int Line, string Query, string[] Expected)> Set { get; } = ReadSet();

    [Fact]
    public void The_relevance_set_finds_every_expected_page_in_the_top_3()
    {
        Assert.True(Set.Count >= 40, $"the relevance set has {Set.Count} queries; it needs at least 40");
        var misses = new List<string>();
        foreach (var (line, query, expected) in Set)
        {
            var top = index.Search(query).Hits.Take(3).Select(h => h.Url).ToList();
            var missing = expected.Where(e => !top.Contains(e)).ToList();
            if (missing.Count > 0)
            {
                misses.Add($"  queries.txt({line}) '{query}': missing {string.Join(", ", missing)}; top 3 were {(top.Count == 0 ? "(none)" : string.Join(", ", top))}");
            }
        }

        var passed = Set.Count - misses.Count;
        var score = string.Create(CultureInfo.InvariantCulture, $"{ScorePrefix} {passed}/{Set.Count} ({100.0 * passed / Set.Count:0.0}%) queries with every expected page in the top 3");
        output.WriteLine(score);
        foreach (var miss in misses)
        {
            output.WriteLine(miss);
        }

        Assert.True(misses.Count == 0, score + Environment.NewLine + string.Join(Environment.NewLine, misses));
    }

    [Fact]
    public void Every_expected_page_exists()
    {
        var snapshot = RepoContent.Load();
        var urls = snapshot.Articles.Select(a => a.Url).Concat(snapshot.Techniques.Select(t => t.Url)).ToHashSet(StringComparer.Ordinal);
        Assert.All(Set, entry => Assert.All(entry.Expected, url => Assert.True(urls.Contains(url), $"queries.txt({entry.Line}): no page {url}")));
    }

    private static List<(int Line, string Query, string[] Expected)> ReadSet()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Relevance", "queries.txt");
        var set = new List<(int, string, string[])>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var parts = text.Split("=>", 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0)
            {
                throw new InvalidDataException($"queries.txt({i + 1}): expected 'query => /url, /url'");
            }

            var expected = parts[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (expected.Length is 0 or > 3 || expected.Any(e => !e.StartsWith('/')))
            {
                throw new InvalidDataException($"queries.txt({i + 1}): list one to three site paths after '=>'");
            }

            set.Add((i + 1, parts[0], expected));
        }

        return set;
    }
}
