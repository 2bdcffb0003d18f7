using KnotCare.Content;
using KnotCare.Content.Loading;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace KnotCare.Web.Infrastructure;

/// <summary>
/// Reloads content when files under the content folder change, after a quiet period (debounced), and evicts cached
/// pages when a new snapshot is swapped in. A reload that fails validation keeps the last good snapshot and logs each
/// error with its file and line.
/// <para>
/// Nothing in the folder can stop the process: a reload runs on a timer thread, where an unhandled exception ends the
/// process (a dangling editor lock link once did), so any failure is logged as a failed reload and the last good
/// content stays. Editors' temp and lock files (<see cref="ContentFiles.IsIgnored"/>) are not a reason to reload.
/// Before reading, the reload also waits until no content file has been written for the debounce period, judged by
/// the files' write times as well as by the watcher's events (which can be late, merged or lost). A writer that pauses
/// longer than that is still read half-written: publish by writing elsewhere and renaming (docs/operations.md).
/// </para>
/// </summary>
internal sealed partial class ContentWatcher(
    ContentStore store,
    IOutputCacheStore cache,
    IOptions<ContentWatchOptions> options,
    ILogger<ContentWatcher> logger) : IHostedService, IDisposable
{
    private readonly Lock gate = new();
    private FileSystemWatcher? watcher;
    private Timer? debounce;
    private DateTime? waitedSince;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        store.Reloaded += OnReloaded;
        if (!options.Value.Watch)
        {
            return Task.CompletedTask;
        }

        debounce = new Timer(_ => ReloadNow(), null, Timeout.Infinite, Timeout.Infinite);
        watcher = new FileSystemWatcher(store.Root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += OnChanged;
        watcher.Created += OnChanged;
        watcher.Deleted += OnChanged;
        watcher.Renamed += OnChanged;
        watcher.Error += (_, e) => LogWatchError(logger, e.GetException());
        watcher.EnableRaisingEvents = true;
        LogWatching(logger, store.Root);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        store.Reloaded -= OnReloaded;
        if (watcher is not null)
        {
            watcher.EnableRaisingEvents = false;
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        watcher?.Dispose();
        debounce?.Dispose();
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        var renamedFromContent = e is RenamedEventArgs renamed && !ContentFiles.IsIgnored(renamed.OldFullPath);
        if (ContentFiles.IsIgnored(e.FullPath) && !renamedFromContent)
        {
            return;
        }

        lock (gate)
        {
            waitedSince = null;
            debounce?.Change(options.Value.DebounceMilliseconds, Timeout.Infinite);
        }
    }

    /// <summary>The longest a reload waits for the folder to go quiet before it reads anyway (a file written non-stop).</summary>
    private TimeSpan MaxWait => TimeSpan.FromMilliseconds(options.Value.DebounceMilliseconds * 20);

    private void ReloadNow()
    {
        try
        {
            if (WaitForQuiet())
            {
                return;
            }

            Reload();
        }
        catch (Exception ex)
        {
            // On the timer thread, an exception would end the process; the last good content stays instead.
            LogReloadFailed(logger, ex, store.Current.Version);
        }
    }

    /// <summary>True when a file was written within the debounce period: the reload is put off until it is quiet.</summary>
    private bool WaitForQuiet()
    {
        var quiet = TimeSpan.FromMilliseconds(options.Value.DebounceMilliseconds);
        var now = DateTime.UtcNow;
        var left = ContentFiles.QuietTimeLeft(ContentFiles.LastWriteUtc(store.Root), now, quiet);
        lock (gate)
        {
            waitedSince ??= now;
            if (left <= TimeSpan.Zero || now - waitedSince > MaxWait)
            {
                waitedSince = null;
                return false;
            }

            debounce?.Change(left + TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        }

        LogWaiting(logger, (int)left.TotalMilliseconds);
        return true;
    }

    private void Reload()
    {
        var outcome = store.Reload();
        ContentMemory.CompactAfterLoad();
        if (outcome.Succeeded)
        {
            LogReloaded(logger, outcome.Current.Articles.Length, outcome.Current.Techniques.Length, outcome.Current.Version);
            return;
        }

        LogRejected(logger, outcome.Errors.Count, outcome.Current.Version);
        foreach (var error in outcome.Errors)
        {
            LogContentError(logger, error.File, error.Line, error.Message);
        }
    }

    private void OnReloaded(object? sender, ContentSnapshot snapshot) =>
        cache.EvictByTagAsync(OperationsExtensions.ContentTag, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Root} for content changes")]
    private static partial void LogWatching(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Information, Message = "Content reloaded: {Articles} articles, {Techniques} techniques (version {Version})")]
    private static partial void LogReloaded(ILogger logger, int articles, int techniques, string version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Content reload rejected with {Count} errors; still serving version {Version}")]
    private static partial void LogRejected(ILogger logger, int count, string version);

    [LoggerMessage(Level = LogLevel.Error, Message = "{File}({Line}): {Message}")]
    private static partial void LogContentError(ILogger logger, string file, int line, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Content reload failed; still serving version {Version}")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, string version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Content is still being written; reloading in {Milliseconds} ms")]
    private static partial void LogWaiting(ILogger logger, int milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The content watcher failed; changes may not be picked up until restart")]
    private static partial void LogWatchError(ILogger logger, Exception exception);
}
