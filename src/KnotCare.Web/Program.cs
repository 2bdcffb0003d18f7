using KnotCare.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(KnotCareHost.Options(args));
builder.UseBuildOutputStaticAssets();
builder.AddKnotCareLogging();
builder.Services.AddKnotCare(builder.Configuration);

var app = builder.Build();
app.UseKnotCare();
app.MapKnotCare();
return app.RunKnotCare();

/// <summary>Visible to the test projects' WebApplicationFactory.</summary>
public partial class Program;
