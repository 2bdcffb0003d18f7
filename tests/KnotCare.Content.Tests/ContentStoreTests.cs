using KnotCare.Content.Loading;
using KnotCare.Content.Markdown;

namespace KnotCare.Content.Tests;

public sealed class ContentStoreTests : IDisposable
{
    private readonly TestContent content = new();

    public void Dispose() => content.Dispose();

    private ContentStore NewStore() => new(new ContentLoader(new MarkdownService()), content.Root);

    [Fact]
    public void Invalid_content_at_start_throws()
    {
        content.Replace("articles/alpha.md", "title: Alpha article\n", "");

        Assert.Throws<ContentValidationException>(NewStore);
    }

    [Fact]
    public void A_good_reload_swaps_in_a_whole_new_snapshot()
    {
        var store = NewStore();
        var before = store.Current;
        ContentSnapshot? raised = null;
        store.Reloaded += (_, s) => raised = s;
        content.Replace("articles/alpha.md", "title: Alpha article", "title: Alpha article, revised");

        var outcome = store.Reload();

        Assert.True(outcome.Succeeded);
        Assert.Equal("Alpha article, revised", store.Current.FindArticle("alpha")!.Title);
        Assert.Equal("Alpha article", before.FindArticle("alpha")!.Title);
        Assert.NotEqual(before.Version, store.Current.Version);
        Assert.Same(store.Current, raised);
    }

    [Fact]
    public void A_bad_reload_keeps_the_last_good_snapshot_and_reports_file_and_line()
    {
        var store = NewStore();
        var before = store.Current;
        content.Replace("articles/beta.md", "(alpha.md)", "(missing.md)");

        var outcome = store.Reload();

        Assert.False(outcome.Succeeded);
        Assert.Same(before, store.Current);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal("content/articles/beta.md", error.File);
        Assert.Equal(19, error.Line);
    }
}
