using Microsoft.AspNetCore.Diagnostics;
using Serilog;

namespace KnotCare.Web.Infrastructure;

/// <summary>
/// Turns a request the client broke into the client's error, not the server's. Kestrel throws while the body is read
/// when the framing is bad (an invalid chunk size: <see cref="BadHttpRequestException"/> with its 400) or when the client
/// hangs up halfway through the body (the same exception, or an <see cref="IOException"/> or
/// <see cref="OperationCanceledException"/> once the request is aborted). Unhandled, each was a 500 logged with its
/// stack trace, twice. Here it becomes the exception's own status (problem+json for the API and the friendly status
/// page for pages, from the status code pages middleware) or 499 Client Closed Request, and the request log writes one
/// line at Information, with the reason as its ClientFault property. Sits just inside the request log.
/// </summary>
internal sealed class ClientFaultMiddleware(RequestDelegate next, IDiagnosticContext diagnostics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            diagnostics.Set("ClientFault", ex.Message);
            context.Response.Clear();
            context.Response.StatusCode = ex.StatusCode;
        }
        catch (Exception ex) when (context.RequestAborted.IsCancellationRequested && ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            diagnostics.Set("ClientFault", "the client closed the connection: " + ex.Message);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;

                // Nobody is there to read a status page.
                context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
            }
        }
    }
}
