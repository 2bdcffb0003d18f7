using System.Diagnostics;
using KnotCare.Content;

namespace KnotCare.Web.Tests;

public sealed class StartupTests
{
    /// <summary>Copies the repository's content to a temp folder so a test can break one file.</summary>
    private static string CopyOfContent()
    {
        var source = RepoContentRoot();
        var target = Path.Combine(Path.GetTempPath(), "knotcare-web-tests", Guid.NewGuid().ToString("N"), "content");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    public static string RepoContentRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KnotCare.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("KnotCare.sln not found"), "content");
    }

    private static void BreakFaqTitle(string root)
    {
        var path = Path.Combine(root, "articles", "faq.md");
        var lines = File.ReadAllLines(path).ToList();
        var index = lines.FindIndex(l => l.StartsWith("title:", StringComparison.Ordinal));
        lines[index] = "titel: Misspelt field";
        File.WriteAllLines(path, lines);
    }

    /// <summary>WebApplicationFactory cannot stop a host that failed to start (it throws from Host.StopAsync); nothing is left running.</summary>
    private static void DisposeUnstarted(KnotCareFactory factory)
    {
        try
        {
            factory.Dispose();
        }
        catch (ArgumentNullException)
        {
        }
    }

    [Fact]
    public void Invalid_content_stops_the_host_with_file_and_line()
    {
        var root = CopyOfContent();
        BreakFaqTitle(root);
        var factory = new KnotCareFactory(new() { ["Content:Root"] = root });

        var error = Assert.Throws<ContentValidationException>(() => factory.CreateClient());
        DisposeUnstarted(factory);
        Assert.Contains(error.Errors, e => e.File == "content/articles/faq.md" && e.Line == 2 && e.Message.Contains("titel", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_content_folder_stops_the_host()
    {
        var factory = new KnotCareFactory(new() { ["Content:Root"] = Path.Combine(Path.GetTempPath(), "knotcare-missing", Guid.NewGuid().ToString("N")) });
        var error = Assert.Throws<ContentValidationException>(() => factory.CreateClient());
        DisposeUnstarted(factory);
        Assert.Contains("the content folder does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_process_exits_with_code_1_and_names_the_file_and_line()
    {
        var root = CopyOfContent();
        BreakFaqTitle(root);
        var app = Path.Combine(AppContext.BaseDirectory, "KnotCare.Web.dll");
        var start = new ProcessStartInfo("dotnet", [app])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Content__Root"] = root;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        var message = await stderr;
        Assert.Contains("KnotCare did not start.", message, StringComparison.Ordinal);
        Assert.Contains("content/articles/faq.md(2):", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", message + await stdout, StringComparison.Ordinal);
    }
}
