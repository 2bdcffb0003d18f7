namespace KnotCare.Web.Infrastructure;

/// <summary>Finds the content folder: an absolute path as given; a relative one from the app's content root, else beside the app's binaries.</summary>
public static class ContentRootLocator
{
    public static string Resolve(string configured, string contentRootPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configured);
        if (Path.IsPathRooted(configured))
        {
            return Path.GetFullPath(configured);
        }

        var fromContentRoot = Path.GetFullPath(Path.Combine(contentRootPath, configured));
        if (Directory.Exists(fromContentRoot))
        {
            return fromContentRoot;
        }

        // A published app carries its default content beside the binaries (see KnotCare.Web.csproj).
        var shipped = Path.Combine(AppContext.BaseDirectory, "content");
        return Directory.Exists(shipped) ? shipped : fromContentRoot;
    }
}
