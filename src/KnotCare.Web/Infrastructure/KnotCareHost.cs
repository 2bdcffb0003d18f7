namespace KnotCare.Web.Infrastructure;

public static class KnotCareHost
{
    /// <summary>
    /// Host options. The content root (where appsettings.json and wwwroot are found) is normally the current
    /// directory; when the app is started from elsewhere and its own folder holds appsettings.json (a published app
    /// run as <c>dotnet /srv/knotcare/app/KnotCare.Web.dll</c>), the app's folder is used instead, so settings and
    /// logging are never silently missing. An explicit --contentRoot always wins.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var explicitRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"));
        var here = Directory.GetCurrentDirectory();
        var appFolder = AppContext.BaseDirectory;
        var useAppFolder = !explicitRoot
            && !File.Exists(Path.Combine(here, "appsettings.json"))
            && File.Exists(Path.Combine(appFolder, "appsettings.json"));
        return new WebApplicationOptions { Args = args, ContentRootPath = useAppFolder ? appFolder : null };
    }

    /// <summary>
    /// Static assets from the build output in every environment, not only Development. A build (unlike a publish)
    /// keeps the compressed copies of wwwroot's files in its own folders, which only the static web assets loader
    /// knows about; without it, the app run from a build in any other environment (<c>dotnet run
    /// --no-launch-profile</c>) answered a browser's gzip request for the stylesheet with an empty 200. A published
    /// app has no static web assets manifest, and then this does nothing.
    /// <para>
    /// With a build's manifest, MapStaticAssets also turns on its development "runtime patching" unless
    /// <see cref="ReloadStaticAssetsAtRuntime"/> says otherwise, in every environment. That handler answered a range
    /// request with "206 bytes 0-9/N" and the whole file (a client appending it gets a corrupt stylesheet), replaced the
    /// fingerprinted files' immutable caching with no-cache, and added a catch-all GET route that turned the API's
    /// 405 for a wrong method into a 404. The build is served as it was built: after editing wwwroot, build again.
    /// An explicit setting still wins.
    /// </para>
    /// </summary>
    public static WebApplicationBuilder UseBuildOutputStaticAssets(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.UseStaticWebAssets();
        builder.Configuration[ReloadStaticAssetsAtRuntime] ??= "false";
        return builder;
    }

    /// <summary>The framework's setting (read by MapStaticAssets) for re-reading wwwroot files changed after the build.</summary>
    public const string ReloadStaticAssetsAtRuntime = "ReloadStaticAssetsAtRuntime";
}
