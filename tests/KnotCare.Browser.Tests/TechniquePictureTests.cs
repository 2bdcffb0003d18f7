using Microsoft.Playwright;

namespace KnotCare.Browser.Tests;

/// <summary>
/// The drawn poses in a real browser: each technique page on a 390 px phone screen, screenshotted into
/// TestResults/technique-screenshots for a person to look at (not compared pixel by pixel), checked by axe-core;
/// the pictures' colour in dark mode and in print; and the plan printed with its pictures.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class TechniquePictureTests(BrowserFixture fixture)
{
    private const int PhoneWidth = 390;

    /// <summary>Where the screenshots go: TestResults/technique-screenshots at the repository root.</summary>
    public static string ScreenshotFolder { get; } = FindFolder();

    [Fact]
    public async Task Each_technique_page_at_390px_shows_its_pictures_whole_and_is_saved_for_review()
    {
        if (Directory.Exists(ScreenshotFolder))
        {
            foreach (var old in Directory.GetFiles(ScreenshotFolder, "*.png"))
            {
                File.Delete(old);
            }
        }

        Directory.CreateDirectory(ScreenshotFolder);
        var page = await fixture.NewPageAsync(new() { Width = PhoneWidth, Height = 844 });
        foreach (var technique in fixture.Content.Techniques)
        {
            await page.GotoAsync(technique.Url);
            await Accessibility.AssertNoViolationsAsync(page);
            var pictures = page.Locator("article .pose-figures svg");
            Assert.Equal(technique.Pictures.Length, await pictures.CountAsync());
            for (var i = 0; i < technique.Pictures.Length; i++)
            {
                var box = await pictures.Nth(i).BoundingBoxAsync();
                Assert.True(box is not null, $"{technique.Slug}: picture {i + 1} is not shown");
                Assert.True(box.X >= 0 && box.X + box.Width <= PhoneWidth, $"{technique.Slug}: picture {i + 1} runs off a {PhoneWidth} px screen ({box.X} + {box.Width})");
                Assert.True(box.Width >= 200, $"{technique.Slug}: picture {i + 1} is only {box.Width} px wide on a phone");
            }

            Assert.Equal(PhoneWidth, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, technique.Slug + ".png"), FullPage = true });
        }

        Assert.Equal(
            fixture.Content.Techniques.Select(t => t.Slug + ".png").Order(StringComparer.Ordinal),
            Directory.GetFiles(ScreenshotFolder, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Pictures_draw_in_the_text_colour_so_they_follow_dark_mode_and_print_black()
    {
        var page = await fixture.NewPageAsync(new() { Width = PhoneWidth, Height = 844 });
        await page.GotoAsync("/techniques/cat-cow");
        const string colours = "() => [getComputedStyle(document.querySelector('.pose-figures svg g')).stroke, getComputedStyle(document.querySelector('.pose-figure figcaption')).color]";

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        var light = await page.EvaluateAsync<string[]>(colours);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        var dark = await page.EvaluateAsync<string[]>(colours);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark, Media = Media.Print });
        var print = await page.EvaluateAsync<string[]>(colours);

        Assert.Equal(light[1], light[0]);
        Assert.Equal(dark[1], dark[0]);
        Assert.NotEqual(light[0], dark[0]);
        Assert.Equal("rgb(0, 0, 0)", print[0]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_longest_plan_prints_with_its_pictures_on_at_most_two_A4_pages()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/plan?area=upper-back-neck&area=between-shoulder-blades&area=lower-back&equipment=foam-roller&equipment=ball"
            + "&equipment=heat-pack&equipment=cold-pack&equipment=resistance-band&equipment=light-weight&minutes=30&cause=not-sure");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.EmulateMediaAsync(new() { Media = Media.Print });

        var pictures = page.Locator("#plan .plan-item .pose-figures-small svg");
        Assert.True(await pictures.CountAsync() >= 5);
        for (var i = 0; i < await pictures.CountAsync(); i++)
        {
            Assert.True(await pictures.Nth(i).IsVisibleAsync(), $"picture {i + 1} of the plan does not print");
        }

        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = false });
        Directory.CreateDirectory(ScreenshotFolder);
        await File.WriteAllBytesAsync(Path.Combine(ScreenshotFolder, "plan-longest.pdf"), pdf);
        var pages = Pdf.PageCount(await Pdf.TextAsync(pdf));
        Assert.True(pages <= 2, $"the plan with pictures printed on {pages} pages");
        await page.Context.CloseAsync();
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KnotCare.sln")))
            {
                return Path.Combine(dir.FullName, "TestResults", "technique-screenshots");
            }
        }

        throw new InvalidOperationException("Could not find KnotCare.sln above " + AppContext.BaseDirectory);
    }
}
