using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using KnotCare.Content;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace KnotCare.Web.Infrastructure;

/// <summary>How long shared caches (a CDN, nginx, Varnish) and browsers may keep public pages. Bound from "HttpCaching".</summary>
public sealed class HttpCachingOptions
{
    public const string Section = "HttpCaching";

    /// <summary>Seconds a cache may serve a public page without asking again: a content change shows within this time.</summary>
    [Range(0, 31_536_000, ErrorMessage = "HttpCaching:MaxAgeSeconds must be between 0 and 31536000.")]
    public int MaxAgeSeconds { get; set; } = 300;

    /// <summary>Seconds after that during which a cache may still serve the old page while it fetches the new one (0: none).</summary>
    [Range(0, 86_400, ErrorMessage = "HttpCaching:StaleWhileRevalidateSeconds must be between 0 and 86400.")]
    public int StaleWhileRevalidateSeconds { get; set; } = 60;

    /// <summary>The Cache-Control value of every public page, such as "public, max-age=300, stale-while-revalidate=60".</summary>
    public string PublicCacheControl => StaleWhileRevalidateSeconds > 0
        ? string.Create(CultureInfo.InvariantCulture, $"public, max-age={MaxAgeSeconds}, stale-while-revalidate={StaleWhileRevalidateSeconds}")
        : string.Create(CultureInfo.InvariantCulture, $"public, max-age={MaxAgeSeconds}");
}

/// <summary>
/// Marks an endpoint whose successful GET responses are built only from content (or from the build), the same bytes
/// for everyone: shared caches may keep them (<see cref="HttpCachingOptions"/>). Every other response is sent with
/// <c>Cache-Control: no-store, private</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedCacheAttribute : Attribute
{
    /// <summary>
    /// The response holds absolute addresses (the sitemap, the feed, robots.txt): shared only when Site:BaseUrl is set,
    /// because without it they are built from the request's Host, which a client chooses.
    /// </summary>
    public bool RequiresBaseUrl { get; init; }
}

/// <summary>
/// HTTP caching for a cache tier or CDN in front of the app. Public pages get Cache-Control from
/// <see cref="HttpCachingOptions"/>, a strong ETag from the content version and the response bytes, <c>Vary:
/// Accept-Encoding</c> and a 304 for a matching If-None-Match. Everything else (forms, results, search, errors, anything
/// with Set-Cookie or an antiforgery token) is <c>no-store, private</c>: a response is shared only when its endpoint
/// says so and nothing about the response is personal.
/// </summary>
public static class HttpCaching
{
    public const string NoStore = "no-store, private";

