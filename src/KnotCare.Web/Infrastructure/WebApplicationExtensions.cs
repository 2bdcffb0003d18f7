using KnotCare.Content;
using KnotCare.Web.Api;
using Serilog;

namespace KnotCare.Web.Infrastructure;

public static class WebApplicationExtensions
{
    /// <summary>The middleware pipeline, in the standard order.</summary>
    public static WebApplication UseKnotCare(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Start loading content now, on a worker thread, while the pipeline and endpoints are built and the host starts
        // (about a fifth of start-up time). ContentStartup asks for the same singleton: it waits for this load, and if
        // the content is invalid the load is retried there and its error stops start-up as before.
        _ = Task.Run(() => app.Services.GetRequiredService<ContentStore>());
        app.UseForwardedHeaders();
        app.UseExceptionHandler("/error");
        // Pages get a friendly HTML status page; the JSON API gets problem+json (AddProblemDetails).
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/status/{0}"));
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseSecurityHeaders();
        app.UseSerilogRequestLogging(options =>
        {
            // Path only: query strings of health pages (the plan, search) never reach the logs.
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            // This app's own logger, not the process-wide static one (several hosts can share a process in tests).
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();

            // Cheap per request: successful requests are Debug (off at the default Information level; turn them on with
            // Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware = Debug), client errors are
            // Information and server errors are Error.
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= 500 ? Serilog.Events.LogEventLevel.Error
                : context.Response.StatusCode >= 400 ? Serilog.Events.LogEventLevel.Information
                : Serilog.Events.LogEventLevel.Debug;
        });
        app.UseMiddleware<ClientFaultMiddleware>();
        app.UseKnotCareOperations();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseOutputCache();
        // Inside the output cache: a cached page is stored compressed and served without compressing it again.
        app.UseResponseCompression();
        return app;
    }

    /// <summary>
    /// Runs the site. Invalid content or settings stop start-up with a clear message (file and line for content)
    /// and exit code 1, rather than a crash dump. Any other failure to start is written out in full, also with exit
    /// code 1: the framework's own start-up error log is in the category that is switched off (see AddKnotCareLogging).
    /// </summary>
    public static int RunKnotCare(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.Run();
            return 0;
        }
        catch (Exception ex) when (ex is ContentValidationException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            Console.Error.WriteLine("KnotCare did not start.");
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is not HostAbortedException)
        {
            Console.Error.WriteLine("KnotCare did not start.");
            Console.Error.WriteLine(ex);
            return 1;
        }
    }

    public static WebApplication MapKnotCare(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapOpenApi().CacheOutput(OperationsExtensions.BuildPolicy);
        app.MapChecklistApi();
        app.MapDiscovery();
        return app;
    }
}
