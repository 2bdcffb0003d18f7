using Serilog;

namespace KnotCare.Web.Infrastructure;

public static class KnotCareLogging
{
    /// <summary>
    /// The framework's per-request log ("Request starting HTTP/1.1 GET https://host/plan?area=…"), which is always off.
    /// </summary>
    public const string FrameworkRequestLog = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Serilog, configured in one place: the "Serilog" section of appsettings. One thing is fixed whatever the settings
    /// say: the framework's own request log (<see cref="FrameworkRequestLog"/>) is off. It writes each request's full
    /// address, query string included, and on this site a query string is health information (the plan's answers);
    /// KnotCare writes its own request log with the path only. While that category is enabled at any level, the host
    /// also creates an Activity and a logging scope for every request, cached pages included (docs/performance.md).
    /// Also fixed: every logged value has its control characters escaped (<see cref="LogEscaping"/>), after all other
    /// enrichers, so no request can write a forged line.
    /// </summary>
    public static WebApplicationBuilder AddKnotCareLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .MinimumLevel.Override(FrameworkRequestLog, Serilog.Events.LevelAlias.Off)
            .Enrich.With<LogEscaping>(),
            preserveStaticLogger: true);
        return builder;
    }
}
