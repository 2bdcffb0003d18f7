using KnotCare.Content;

namespace KnotCare.Web.Infrastructure;

/// <summary>Loads content while the host starts, so invalid content stops start-up instead of failing the first request.</summary>
internal sealed partial class ContentStartup(ContentStore store, ILogger<ContentStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var snapshot = store.Current;
        ContentMemory.CompactAfterLoad();
        LogLoaded(logger, snapshot.Articles.Length, snapshot.Techniques.Length, snapshot.Checklist.Rules.Length, store.Root, snapshot.Version, store.LastLoadTime.TotalMilliseconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Articles} articles, {Techniques} techniques and {Rules} checklist rules from {Root} (version {Version}) in {LoadMs:0} ms")]
    private static partial void LogLoaded(ILogger logger, int articles, int techniques, int rules, string root, string version, double loadMs);
}
