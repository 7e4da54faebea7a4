using EpiCommand.Data;
using EpiCommand.Data.Demo;
using EpiCommand.Web.Assessments;
using EpiCommand.Web.Components;
using EpiCommand.Web.Organisation;
using EpiCommand.Web.Plans;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Regions;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddEpiCommandData(builder.Configuration);
builder.Services.AddScoped<DemoSeeder>();
builder.AddEpiCommandAuth();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.AddPlans();
builder.AddSurveillance();
builder.AddResponse();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemResults.BadRequestHandler>();
// Binding failures throw in every environment so that BadRequestHandler answers them with the path that failed.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();

var app = builder.Build();

await app.PrepareDatabaseAsync();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseEpiCommandLocalization();
app.UseRequestBodyLimits();
app.UseOriginCheck();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.UseApiDocs();
app.MapHealthChecks("/health");
app.MapAccount();
app.MapCulture();
app.MapRegions();
app.MapOrganisation();
app.MapPlans();
app.MapAssessments();
app.MapSurveillance();
app.MapResponse();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.PrintWelcome();
app.Run();

public partial class Program;
