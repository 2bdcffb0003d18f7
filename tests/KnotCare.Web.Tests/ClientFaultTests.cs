using System.Net.Sockets;
using System.Text;
using Serilog.Events;

namespace KnotCare.Web.Tests;

/// <summary>
/// Requests broken by the client (bad chunked framing, a hang-up halfway through the body) are the client's fault: a
/// 400 problem, and one log line at Information, never a 500 with a stack trace. On a real Kestrel port, because the
/// in-memory test server cannot send broken framing.
/// </summary>
public sealed class ClientFaultTests(KestrelFixture server) : IClassFixture<KestrelFixture>
{
    private const string Api = "/api/checklist/evaluate";

    private async Task<NetworkStream> ConnectAsync(TcpClient tcp)
    {
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        return tcp.GetStream();
    }

    private async Task<string> SendAsync(string raw)
    {
        using var tcp = new TcpClient();
        await using var stream = await ConnectAsync(tcp);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(raw));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static int Status(string response) => int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The log events written from now on, once the request log line for this method and path has arrived.</summary>
    private async Task<List<LogEvent>> EventsAfterAsync(int before, string method, string path)
    {
        bool Done() => server.Factory.Logs.Events.Skip(before).Any(e => CapturedLogs.IsRequestLog(e.RenderMessage(), method, path));
        for (var i = 0; i < 150 && !Done(); i++)
        {
            await Task.Delay(20);
        }

        await Task.Delay(100);
        return [.. server.Factory.Logs.Events.Skip(before)];
    }

    [Theory]
    [InlineData(Api, "application/json", "{}")]
    [InlineData("/check?handler=Evaluate", "application/x-www-form-urlencoded", "a=b")]
    public async Task An_invalid_chunk_size_is_a_400_and_one_log_line_without_a_stack_trace(string target, string contentType, string body)
    {
        var before = server.Factory.Logs.Events.Count;
        var response = await SendAsync(
            $"POST {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: {contentType}\r\n"
            + $"Transfer-Encoding: chunked\r\n\r\nZZ\r\n{body}\r\n0\r\n\r\n");

        Assert.True(Status(response) == 400, response);
        if (target == Api)
        {
            Assert.Contains("Content-Type: application/problem+json", response, StringComparison.OrdinalIgnoreCase);
        }

        var events = await EventsAfterAsync(before, "POST", target.Split('?')[0]);
        AssertOneQuietLine(events);
    }

    [Fact]
    public async Task A_client_that_hangs_up_mid_body_is_one_information_line_not_a_server_error()
    {
        var before = server.Factory.Logs.Events.Count;
        using (var tcp = new TcpClient())
        {
            await using var stream = await ConnectAsync(tcp);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST {Api} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{{\"answers\": {{\"fever\""));
            await stream.FlushAsync();
            await Task.Delay(200);
            tcp.Client.Shutdown(SocketShutdown.Both);
        }

        var events = await EventsAfterAsync(before, "POST", Api);
        AssertOneQuietLine(events);
    }

    private static void AssertOneQuietLine(List<LogEvent> events)
    {
        // A page's 400 is re-executed as the friendly /status/400 page, which the request log writes as its own line.
        var written = events
            .Where(e => e.Level >= LogEventLevel.Information && !CapturedLogs.IsRequestLog(e.RenderMessage(), "POST", "/status/400"))
            .ToList();
        var described = string.Join(Environment.NewLine, written.Select(e => $"{e.Level}: {e.RenderMessage()} {e.Exception}"));
        Assert.True(written.Count == 1, $"expected one log line, got {written.Count}:{Environment.NewLine}{described}");
        Assert.InRange(written[0].Level, LogEventLevel.Information, LogEventLevel.Warning);
        Assert.Null(written[0].Exception);
    }
}
