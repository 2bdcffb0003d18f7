using System.Net;
using KnotCare.Content;
using Microsoft.Extensions.DependencyInjection;

namespace KnotCare.Web.Tests;

/// <summary>
/// Nothing a content folder holds may stop the process. Each test runs the app on its own copy of the content with a
/// short debounce, and changes the folder under it.
/// </summary>
public sealed class ContentWatcherTests : IDisposable
{
    private readonly string root = StartupTests.CopyOfContentForTests();
    private readonly KnotCareFactory factory;

    public ContentWatcherTests()
    {
        factory = new KnotCareFactory(new() { ["Content:Root"] = root, ["Content:DebounceMilliseconds"] = "100" });
        _ = factory.CreateClient();
    }

    public void Dispose()
    {
        factory.Dispose();
        Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition, int seconds = 10)
    {
        for (var i = 0; i < seconds * 20 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        return condition();
    }

    private bool Logged(params string[] parts) =>
        factory.Logs.Rendered().Any(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)));

    private void SetFaqTitle(string title)
    {
        var path = Path.Combine(root, "articles", "faq.md");
        var lines = File.ReadAllLines(path);
        lines[Array.FindIndex(lines, l => l.StartsWith("title:", StringComparison.Ordinal))] = "title: " + title;
        File.WriteAllLines(path, lines);
    }

    private async Task AssertServesAsync(string title)
    {
        var client = factory.CreateClient();
        Assert.Equal(title, (await client.GetDocumentAsync("/articles/faq")).QuerySelector("h1").Text());
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task An_editor_lock_link_is_no_reason_to_reload()
    {
        var title = factory.Content.FindArticle("faq")!.Title;
        File.CreateSymbolicLink(Path.Combine(root, "articles", ".#faq.md"), "editor@host.4242:1764000000");
        File.WriteAllText(Path.Combine(root, "articles", ".faq.md.swp"), "swap");
        File.WriteAllText(Path.Combine(root, "articles", "faq.md~"), "backup");

        await Task.Delay(800);

        Assert.False(Logged("Content re"), string.Join(Environment.NewLine, factory.Logs.Rendered()));
        await AssertServesAsync(title);
    }

    [Fact]
    public async Task A_dangling_link_is_a_rejected_reload_naming_it_and_the_last_good_content_stays()
    {
        var version = factory.Content.Version;
        var title = factory.Content.FindArticle("faq")!.Title;
        File.CreateSymbolicLink(Path.Combine(root, "articles", "zzz.md"), "/nonexistent/zzz.md");

        Assert.True(await EventuallyAsync(() => Logged("content/articles/zzz.md", "could not be read")), "the rejected reload was not logged");
        Assert.True(Logged("Content reload rejected"));
        Assert.Equal(version, factory.Content.Version);
        await AssertServesAsync(title);
    }

    [Fact]
    public async Task Any_failure_during_a_reload_is_logged_and_the_next_change_still_reloads()
    {
        var store = factory.Services.GetRequiredService<ContentStore>();
        var title = factory.Content.FindArticle("faq")!.Title;
        void Boom(object? sender, ContentSnapshot snapshot) => throw new InvalidOperationException("boom after the swap");
        store.Reloaded += Boom;

        SetFaqTitle("First change");
        Assert.True(await EventuallyAsync(() => Logged("Content reload failed")), "the failure was not logged");
        store.Reloaded -= Boom;

        SetFaqTitle("Second change");
        Assert.True(await EventuallyAsync(() => factory.Content.FindArticle("faq")!.Title == "Second change"), $"still '{title}'");
        await AssertServesAsync("Second change");
    }
}
