using System.Diagnostics;

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

    public static string CopyOfContentForTests() => CopyOfContent();

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

    [Theory]
    [InlineData("broken-title", "content/articles/faq.md(2): unknown front-matter field 'titel'")]
    [InlineData("missing-folder", "the content folder does not exist")]
    public async Task The_real_process_refuses_to_start_with_exit_code_1_and_a_clear_message(string breakage, string expected)
    {
        var root = CopyOfContent();
        if (breakage == "broken-title")
        {
            BreakFaqTitle(root);
        }
        else
        {
            Directory.Delete(root, recursive: true);
        }

        AssertRefusedToStart(await RunAppAsync(root, "http://127.0.0.1:0"), expected);
    }

    /// <summary>
    /// A failure that is not about content or settings (here the port is taken) also ends with exit code 1 and the
    /// whole error on stderr, not a crash: the framework's own start-up error log is switched off with its request log.
    /// </summary>
    [Fact]
    public async Task Any_other_start_up_failure_is_reported_with_exit_code_1()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        AssertRefusedToStart(await RunAppAsync(RepoContentRoot(), $"http://127.0.0.1:{port}"), "address already in use", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The built app run outside Development (<c>dotnet run --no-launch-profile</c>, or the build output started by
    /// hand) serves its stylesheet, compressed too. The build's asset manifest points the compressed variants at the
    /// build's own folders, which only the static web assets loader knows about; without it a browser asking for gzip
    /// got an empty 200 and an unstyled site.
    /// </summary>
    [Fact]
    public async Task The_built_app_outside_Development_serves_its_stylesheet_compressed_and_plain()
    {
        // Port 0: the app picks a free port and says which in its "Now listening on" line.
        using var process = Process.Start(AppStartInfo(RepoContentRoot(), "http://127.0.0.1:0"))!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            const string Marker = "Now listening on: ";
            var at = line.Data?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
            if (at >= 0)
            {
                listening.TrySetResult(new Uri(line.Data![(at + Marker.Length)..].Trim()));
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the app exited before it listened"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None })
            {
                BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)),
            };
            var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
            var stylesheet = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(home)
                .QuerySelector("link[rel=stylesheet]")?.GetAttribute("href");
            Assert.NotNull(stylesheet);

            foreach (var encoding in new[] { "gzip", "identity" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, stylesheet);
                request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
                using var response = await client.SendAsync(request);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync();
                await using var decoded = response.Content.Headers.ContentEncoding.Contains("gzip")
                    ? new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress)
                    : body;
                using var reader = new StreamReader(decoded);
                Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains(":root", await reader.ReadToEndAsync(), StringComparison.Ordinal);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Runs the built app as a real process until it exits (at most a minute).</summary>
    /// <summary>The process ended with exit code 1, "KnotCare did not start." and the reason on stderr, and no crash report.</summary>
    internal static void AssertRefusedToStart((int ExitCode, string Stderr, string Stdout) run, string reason, StringComparison comparison = StringComparison.Ordinal)
    {
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("KnotCare did not start.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(reason, run.Stderr, comparison);
        Assert.DoesNotContain("Unhandled exception", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    internal static async Task<(int ExitCode, string Stderr, string Stdout)> RunAppAsync(string contentRoot, string urls, params (string Name, string Value)[] environment)
    {
        var start = AppStartInfo(contentRoot, urls);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stderr, await stdout);
    }

    /// <summary>The built app (the copy beside the tests), in Production, on the given content and address.</summary>
    private static ProcessStartInfo AppStartInfo(string contentRoot, string urls)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "KnotCare.Web.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Content__Root"] = contentRoot;
        start.Environment["Content__Watch"] = "false";
        start.Environment["ASPNETCORE_URLS"] = urls;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }
}
