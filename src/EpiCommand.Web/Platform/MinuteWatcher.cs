namespace EpiCommand.Web.Platform;

/// <summary>
/// A background scan once a minute on the platform's <see cref="TimeProvider"/> (overdue clocks, overdue tasks, recommendations),
/// and sooner when <see cref="WakeAsync"/> completes (a change the scan depends on). Each scan runs in a scope of its own. A failed
/// scan is logged and retried after a pause that doubles with each failure in a row, up to <see cref="MaxBackoff"/> — a database
/// that is down is not hammered every minute by every watcher — and the first scan that succeeds returns to every minute
/// (issue 13 §faults).
/// </summary>
public abstract class MinuteWatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(16);

    private int _rounds;

    /// <summary>What the scan does, for the log.</summary>
    protected abstract string What { get; }

    /// <summary>How many times the watcher has woken (a minute, or a wake), whether or not it scanned; for tests and diagnostics.</summary>
    public int Rounds => Volatile.Read(ref _rounds);

    /// <summary>Failed scans in a row; 0 after a scan that succeeded.</summary>
    public int Failures { get; private set; }

    protected abstract Task ScanAsync(IServiceProvider services, CancellationToken ct);

    /// <summary>Completes when a scan is wanted before the next minute; never, unless overridden.</summary>
    protected virtual Task WakeAsync(CancellationToken ct) => Task.Delay(Timeout.Infinite, ct);

    /// <summary>The pause after <paramref name="failures"/> failed scans in a row: 1, 2, 4, 8, 16 minutes.</summary>
    public static TimeSpan Backoff(int failures) =>
        failures <= 0 ? TimeSpan.Zero : TimeSpan.FromMinutes(Math.Min(Math.Pow(2, failures - 1), MaxBackoff.TotalMinutes));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        Task<bool>? tick = null;
        Task? wake = null;
        var retryAt = DateTimeOffset.MinValue;
        var woken = false;
        while (true)
        {
            // Off the timer's thread: a clock that jumps ahead (a test's fake clock) fires many ticks at once, and they must collapse into one scan.
            await Task.Yield();
            // A wake means a change was just saved, so the database answers again: no reason to wait out the pause.
            if (woken || clock.GetUtcNow() >= retryAt)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await ScanAsync(scope.ServiceProvider, stoppingToken);
                    if (Failures > 0) logger.LogInformation("{What} works again after {Failures} failed attempt(s)", What, Failures);
                    Failures = 0;
                    retryAt = DateTimeOffset.MinValue;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Failures++;
                    // Rounded down to the minute's tick, so that a pause of n minutes is n ticks on a clock that moves a minute at a time.
                    retryAt = clock.GetUtcNow() + Backoff(Failures) - TimeSpan.FromSeconds(1);
                    if (Failures == 1) logger.LogError(e, "{What} failed", What);
                    else logger.LogWarning("{What} failed {Failures} times in a row ({Error}); next attempt in {Backoff}", What, Failures, e.Message, Backoff(Failures));
                }
            }
            Interlocked.Increment(ref _rounds);
            tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
            wake ??= WakeAsync(stoppingToken);
            var first = await Task.WhenAny(tick, wake);
            if (stoppingToken.IsCancellationRequested) return;
            woken = first != tick;
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
