using EpiCommand.Web.Notifications;
using EpiCommand.Web.Tasks;

namespace EpiCommand.Web.Response;

public static class ResponseSetup
{
    public static WebApplicationBuilder AddResponse(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DecisionService>();
        builder.Services.AddHostedService<RecommendationWatcher>();
        builder.Services.AddScoped<Zones.ZoneService>();
        builder.Services.AddScoped<DailyReports.DailyReportService>();
        builder.AddTasks();
        return builder;
    }

    public static IEndpointRouteBuilder MapResponse(this IEndpointRouteBuilder app)
    {
        app.MapDecisions();
        EpiCommand.Web.Audit.AuditApi.MapAudit(app);
        Zones.ZonesApi.MapZones(app);
        DailyReports.DailyReportsApi.MapDailyReports(app);
        Strategies.StrategiesApi.MapStrategies(app);
        app.MapTasks();
        app.MapUnitWebhooks();
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
