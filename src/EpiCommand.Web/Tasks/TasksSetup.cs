using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Tasks;

public static class TasksSetup
{
    public static WebApplicationBuilder AddTasks(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TaskService>();
        builder.Services.AddHostedService<TaskWatcher>();
        return builder;
    }
}

/// <summary>Once a minute, announces each task that has just passed its deadline to its unit, once (E1, J5).</summary>
public sealed class TaskWatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TaskWatcher> logger) : MinuteWatcher(scopes, clock, logger)
{
    protected override string What => "Announcing the overdue tasks";

    protected override Task ScanAsync(IServiceProvider services, CancellationToken ct) => services.GetRequiredService<TaskService>().AnnounceOverdueAsync(ct);
}
