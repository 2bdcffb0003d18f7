using System.Diagnostics;
using System.Text.Json;

namespace KnotCare.Browser.Tests;

/// <summary>
/// Every page type, results included, is valid HTML by the W3C Nu HTML checker (vnu.jar, from the npm package
/// vnu-jar; tests/run-all.sh installs it and a Java runtime). The checker refuses 127.0.0.1 addresses, so the
/// pages the server sent are saved to files and checked in one Java run.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class HtmlValidityTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Every_page_type_is_valid_html_by_the_nu_checker()
    {
        var folder = Directory.CreateTempSubdirectory("knotcare-vnu-");
        try
        {
            var page = await fixture.NewPageAsync(new() { Width = 390, Height = 844 });
            foreach (var name in PageTypes.Names)
            {
                var html = await PageTypes.OpenAsync(page, name);
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, name + ".html"), html);
            }

            await page.Context.CloseAsync();
            var errors = await Vnu.ErrorsAsync(folder.FullName);
            Assert.True(errors.Count == 0, $"the Nu checker found {errors.Count} errors:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

/// <summary>The W3C Nu HTML checker, run once over a folder of HTML files.</summary>
public static class Vnu
{
    /// <summary>vnu.jar: VNU_JAR, or where tests/run-all.sh installs it (.tools/vnu under the repository root).</summary>
    public static string JarPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("VNU_JAR") is { Length: > 0 } path)
            {
                return path;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ".tools", "vnu", "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("vnu.jar not found: run tests/run-all.sh (it installs the npm package vnu-jar into .tools/vnu) or set VNU_JAR.");
        }
    }

    /// <summary>Each error as "file:line:column: message".</summary>
    public static async Task<IReadOnlyList<string>> ErrorsAsync(string folder)
    {
        var start = new ProcessStartInfo("java", ["-jar", JarPath, "--errors-only", "--format", "json", "--stdout", "--skip-non-html", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("java is not installed (apt-get install default-jre-headless)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var json = await stdout;
        Assert.True(json.TrimStart().StartsWith('{'), $"vnu gave no report (exit {process.ExitCode}): {await stderr}");

        using var report = JsonDocument.Parse(json);
        return [.. report.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("type").GetString() is "error" or "non-document-error")
            .Select(m => $"{Path.GetFileName(m.TryGetProperty("url", out var url) ? url.GetString() : "?")}:{(m.TryGetProperty("lastLine", out var line) ? line.GetInt32() : 0)}:{(m.TryGetProperty("firstColumn", out var column) ? column.GetInt32() : 0)}: {m.GetProperty("message").GetString()}")];
    }
}
