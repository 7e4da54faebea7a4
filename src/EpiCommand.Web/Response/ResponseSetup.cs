using EpiCommand.Web.Platform;
using EpiCommand.Web.Audit;
using EpiCommand.Web.DailyReports;
using EpiCommand.Web.Evaluations;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Strategies;
using EpiCommand.Web.Tasks;
using EpiCommand.Web.Warnings;
using EpiCommand.Web.Zones;

namespace EpiCommand.Web.Response;

/// <summary>The response lifecycle (docs/response.md): decisions, tasks, warnings, zones, daily reports, strategies, evaluations, audit trail.</summary>
public static class ResponseSetup
{
    public static WebApplicationBuilder AddResponse(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DecisionService>();
        builder.Services.AddSingleton<RecommendationSignal>();
        builder.Services.AddHostedService<RecommendationRefresher>();
        builder.AddNotifications();
        builder.AddTasks();
        builder.Services.AddScoped<WarningService>();
        builder.Services.AddScoped<ZoneService>();
        builder.Services.AddScoped<DailyReportService>();
        builder.Services.AddScoped<EvaluationService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapResponse(this IEndpointRouteBuilder app)
    {
        app.MapDecisions();
        app.MapTasks();
        app.MapUnitWebhooks();
        app.MapWarnings();
        app.MapZones();
        app.MapDailyReports();
        app.MapStrategies();
        app.MapEvaluations();
        app.MapAudit();
        return app;
    }
}
