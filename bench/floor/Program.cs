// bench/run.sh compares KnotCare with nginx; this app shows how close plain Kestrel gets on the same machine, so the
// ratio can be read: the difference between this app and KnotCare is the work KnotCare does per request.
// Settings (environment or command line): Page = the saved file, Route = the path to answer, e.g. /articles/x.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
var app = builder.Build();

var page = await File.ReadAllBytesAsync(app.Configuration["Page"] ?? throw new InvalidOperationException("Set Page to the file to serve."));
var route = app.Configuration["Route"] ?? throw new InvalidOperationException("Set Route to the path to answer.");
app.MapGet(route, (HttpContext context) =>
{
    context.Response.ContentType = "text/html; charset=utf-8";
    context.Response.ContentLength = page.Length;
    return context.Response.Body.WriteAsync(page).AsTask();
});

await app.RunAsync();
