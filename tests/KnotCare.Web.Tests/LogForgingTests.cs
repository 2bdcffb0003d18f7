using System.Globalization;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace KnotCare.Web.Tests;

/// <summary>
/// Nothing a client sends can start a new line in the log. A path with an encoded line break used to write a forged
/// "[00:00:00 INF]" line into the console log; every logged value now has its control characters escaped.
/// </summary>
public sealed class LogForgingTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    /// <summary>The console sink's template in appsettings.json.</summary>
    private static readonly MessageTemplateTextFormatter Console = new(
        "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("/x%0a[00:00:00 INF] forged-lf", "forged-lf")]
    [InlineData("/x%0d%0a[00:00:00 ERR] forged-crlf", "forged-crlf")]
    [InlineData("/x%0d[00:00:00 INF] forged-cr-only", "forged-cr-only")]
    [InlineData("/x%1b%5b2K%1b%5b1Gforged-ansi", "forged-ansi")]
    [InlineData("/x%e2%80%a8forged-ls%c2%85forged-nel%7f%1f", "forged-ls")]
    public async Task A_path_with_control_characters_is_logged_on_one_line_with_them_escaped(string path, string marker)
    {
        using var response = await factory.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        var logs = await factory.Logs.RenderedOnceAsync(l => l.Contains(marker, StringComparison.Ordinal));
        var events = factory.Logs.Events.Where(e => e.RenderMessage().Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(events);
        foreach (var logEvent in events)
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            Console.Format(logEvent, writer);
            var line = writer.ToString();
            Assert.EndsWith(Environment.NewLine, line, StringComparison.Ordinal);
            var text = line[..^Environment.NewLine.Length];
            Assert.DoesNotContain(text, c => char.IsControl(c) || c is '\u2028' or '\u2029');
            Assert.Contains("/x\\", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(logs, l => l.Contains("\n[00:00:00", StringComparison.Ordinal) || l.Contains("\r[00:00:00", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_kind_of_value_is_escaped_in_one_place()
    {
        var escaped = KnotCare.Web.Infrastructure.LogEscaping.Escape("a\nb\rc\td\u001be\u007ff\u0085g\u2028h\u2029i\0j");
        Assert.Equal("a\\nb\\rc\\td\\u001Be\\u007Ff\\u0085g\\u2028h\\u2029i\\u0000j", escaped);
        Assert.Equal("plain text, ünïcödé & \"quotes\"", KnotCare.Web.Infrastructure.LogEscaping.Escape("plain text, ünïcödé & \"quotes\""));

        var nested = new LogEvent(
            DateTimeOffset.UnixEpoch,
            LogEventLevel.Information,
            null,
            Serilog.Events.MessageTemplate.Empty,
            [
                new LogEventProperty("Scalar", new ScalarValue("a\nb")),
                new LogEventProperty("List", new SequenceValue([new ScalarValue("c\rd")])),
                new LogEventProperty("Object", new StructureValue([new LogEventProperty("Inner", new ScalarValue("e\u001bf"))])),
                new LogEventProperty("Map", new DictionaryValue([new(new ScalarValue("k\nk"), new ScalarValue("v\nv"))])),
                new LogEventProperty("Number", new ScalarValue(42)),
            ]);
        new KnotCare.Web.Infrastructure.LogEscaping().Enrich(nested, null!);
        var rendered = string.Join(" ", nested.Properties.Select(p => p.Value.ToString()));
        Assert.DoesNotContain(rendered, char.IsControl);
        Assert.Contains("a\\nb", rendered, StringComparison.Ordinal);
        Assert.Contains("42", rendered, StringComparison.Ordinal);
    }
}
