using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KnotCare.Web.Tests;

/// <summary>The real app on a real Kestrel port, so server limits apply as in production.</summary>
public sealed class KestrelFixture : IDisposable
{
    private readonly KnotCareFactory factory = new();

    public KestrelFixture()
    {
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First());
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public KnotCareFactory Factory => factory;

    public void Dispose()
    {
        Client.Dispose();
        factory.Dispose();
    }
}

public sealed class HostileRequestTests(KestrelFixture server) : IClassFixture<KestrelFixture>
{
    private const string Marker = "<script>alert('kc')</script>";
    private static readonly string EncodedMarker = Uri.EscapeDataString(Marker);

    /// <summary>Sends a raw request line, so nothing on the client side normalises the path first.</summary>
    private async Task<(int Status, string Body)> RawAsync(string method, string target, string? body = null, string contentType = "application/x-www-form-urlencoded")
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var head = $"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + (body is null ? "" : $"Content-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }

    private static void AssertSafe(int status, string body, string what)
    {
        Assert.True(status < 500, $"{what}: {status}");
        Assert.DoesNotContain(Marker, body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Serilog\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("lastReviewed:", body, StringComparison.Ordinal);
        Assert.DoesNotContain("[core]", body, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x:", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    public static TheoryData<string> TraversalTargets()
    {
        var payloads = new[]
        {
            "..%2F..%2Fappsettings.json", "%2e%2e%2f%2e%2e%2fappsettings.json", "..%5C..%5Cappsettings.json",
            "....%2F%2F....%2F%2Fappsettings.json", "%252e%252e%252fappsettings.json", "..%c0%af..%c0%afappsettings.json",
            "..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd", "..%2F..%2Fcontent%2Farticles%2Ffaq.md", "faq.md", "..", "%2e%2e",
        };
        var data = new TheoryData<string>();
        foreach (var route in new[] { "/articles/", "/techniques/", "/areas/", "/status/", "/css/", "/images/" })
        {
            foreach (var payload in payloads)
            {
                data.Add(route + payload);
            }
        }

        foreach (var file in new[]
        {
            "/appsettings.json", "/appsettings.Development.json", "/.git/config", "/.git/HEAD", "/content/articles/faq.md",
            "/content/checklist/rules.yaml", "/KnotCare.Web.dll", "/KnotCare.Web.deps.json", "/KnotCare.Web.runtimeconfig.json",
            "/web.config", "/wwwroot/css/site.css", "/Program.cs", "/../appsettings.json", "/%2e%2e/appsettings.json",
            "/articles/../appsettings.json", "/Pages/Index.cshtml",
        })
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TraversalTargets))]
    public async Task Traversal_and_private_files_are_never_served(string target)
    {
        var (status, body) = await RawAsync("GET", target);
        AssertSafe(status, body, target);

        // Kestrel resolves a bare ".." segment to the parent path, an ordinary public page; nothing else may succeed.
        var bareDots = target.EndsWith("/..", StringComparison.Ordinal) || target.EndsWith("/%2e%2e", StringComparison.Ordinal);
        Assert.True(status is 400 or 404 || (bareDots && status == 200), $"{target}: {status}");
    }

    [Theory]
    [InlineData("/search?q={0}")]
    [InlineData("/plan?area={0}&minutes=10&cause=stress")]
    [InlineData("/plan?area=lower-back&equipment={0}&minutes=10&cause=stress")]
    [InlineData("/plan?area=lower-back&minutes={0}&cause=stress")]
    [InlineData("/plan?area=lower-back&minutes=10&cause={0}")]
    [InlineData("/articles/faq?ref={0}")]
    [InlineData("/check?region={0}")]
    [InlineData("/{0}")]
    [InlineData("/articles/{0}")]
    public async Task Script_in_query_or_path_comes_back_escaped_if_at_all(string template)
    {
        var target = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, EncodedMarker);
        var (status, body) = await RawAsync("GET", target);
        AssertSafe(status, body, target);
    }

    [Fact]
    public async Task Script_in_every_checklist_form_field_comes_back_escaped()
    {
        using var form = await server.Client.GetAsync(new Uri("/check", UriKind.Relative));
        var cookie = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var page = await form.ParseAsync();
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        // The first step's own fields (answers carried from other steps, or unknown ids, are refused with a 400).
        var checklist = server.Factory.Content.Checklist;
        var fields = checklist.InStep(checklist.Steps[0].Id)
            .Select(q => new KeyValuePair<string, string>($"answers[{q.Id}]", Marker))
            .Append(new("region", Marker))
            .Append(new("__RequestVerificationToken", token));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/check?handler=Evaluate", UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Cookie", cookie);
        using var response = await server.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        AssertSafe((int)response.StatusCode, body, "POST /check");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("There is a problem", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/check?handler=Evaluate", "answers%5Bfever%5D=yes", "application/x-www-form-urlencoded")]
    [InlineData("POST", "/check?handler=Evaluate", "%%%%&&==%zz", "application/x-www-form-urlencoded")]
    [InlineData("POST", "/check?handler=Evaluate", "{\"answers\":{}}", "application/json")]
    [InlineData("POST", "/check?handler=Evaluate", "<x/>", "text/xml")]
    [InlineData("POST", "/check", "a=b", "multipart/form-data; boundary=zzz")]
    [InlineData("POST", "/", "a=b", "application/x-www-form-urlencoded")]
    [InlineData("POST", "/articles/faq", "a=b", "application/x-www-form-urlencoded")]
    [InlineData("POST", "/plan", "a=b", "application/x-www-form-urlencoded")]
    [InlineData("POST", "/api/checklist/evaluate", "<answers/>", "text/xml")]
    [InlineData("POST", "/api/checklist/evaluate", "{\"answers\":{\"fever\":\"yes\"", "application/json")]
    [InlineData("POST", "/api/checklist/evaluate", "{\"answers\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{}}}}}}}}}}", "application/json")]
    [InlineData("POST", "/api/checklist", "{}", "application/json")]
    [InlineData("PUT", "/check", "a=b", "application/x-www-form-urlencoded")]
    [InlineData("DELETE", "/articles/faq", null, "")]
    [InlineData("PATCH", "/api/checklist/evaluate", "{}", "application/json")]
    [InlineData("TRACE", "/", null, "")]
    [InlineData("OPTIONS", "/api/checklist/evaluate", null, "")]
    [InlineData("PROPFIND", "/", null, "")]
    [InlineData("HEAD", "/articles/faq", null, "")]
    public async Task Wrong_methods_content_types_missing_tokens_and_malformed_bodies_never_cause_a_5xx(string method, string target, string? body, string contentType)
    {
        var (status, response) = await RawAsync(method, target, body, contentType);
        AssertSafe(status, response, $"{method} {target}");
        if (method != "HEAD")
        {
            Assert.True(status >= 400, $"{method} {target}: expected a 4xx, got {status}");
        }
    }

    [Theory]
    [InlineData("/check?handler=Evaluate", "application/x-www-form-urlencoded", 200_000)]
    [InlineData("/api/checklist/evaluate", "application/json", 20_000)]
    [InlineData("/api/checklist/evaluate", "application/json", 2_000_000)]
    public async Task Oversized_bodies_are_refused_with_a_4xx(string target, string contentType, int size)
    {
        var body = contentType == "application/json" ? "{\"answers\":{\"x\":\"" + new string('a', size) + "\"}}" : "a=" + new string('a', size);
        var (status, response) = await RawAsync("POST", target, body, contentType);
        AssertSafe(status, response, target);
        Assert.True(target.StartsWith("/api", StringComparison.Ordinal) ? status == 400 : status is 400 or 413, $"{target} with {size} bytes: {status}");
    }

    [Fact]
    public async Task Too_many_form_fields_are_refused_with_a_4xx()
    {
        var body = string.Join('&', Enumerable.Range(0, 500).Select(i => $"answers%5Bq{i}%5D=yes"));
        var (status, response) = await RawAsync("POST", "/check?handler=Evaluate", body);
        AssertSafe(status, response, "500 fields");
        Assert.True(status is 400 or 413, $"500 form fields: {status}");
    }

    [Fact]
    public async Task An_overlong_query_is_refused_with_414_and_a_friendly_page()
    {
        var (status, response) = await RawAsync("GET", "/search?q=" + new string('a', 5000));
        Assert.Equal(414, status);
        Assert.Contains("That address is too long", response, StringComparison.Ordinal);
        var (kestrel, _) = await RawAsync("GET", "/search?q=" + new string('a', 20_000));
        Assert.True(kestrel is 414 or 431 or 400, $"20 KB request line: {kestrel}");
    }

    [Fact]
    public async Task Responses_do_not_name_the_server_software()
    {
        using var response = await server.Client.GetAsync(new Uri("/articles/faq", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(", ", response.Headers.Server)}");
    }
}
