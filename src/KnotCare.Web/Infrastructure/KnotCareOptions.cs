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
    /// When empty, the request's own scheme and host are used (the host is checked by AllowedHosts).
    /// </summary>
    public string? BaseUrl { get; set; }

    public bool IsValid => string.IsNullOrEmpty(BaseUrl)
        || (Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.PathAndQuery == "/");

    public string BaseUrlFor(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.IsNullOrEmpty(BaseUrl) ? $"{request.Scheme}://{request.Host}" : BaseUrl.TrimEnd('/');
    }
}
