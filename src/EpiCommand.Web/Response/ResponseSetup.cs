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
        builder.Services.AddHostedService<RecommendationWatcher>();
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

/// <summary>Once a minute, compares the engine's grades with the responses in force and refreshes the recommendations (C5).</summary>
public sealed class RecommendationWatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RecommendationWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            // Off the timer's thread: a clock that jumps ahead (a test's fake clock) fires many ticks at once, and they must collapse into one scan.
            await Task.Yield();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DecisionService>().RefreshRecommendationsAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Refreshing the recommendations failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
