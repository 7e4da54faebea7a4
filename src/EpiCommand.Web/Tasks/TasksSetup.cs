using EpiCommand.Web.Notifications;

namespace EpiCommand.Web.Tasks;

public static class TasksSetup
{
    public static WebApplicationBuilder AddTasks(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TaskService>();
        builder.Services.AddScoped<UnitWebhookService>();
        builder.Services.AddHostedService<TaskWatcher>();
        return builder;
    }
}

/// <summary>Once a minute, announces each task that has just passed its deadline to its unit, once (E1, J5).</summary>
public sealed class TaskWatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TaskWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            // Off the timer's thread: a clock that jumps ahead fires many ticks at once, and they must collapse into one scan.
            await Task.Yield();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TaskService>().AnnounceOverdueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Announcing the overdue tasks failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
