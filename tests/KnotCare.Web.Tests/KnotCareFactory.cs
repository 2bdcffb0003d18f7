using System.Collections.Concurrent;
using AngleSharp;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using KnotCare.Content;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace KnotCare.Web.Tests;

/// <summary>Keeps every log event the app writes, rendered, so tests can prove what never reaches the logs.</summary>
public sealed class CapturedLogs : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> events = new();

    public IReadOnlyCollection<LogEvent> Events => events;

    public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);

    /// <summary>Each event as text: the rendered message, every property and the exception.</summary>
    public IEnumerable<string> Rendered() => events.Select(e =>
        e.RenderMessage() + " | " + string.Join(" | ", e.Properties.Select(p => p.Key + "=" + p.Value)) + " | " + e.Exception);

    /// <summary>Whether a rendered event is the app's request log line for this method and path.</summary>
    public static bool IsRequestLog(string rendered, string method, string path) =>
        rendered.StartsWith($"HTTP \"{method}\" \"{path}\" responded ", StringComparison.Ordinal);

    /// <summary>
    /// <see cref="Rendered"/> as soon as one event matches <paramref name="expected"/>, or after two seconds: a request's
    /// log is written as its response completes, a moment after the client has the response. Callers still assert.
    /// </summary>
    public async Task<List<string>> RenderedOnceAsync(Func<string, bool> expected)
    {
        var logs = Rendered().ToList();
        for (var i = 0; i < 100 && !logs.Exists(l => expected(l)); i++)
        {
            await Task.Delay(20);
            logs = [.. Rendered()];
        }

        return logs;
    }
}

/// <summary>The real app on the repository's content, in memory; settings can be overridden per factory.</summary>
public class KnotCareFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    public KnotCareFactory()
        : this([])
    {
    }

    internal KnotCareFactory(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        this.settings = settings;
        this.services = services;
    }

    private readonly Action<IServiceCollection>? services;

    public CapturedLogs Logs { get; } = new();

    public ContentSnapshot Content => Services.GetRequiredService<ContentStore>().Current;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The app finds the build's pre-compressed static files itself (UseBuildOutputStaticAssets), as it does when run.
        builder.UseEnvironment("Production");

        // Many tests post from the same in-memory client; the rate-limit test turns the limiter back on.
        builder.UseSetting("RateLimiting:Enabled", "false");

        // Every request is logged in tests, at the most verbose level, so the log-leak tests see everything.
        builder.UseSetting("Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware", "Debug");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(collection =>
        {
            collection.AddSingleton<ILogEventSink>(Logs);
            services?.Invoke(collection);
        });
    }
}

public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return await response.ParseAsync();
    }

    public static async Task<IHtmlDocument> ParseAsync(this HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return await Parser.ParseDocumentAsync(html);
    }

    public static string Text(this AngleSharp.Dom.IElement? element) => element?.TextContent.Trim() ?? "";

    public static IConfiguration Config => Configuration.Default;
}
