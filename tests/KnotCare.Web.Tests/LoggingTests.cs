using KnotCare.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;

namespace KnotCare.Web.Tests;

/// <summary>
/// An operator who turns every log up to Verbose (here: every Microsoft category too) still never gets the framework's
/// request log, which writes whole addresses with their query strings, nor anyone's checklist answers.
/// </summary>
public sealed class LoggingTests : IDisposable
{
    private readonly KnotCareFactory factory = new(new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Default"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose",
        ["Serilog:MinimumLevel:Override:" + KnotCareLogging.FrameworkRequestLog] = "Verbose",
    });

    public void Dispose() => factory.Dispose();

    [Fact]
    public void The_framework_request_log_is_off_whatever_the_settings_say()
    {
        var logger = factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger(KnotCareLogging.FrameworkRequestLog);

        // Enabled at any level, the host would also start an Activity and a logging scope for every request.
        Assert.False(logger.IsEnabled(LogLevel.Critical));
        Assert.True(factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Routing").IsEnabled(LogLevel.Trace));
    }

    [Fact]
    public async Task A_plan_address_never_reaches_the_logs_even_at_verbose()
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/plan?area=lower-back&minutes=5&cause=stress&note=numb-legs-secret", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

        var logs = await factory.Logs.RenderedOnceAsync(IsPlanRequestLog);
        Assert.Contains(logs, IsPlanRequestLog);
        Assert.DoesNotContain(factory.Logs.Events, e => e.Properties.TryGetValue("SourceContext", out var source)
            && source is ScalarValue { Value: KnotCareLogging.FrameworkRequestLog });
        Assert.DoesNotContain(logs, l => l.Contains("numb-legs-secret", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("cause=stress", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Checklist_answers_never_reach_the_logs_even_at_verbose()
    {
        var (page, result) = await factory.CreateClient().PostPrivateAnswersAsync(factory.Content.Checklist);
        Assert.Equal("emergency", result.GetElementById("care-card")?.GetAttribute("data-urgency"));

        var logs = await factory.Logs.RenderedOnceAsync(IsCheckPostLog);
        Assert.Contains(logs, IsCheckPostLog);

        // The framework's debug logs are really on (model binding names the fields it binds, "answers[saddle-numbness]":
        // the same list for every visitor). What a person answered, and their result, must not appear.
        Assert.Contains(factory.Logs.Events, e => e.Level <= LogEventLevel.Debug && e.Properties.TryGetValue("SourceContext", out var source)
            && source.ToString().StartsWith("\"Microsoft.AspNetCore.Mvc", StringComparison.Ordinal));
        foreach (var secret in new[] { Forms.PrivateMarker, "not-sure", "emergency", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")! })
        {
            Assert.DoesNotContain(logs, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static bool IsCheckPostLog(string line) => CapturedLogs.IsRequestLog(line, "POST", "/check");

    private static bool IsPlanRequestLog(string line) => CapturedLogs.IsRequestLog(line, "GET", "/plan");
}
