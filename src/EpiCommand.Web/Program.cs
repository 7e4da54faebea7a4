using EpiCommand.Data;
using EpiCommand.Web;
using EpiCommand.Web.Audit;
using EpiCommand.Web.Components;
using EpiCommand.Web.Platform;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
builder.RequireProductionSettings();
builder.AddForwardedHeaders();

// Platform: database, sign-in, plans, refusals, clock, API description, health, UI.
builder.Services.AddEpiCommandData(builder.Configuration);
builder.AddDemoCity();
builder.AddEpiCommandAuth();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.AddPlans();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemResults.BadRequestHandler>();
builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
// Binding failures throw in every environment so that BadRequestHandler answers them with the path that failed.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();

// Features, one folder each: the table of contents is Features.cs (used by the CLI too).
builder.AddFeatures();
builder.RequireAuditKeyInProduction();

var app = builder.Build();

await app.PrepareDatabaseAsync();
await app.CheckInstallationAsync();

// First: the client's address and scheme as nginx saw them, for the sign-in throttle, redirects and secure cookies.
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseEpiCommandLocalization();
app.UseRequestBodyLimits();
app.UseOriginCheck();
app.UseAuthentication();
app.UsePasswordChangeGate();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.UseApiDocs();
app.MapHealthChecks("/health");
app.MapAccount();
app.MapCulture();

app.MapFeatures();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.PrintWelcome();
app.Run();

public partial class Program;