    public static IServiceCollection AddKnotCareHttpCaching(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HttpCachingOptions>()
            .Bind(configuration.GetSection(HttpCachingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Marks minimal-API endpoints as <see cref="SharedCacheAttribute">shared-cacheable</see>.
    /// </summary>
    public static TBuilder CacheInSharedCaches<TBuilder>(this TBuilder builder, bool requiresBaseUrl = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SharedCacheAttribute { RequiresBaseUrl = requiresBaseUrl });

    /// <summary>
    /// Decides the caching headers of every response as it starts (cached or not, success or error): the guarantee that
    /// nothing personal is ever stored by a shared cache lives here, not in each page. Put it early in the pipeline.
    /// </summary>
    public static WebApplication UseKnotCareCacheHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Settings are read at the first response, after the host has validated them on start (an invalid setting then
        // stops start-up with RunKnotCare's clear message rather than an exception while the pipeline is built).
        var services = app.Services;
        var decide = new Lazy<CacheHeaders>(() => new CacheHeaders(
            services.GetRequiredService<IOptions<HttpCachingOptions>>().Value.PublicCacheControl,
            services.GetRequiredService<IOptions<SiteOptions>>().Value.HasBaseUrl));
        Func<object, Task> onStarting = state =>
        {
            decide.Value.Apply((HttpContext)state);
            return Task.CompletedTask;
        };
        app.Use((context, next) =>
        {
            context.Response.OnStarting(onStarting, context);
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// Strong ETags and 304s for shared-cacheable pages. Sits inside the output cache (which stores the ETag with the
    /// page and answers later If-None-Match itself) and outside response compression, so the tag is computed from the
    /// bytes actually sent: each encoding gets its own tag. Runs only when a page is built, not for cached copies.
    /// </summary>
    public static WebApplication UseKnotCareETags(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.Services;
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                || context.GetEndpoint()?.Metadata.GetMetadata<SharedCacheAttribute>() is null)
            {
                await next(context);
                return;
            }

            var version = services.GetRequiredService<ContentStore>().Current.Version;
            var response = context.Response;
            var original = response.Body;
            using var buffer = new MemoryStream();
            response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                response.Body = original;
            }

            if (response.StatusCode == StatusCodes.Status200OK && !response.Headers.ContainsKey(HeaderNames.ETag)
                && !response.Headers.ContainsKey(HeaderNames.SetCookie) && !SaysPrivate(response.Headers.CacheControl))
            {
                var tag = ETagFor(version, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                response.Headers.ETag = tag.ToString();
                if (Matches(request.Headers.IfNoneMatch, tag))
                {
                    response.StatusCode = StatusCodes.Status304NotModified;
                    response.ContentLength = null;
                    response.Headers.ContentType = StringValues.Empty;
                    response.Headers.ContentEncoding = StringValues.Empty;
                    return;
                }
            }

            if (buffer.Length == 0)
            {
                // Nothing written (a 404 from the page, say): leave the response open for the status code pages.
                return;
            }

            response.ContentLength = buffer.Length;
            if (!HttpMethods.IsHead(request.Method))
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(original, context.RequestAborted);
            }
        });
        return app;
    }

    /// <summary>A strong ETag: the content snapshot's version and the first 64 bits of the SHA-256 of the bytes sent.</summary>
    public static EntityTagHeaderValue ETagFor(string contentVersion, ReadOnlySpan<byte> body) =>
        new($"\"{contentVersion}-{Convert.ToHexStringLower(SHA256.HashData(body)[..8])}\"");

    private static bool Matches(StringValues ifNoneMatch, EntityTagHeaderValue tag)
    {
        if (StringValues.IsNullOrEmpty(ifNoneMatch) || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        // If-None-Match uses the weak comparison (RFC 9110, 13.1.2).
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false));
    }

    private static bool SaysPrivate(StringValues cacheControl)
    {
        foreach (var value in cacheControl)
        {
            if (value is not null
                && (value.Contains("no-store", StringComparison.OrdinalIgnoreCase)
                    || value.Contains("private", StringComparison.OrdinalIgnoreCase)
                    || value.Contains("no-cache", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class CacheHeaders(string publicCacheControl, bool hasBaseUrl)
    {
        public void Apply(HttpContext context)
        {
            var response = context.Response;
            var headers = response.Headers;
            var endpoint = context.GetEndpoint();
            var read = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            var success = response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified;
            var personal = headers.ContainsKey(HeaderNames.SetCookie) || SaysPrivate(headers.CacheControl);

            // A range of a static file (206) is as public as the whole file.
            var staticSuccess = success || response.StatusCode == StatusCodes.Status206PartialContent;
            if (read && staticSuccess && endpoint?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null && !headers.ContainsKey(HeaderNames.SetCookie))
            {
                // wwwroot files keep the framework's strong ETag and Vary. Fingerprinted addresses are immutable for a
                // year (published builds); a plain address (/favicon.svg) may be kept as long as a page.
                if (!headers.CacheControl.ToString().Contains("immutable", StringComparison.Ordinal))
                {
                    headers.CacheControl = publicCacheControl;
                }

                return;
            }

            if (read && success && !personal
                && endpoint?.Metadata.GetMetadata<SharedCacheAttribute>() is { } shared
                && (hasBaseUrl || !shared.RequiresBaseUrl))
            {
                headers.CacheControl = publicCacheControl;
                headers.Vary = HeaderNames.AcceptEncoding;
                headers.Remove(HeaderNames.Pragma);
                headers.Remove(HeaderNames.Expires);

                // The app's own output cache is emptied whenever content changes, so its copy is never stale. Its Age
                // and first Date would make a downstream cache count the page's age from when the app first built it
                // (an hour-old copy would be stale on arrival): the server adds the current Date instead.
                headers.Remove(HeaderNames.Age);
                headers.Remove(HeaderNames.Date);
                return;
            }

            headers.CacheControl = NoStore;
            headers.Remove(HeaderNames.Age);
            headers.Remove(HeaderNames.Expires);
        }
    }
}
