using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace KnotCare.Web.Infrastructure;

/// <summary>
/// Razor Pages renders a page even when no handler matches the HTTP method (TRACE, OPTIONS, PUT...), with its model
/// never filled in. This filter answers 405 Method Not Allowed instead.
/// </summary>
public sealed class RequireHandlerFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.HandlerMethod is null)
        {
            context.HttpContext.Response.Headers.Allow = "GET, HEAD, POST";
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
            return;
        }

        await next();
    }
}
