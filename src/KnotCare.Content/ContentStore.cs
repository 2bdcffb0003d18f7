using KnotCare.Content.Loading;

namespace KnotCare.Content;

/// <summary>The outcome of a reload: the snapshot now served, and the errors if the new content was rejected.</summary>
public sealed record ReloadOutcome(bool Succeeded, ContentSnapshot Current, IReadOnlyList<ContentError> Errors);

/// <summary>
/// Holds the current content snapshot. The first load happens in the constructor, so invalid content stops start-up.
/// A reload builds a whole new snapshot and swaps it in atomically; if the new content is invalid, the last good
/// snapshot stays.
/// </summary>
public sealed class ContentStore
{
    private readonly ContentLoader loader;
    private readonly Lock reloadLock = new();
    private ContentSnapshot current;

    public ContentStore(ContentLoader loader, string root)
    {
        ArgumentNullException.ThrowIfNull(loader);
        this.loader = loader;
        Root = Path.GetFullPath(root);
        current = LoadTimed();
    }

    /// <summary>How long the last successful load (read, validate and render everything) took.</summary>
    public TimeSpan LastLoadTime { get; private set; }

    /// <summary>Raised after a new snapshot is swapped in.</summary>
    public event EventHandler<ContentSnapshot>? Reloaded;

    public string Root { get; }

    public ContentSnapshot Current => Volatile.Read(ref current);

    public ReloadOutcome Reload()
    {
        ContentSnapshot next;
        lock (reloadLock)
        {
            try
            {
                next = LoadTimed();
            }
            catch (ContentValidationException ex)
            {
                return new ReloadOutcome(false, Current, ex.Errors);
            }

            Volatile.Write(ref current, next);
        }

        Reloaded?.Invoke(this, next);
        return new ReloadOutcome(true, next, []);
    }

    /// <summary>Loads the whole content folder and records how long a successful load took.</summary>
    private ContentSnapshot LoadTimed()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var snapshot = loader.Load(Root);
        LastLoadTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return snapshot;
    }
}
