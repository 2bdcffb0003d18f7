using KnotCare.Content;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnotCare.Web.Infrastructure;

/// <summary>Healthy when a content snapshot is loaded; reports its version and size.</summary>
internal sealed class ContentHealthCheck(ContentStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = store.Current;
        var data = new Dictionary<string, object>
        {
            ["version"] = snapshot.Version,
            ["articles"] = snapshot.Articles.Length,
            ["loadedAt"] = snapshot.LoadedAt,
        };
        return Task.FromResult(snapshot.Articles.IsEmpty
            ? HealthCheckResult.Unhealthy("No articles are loaded.", data: data)
            : HealthCheckResult.Healthy("Content loaded.", data));
    }
}
