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
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseSecurityHeaders();
        app.UseSerilogRequestLogging(options =>
        {
            // Path only: query strings of health pages (the plan, search) never reach the logs.
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
        });
        app.UseRouting();
        return app;
    }

    /// <summary>
    /// Runs the site. Invalid content or settings stop start-up with a clear message (file and line for content)
    /// and exit code 1, rather than a crash dump.
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
    }

    public static WebApplication MapKnotCare(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapOpenApi();
        app.MapChecklistApi();
        return app;
    }
}
