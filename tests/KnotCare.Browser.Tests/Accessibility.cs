using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace KnotCare.Browser.Tests;

public static class Accessibility
{
    /// <summary>Runs axe-core on the page (WCAG 2.x A and AA plus best practice) and fails listing every violation.</summary>
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join("; ", v.Nodes.Select(n => n.Target?.ToString()))}");
        Assert.True(result.Violations.Length == 0, $"axe found violations on {page.Url}:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }
}

public static class Pdf
{
    /// <summary>The text of a PDF, by pdftotext (poppler-utils), with pages separated by form feeds.</summary>
    public static async Task<string> TextAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"knotcare-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("pdftotext", ["-layout", path, "-"]) { RedirectStandardOutput = true };
            using var process = System.Diagnostics.Process.Start(start)
                ?? throw new InvalidOperationException("pdftotext (poppler-utils) is not installed");
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static int PageCount(string text) => text.TrimEnd('\f', '\n', ' ').Split('\f').Length;
}
