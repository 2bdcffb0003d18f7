using KnotCare.Content;
using KnotCare.Content.Loading;
using KnotCare.Content.Markdown;
using KnotCare.Web.Services;
using Microsoft.Extensions.Options;

namespace KnotCare.Web.Infrastructure;

public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddKnotCare(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ContentOptions>()
            .Bind(configuration.GetSection(ContentOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ChecklistOptions>()
            .Bind(configuration.GetSection(ChecklistOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<SiteOptions>()
            .Bind(configuration.GetSection(SiteOptions.Section))
            .Validate(site => site.IsValid, "Site:BaseUrl must be empty or an absolute http(s) address with no path, such as https://knotcare.example.")
            .ValidateOnStart();

        services.AddKnotCareContent();
        services.AddRazorPages(options => options.Conventions.ConfigureFilter(new RequireHandlerFilter()));
        services.AddProblemDetails();
        services.AddOpenApi(options => options.AddDocumentTransformer((document, context, _) =>
        {
            // The framework names the server after the request's Host. The document is kept by shared caches, so it
            // names Site:BaseUrl, or no server (the document's own address) when that is empty.
            var site = context.ApplicationServices.GetRequiredService<IOptions<SiteOptions>>().Value;
            document.Servers = site.HasBaseUrl ? [new Microsoft.OpenApi.OpenApiServer { Url = site.BaseUrl!.TrimEnd('/') }] : [];
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<ContentHealthCheck>("content");
        services.AddKnotCareSecurityHeaders();
        services.AddKnotCareOperations(configuration);
        services.AddKnotCareHttpCaching(configuration);
        return services;
    }

    private static IServiceCollection AddKnotCareContent(this IServiceCollection services)
    {
        services.AddSingleton<MarkdownService>();
        services.AddSingleton(sp => new ContentLoader(sp.GetRequiredService<MarkdownService>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ContentOptions>>().Value;
            var environment = sp.GetRequiredService<IWebHostEnvironment>();
            return new ContentStore(sp.GetRequiredService<ContentLoader>(), ContentRootLocator.Resolve(options.Root, environment.ContentRootPath));
        });
        services.AddHostedService<ContentStartup>();
        services.AddHostedService<ContentWatcher>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ArticleCatalog>();
        services.AddSingleton<InlineDiagrams>();
        services.AddSingleton<ChecklistService>();
        services.AddSingleton<PlanService>();
        services.AddSingleton<TechniqueCatalog>();
        services.AddSingleton<SearchService>();
        return services;
    }
}
