namespace EpiCommand.Web.Platform;

/// <summary>
/// A background scan once a minute on the platform's <see cref="TimeProvider"/> (overdue clocks, overdue tasks, recommendations),
/// and sooner when <see cref="WakeAsync"/> completes (a change the scan depends on). Each scan runs in a scope of its own; a
/// failed scan is logged and the next minute tries again.
/// </summary>
public abstract class MinuteWatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>What the scan does, for the log.</summary>
    protected abstract string What { get; }

    protected abstract Task ScanAsync(IServiceProvider services, CancellationToken ct);

    /// <summary>Completes when a scan is wanted before the next minute; never, unless overridden.</summary>
    protected virtual Task WakeAsync(CancellationToken ct) => Task.Delay(Timeout.Infinite, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        Task<bool>? tick = null;
        Task? wake = null;
        while (true)
        {
            // Off the timer's thread: a clock that jumps ahead (a test's fake clock) fires many ticks at once, and they must collapse into one scan.
            await Task.Yield();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await ScanAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "{What} failed", What);
            }
            tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
            wake ??= WakeAsync(stoppingToken);
            var first = await Task.WhenAny(tick, wake);
            if (stoppingToken.IsCancellationRequested) return;
            if (first == tick)
            {
                if (!await tick) return;
                tick = null;
            }
            else
            {
                wake = null;
            }
        }
    }
}
