using System.Text;
using KnotCare.Content.Loading;
using KnotCare.Content.Markdown;

namespace KnotCare.Content.Tests;

/// <summary>
/// Nothing a content folder holds may crash a load: files that cannot be read are load errors naming the file, editor
/// temp and lock files are ignored, and sizes and counts have limits. A dangling editor lock link (.#faq.md) used to
/// throw FileNotFoundException out of the loader, which on the watcher's timer thread ended the process.
/// </summary>
public sealed class ContentFolderHardeningTests : IDisposable
{
    private readonly TestContent content = new();

    public void Dispose() => content.Dispose();

    private string PathOf(string relative) => Path.Combine(content.Root, relative);

    [Theory]
    [InlineData(".#alpha.md")]
    [InlineData(".alpha.md.swp")]
    [InlineData(".alpha.md")]
    [InlineData("#alpha.md#")]
    [InlineData("alpha.md~")]
    [InlineData("~alpha.md")]
    [InlineData(".~lock.alpha.md#")]
    public void Editor_temp_and_lock_files_are_ignored_even_as_dangling_links(string name)
    {
        // Emacs makes its lock file a symbolic link to "user@host.pid", which does not exist.
        File.CreateSymbolicLink(PathOf("articles/" + name), "root@knotcare.12345:1700000000");
        File.WriteAllText(PathOf("techniques/" + name), "half-saved junk, not content");

        var snapshot = content.Load();

        Assert.Equal(2, snapshot.Articles.Length);
        Assert.Single(snapshot.Techniques);
    }

    [Fact]
    public void A_dangling_link_that_looks_like_content_is_a_load_error_naming_it()
    {
        File.CreateSymbolicLink(PathOf("articles/gamma.md"), "/nonexistent/gamma.md");

        var error = Assert.Single(content.LoadFails().Errors);

        Assert.Equal("content/articles/gamma.md", error.File);
        Assert.Contains("could not be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_loop_is_a_load_error_not_an_exception()
    {
        content.Delete("checklist/rules.yaml");
        File.CreateSymbolicLink(PathOf("checklist/rules.yaml"), "rules.yaml");

        var error = Assert.Single(content.LoadFails().Errors);

        Assert.Equal("content/checklist/rules.yaml", error.File);
        Assert.Contains("could not be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_naming_the_file_and_the_limit()
    {
        var paragraph = string.Concat(Enumerable.Repeat("Rest the sore part. Then move it gently. ", 30)) + "\n\n";
        var big = new StringBuilder(TestContent.ArticleB.Replace("title: Beta article", "title: Big article", StringComparison.Ordinal));
        while (big.Length <= ContentLoadOptions.Default.MaxFileBytes)
        {
            big.Append('\n').Append(paragraph);
        }

        content.Write("articles/big.md", big.ToString());

        var error = Assert.Single(content.LoadFails().Errors);

        Assert.Equal("content/articles/big.md", error.File);
        Assert.Contains($"{ContentLoadOptions.Default.MaxFileBytes:N0} bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_files_in_a_folder_are_refused_before_any_is_read()
    {
        for (var i = 0; i < 4; i++)
        {
            File.WriteAllText(PathOf($"techniques/extra-{i:D4}.md"), "not even front matter");
        }

        var loader = new ContentLoader(new MarkdownService(), ContentLoadOptions.Default with { MaxFilesPerFolder = 4 });
        var errors = Assert.Throws<ContentValidationException>(() => loader.Load(content.Root)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal("content/techniques", error.File);
        Assert.Contains("has 5 *.md files; a folder may hold at most 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_whole_folder_has_a_size_limit_too()
    {
        var loader = new ContentLoader(new MarkdownService(), ContentLoadOptions.Default with { MaxTotalBytes = 1000 });

        var errors = Assert.Throws<ContentValidationException>(() => loader.Load(content.Root)).Errors;

        Assert.Contains(errors, e => e.Message.Contains("1,000 bytes", StringComparison.Ordinal) && e.File.StartsWith("content/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_repository_content_is_well_within_the_limits()
    {
        var files = Directory.EnumerateFiles(RepoContent.Root, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToList();
        Assert.True(files.Max(f => f.Length) * 4 < ContentLoadOptions.Default.MaxFileBytes);
        Assert.True(files.Sum(f => f.Length) * 4 < ContentLoadOptions.Default.MaxTotalBytes);
    }
}

/// <summary>A reload reads only when no content file has been written for the quiet period.</summary>
public sealed class QuietPeriodTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 3, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData(null, 0)]
    [InlineData(0, 500)]
    [InlineData(-100, 400)]
    [InlineData(-499, 1)]
    [InlineData(-500, 0)]
    [InlineData(-60_000, 0)]
    [InlineData(5_000, 0)]
    public void Quiet_time_left(int? writtenMillisecondsFromNow, int expectedMilliseconds)
    {
        var written = writtenMillisecondsFromNow is { } ms ? Now.AddMilliseconds(ms) : (DateTime?)null;

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), ContentFiles.QuietTimeLeft(written, Now, Quiet));
    }

    [Fact]
    public void The_last_write_is_the_newest_content_file_in_any_folder_and_ignores_editor_files()
    {
        using var content = new TestContent();
        var old = Now.AddDays(-1);
        foreach (var file in Directory.EnumerateFiles(content.Root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, old);
        }

        File.SetLastWriteTimeUtc(Path.Combine(content.Root, "techniques", "ball.md"), old.AddMinutes(5));
        content.Write("articles/.#alpha.md", "lock");
        content.Write("articles/alpha.md~", "backup");

        Assert.Equal(old.AddMinutes(5), ContentFiles.LastWriteUtc(content.Root));
    }
}
