using EpiCommand.Web.Evaluations;
using EpiCommand.Web.Warnings;

namespace EpiCommand.Web.Response;

public static class ResponseSetup
{
    public static WebApplicationBuilder AddResponse(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DecisionService>();
        builder.Services.AddScoped<WarningService>();
        builder.Services.AddScoped<EvaluationService>();
        builder.Services.AddHostedService<RecommendationWatcher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapResponse(this IEndpointRouteBuilder app)
    {
        app.MapDecisions();
        app.MapWarnings();
        app.MapEvaluations();
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
