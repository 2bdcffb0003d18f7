using System.Globalization;
using System.IO.Compression;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace KnotCare.Web.Infrastructure;

/// <summary>What it takes to run KnotCare under load and behind a proxy: limits, caching, compression, shared keys.</summary>
public static class OperationsExtensions
{
    /// <summary>Output-cache tag on every page built from content; evicted when content reloads.</summary>
    public const string ContentTag = "content";

    /// <summary>Output-cache policy for pages and feeds built only from content.</summary>
    public const string ContentPolicy = "content";

    /// <summary>
    /// Output-cache policy for the sitemap, feed and robots.txt: as <see cref="ContentPolicy"/> when Site:BaseUrl is set;
    /// without it they hold the request's host, so they are built for each request and never stored.
    /// </summary>
    public const string DiscoveryPolicy = "discovery";

    /// <summary>Output-cache policy for the plan page, which varies by its query parameters.</summary>
    public const string PlanPolicy = "plan";

    /// <summary>Output-cache policy for documents that change only with a new build (the OpenAPI document).</summary>
    public const string BuildPolicy = "build";

    /// <summary>Rate-limiting policy for endpoints that accept POSTs.</summary>
    public const string PostsPolicy = "posts";

    public static IServiceCollection AddKnotCareOperations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ContentWatchOptions>().Bind(configuration.GetSection(ContentOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        var keys = configuration.GetSection(DataProtectionSettings.Section).Get<DataProtectionSettings>()?.KeysDirectory;
        var dataProtection = services.AddDataProtection().SetApplicationName("KnotCare");
        if (!string.IsNullOrWhiteSpace(keys))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }

        services.AddOptions<FormOptions>().Configure<IOptions<LimitsOptions>>((form, limits) =>
        {
            form.ValueCountLimit = limits.Value.MaxFormValues;
            form.MultipartBodyLengthLimit = limits.Value.MaxFormBytes;
            form.ValueLengthLimit = 1024;
            form.KeyLengthLimit = 256;
        });

        // Behind a reverse proxy. Loopback proxies are trusted by default; ForwardedHeaders:KnownProxies adds others.
        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var invalid = proxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)).ToList();
        if (invalid.Count > 0)
        {
            throw new OptionsValidationException("ForwardedHeaders", typeof(ForwardedHeadersOptions), [$"ForwardedHeaders:KnownProxies must be IP addresses; not valid: {string.Join(", ", invalid)}"]);
        }

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        // No "Server: Kestrel" on every response: it tells an attacker what to try and costs bytes on each hit.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);

        services.AddResponseCompression(options =>
        {
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/atom+xml", "application/problem+json", "image/svg+xml"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);

        // Pages built only from content: the query string never changes them, so it is not part of the cache key
        // (a flood of ?x=random cannot fill the cache). The plan varies by its four inputs only. Compression runs
        // inside the cache (see UseKnotCare), so each page is compressed once per Accept-Encoding and the cache keeps
        // the compressed bytes: the key varies by that header, or a client asking for no encoding could get Brotli.
        services.AddOutputCache(options =>
        {
            options.SizeLimit = 64 * 1024 * 1024;
            options.UseCaseSensitivePaths = true;
            options.AddPolicy(ContentPolicy, policy => policy.Expire(TimeSpan.FromHours(1)).SetVaryByQuery([]).SetVaryByHeader(HeaderNames.AcceptEncoding).Tag(ContentTag));
            // The framework builds the OpenAPI document afresh on every request: 1.6–2.8 ms of CPU each (docs/performance.md).
            options.AddPolicy(BuildPolicy, policy => policy.Expire(TimeSpan.FromDays(1)).SetVaryByQuery([]).SetVaryByHeader(HeaderNames.AcceptEncoding));
            options.AddPolicy(DiscoveryPolicy, policy => policy
                .With(context => context.HttpContext.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value.HasBaseUrl)
                .Expire(TimeSpan.FromHours(1)).SetVaryByQuery([]).SetVaryByHeader(HeaderNames.AcceptEncoding).Tag(ContentTag));
            options.AddPolicy(PlanPolicy, policy => policy.Expire(TimeSpan.FromHours(1)).SetVaryByQuery(KnotCare.Web.Services.PlanService.InputKeys).SetVaryByHeader(HeaderNames.AcceptEncoding).Tag(ContentTag));
        });

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only endpoints that take POSTs carry this policy (the checklist page and API), so page views pay nothing.
            options.AddPolicy(PostsPolicy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
                if (!settings.Enabled || !HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60);
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    await Results.Problem(
                        statusCode: StatusCodes.Status429TooManyRequests,
                        title: "Too many requests",
                        detail: $"This address has sent too many requests. Wait {(int)Math.Ceiling(retry.TotalSeconds)} seconds and try again. If this is an emergency, call your local emergency number now.")
                        .ExecuteAsync(context);
                }

                // Pages: the status code pages middleware shows the friendly "Too many requests" page.
            };
        });
        return services;
    }

    /// <summary>The query-length limit (414), checked before any routing or page work.</summary>
    public static WebApplication UseKnotCareOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Read once: touching RequestServices here would create a DI scope for every request, cached pages included.
        var limit = app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxQueryLength;
        app.Use(async (context, next) =>
        {
            if (context.Request.QueryString.Value?.Length > limit)
            {
                context.Response.StatusCode = StatusCodes.Status414RequestUriTooLong;
                return;
            }

            await next(context);
        });
        return app;
    }
}
