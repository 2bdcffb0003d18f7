using System.ComponentModel.DataAnnotations;

namespace KnotCare.Web.Infrastructure;

/// <summary>Where content lives. Bound from the "Content" section; the environment variable Content__Root overrides it.</summary>
public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>The content folder; relative paths are resolved from the app's content root, then from the app's folder.</summary>
    [Required]
    public string Root { get; set; } = "../../content";
}

/// <summary>Checklist settings. Bound from the "Checklist" section.</summary>
public sealed class ChecklistOptions
{
    public const string Section = "Checklist";

    /// <summary>The region preselected on the checklist form: uk, us, au or eu.</summary>
    [Required]
    [RegularExpression("^(uk|us|au|eu)$", ErrorMessage = "Checklist:DefaultRegion must be one of uk, us, au, eu.")]
    public string DefaultRegion { get; set; } = "uk";
}

/// <summary>Site settings. Bound from the "Site" section.</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>
    /// The public address, such as https://knotcare.example, for canonical links, the sitemap and the feed.
    /// When empty, pages use relative addresses; the sitemap, feed and robots.txt (which need absolute ones) use the
    /// request's own scheme and host and are then never stored by a shared cache, as a client chooses its Host header.
    /// </summary>
    public string? BaseUrl { get; set; }

    public bool HasBaseUrl => !string.IsNullOrEmpty(BaseUrl);

    /// <summary>A page's address for links such as the canonical one: on <see cref="BaseUrl"/>, or relative when it is empty. Never from the request.</summary>
    public string PageUrl(string path) => HasBaseUrl ? BaseUrl!.TrimEnd('/') + path : path;

    public bool IsValid => string.IsNullOrEmpty(BaseUrl)
        || (Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.PathAndQuery == "/");

    /// <summary>The absolute base for the sitemap, feed and robots.txt: <see cref="BaseUrl"/>, or else the request's scheme and host.</summary>
    public string BaseUrlFor(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.IsNullOrEmpty(BaseUrl) ? $"{request.Scheme}://{request.Host}" : BaseUrl.TrimEnd('/');
    }
}
