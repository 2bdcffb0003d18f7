using KnotCare.Content;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace KnotCare.Web.Infrastructure;

/// <summary>
/// Reloads content when files under the content folder change, after a quiet period (debounced), and evicts cached
/// pages when a new snapshot is swapped in. A reload that fails validation keeps the last good snapshot and logs each
/// error with its file and line.
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
        lock (gate)
        {
            debounce?.Change(options.Value.DebounceMilliseconds, Timeout.Infinite);
        }
    }

    private void ReloadNow()
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The content watcher failed; changes may not be picked up until restart")]
    private static partial void LogWatchError(ILogger logger, Exception exception);
}
