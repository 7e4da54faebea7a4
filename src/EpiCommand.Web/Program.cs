using EpiCommand.Data;
using EpiCommand.Data.Demo;
using EpiCommand.Web.Assessments;
using EpiCommand.Web.Audit;
using EpiCommand.Web.Clocks;
using EpiCommand.Web.Components;
using EpiCommand.Web.Contacts;
using EpiCommand.Web.DailyReports;
using EpiCommand.Web.Evaluations;
using EpiCommand.Web.KeyPopulations;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Organisation;
using EpiCommand.Web.Plans;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Regions;
using EpiCommand.Web.Response;
using EpiCommand.Web.Sentinels;
using EpiCommand.Web.Strategies;
using EpiCommand.Web.Surveillance;
using EpiCommand.Web.Tasks;
using EpiCommand.Web.Warnings;
using EpiCommand.Web.Zones;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

// Platform: database, sign-in, plans, refusals, clock, API description, health, UI.
builder.Services.AddEpiCommandData(builder.Configuration);
builder.Services.AddScoped<DemoSeeder>();
builder.AddEpiCommandAuth();
builder.AddPlans();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemResults.BadRequestHandler>();
// Binding failures throw in every environment so that BadRequestHandler answers them with the path that failed.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();

// Features: one folder each, holding its service, endpoints, messages and page (CONTRIBUTING.md).
builder.AddSurveillance();      // Surveillance/: cases, confirmation, settings, detections, judgments, the live picture
builder.AddClocks();            // Clocks/: reporting clocks and their overdue alarms
builder.AddContacts();          // Contacts/: close contacts under observation
builder.AddKeyPopulations();    // KeyPopulations/: arrivals, their tests
builder.AddSentinels();         // Sentinels/: pharmacy and clinic reports
builder.AddLineLists();         // LineLists/: imports and exports
builder.AddNotifications();     // Notifications/: in-app notices, group robots, the webhook queue
builder.AddDecisions();         // Response/: recommendations and decisions
builder.AddTasks();             // Tasks/: measures as tasks, 督办
builder.AddWarnings();          // Warnings/
builder.AddZones();             // Zones/: control zones and lockdowns
builder.AddDailyReports();      // DailyReports/
builder.AddEvaluations();       // Evaluations/: the stand-down evaluation

var app = builder.Build();

await app.PrepareDatabaseAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseEpiCommandLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapOpenApi();
app.UseSwaggerUI(options =>
{
    options.SwaggerEndpoint("/openapi/v1.json", "EpiCommand API");
    options.RoutePrefix = "api-docs";
    options.DocumentTitle = "EpiCommand API";
});
app.MapHealthChecks("/health");
app.MapAccount();
app.MapCulture();

app.MapRegions();
app.MapOrganisation();
app.MapPlans();
app.MapAssessments();
app.MapCases();
app.MapConfirmation();
app.MapFacts();
app.MapPicture();
app.MapClocks();
app.MapContacts();
app.MapKeyPopulations();
app.MapSentinels();
app.MapLineLists();
app.MapNotifications();
app.MapUnitWebhooks();
app.MapDecisions();
app.MapTasks();
app.MapWarnings();
app.MapZones();
app.MapDailyReports();
app.MapStrategies();
app.MapEvaluations();
app.MapAudit();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.PrintWelcome();
app.Run();

public partial class Program;
