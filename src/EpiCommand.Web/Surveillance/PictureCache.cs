using System.Collections.Concurrent;
using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Surveillance;

/// <summary>
/// The live picture of a region on a day, kept between requests (issue 12 §2): at 300,000 cases a picture costs the engine's
/// assessment of the day and six aggregate queries (~0.3 s), and the home page of every user of the region asks for the same
/// one. A picture is kept until the next write that changes what it shows — a fact (case, setting, detection, judgment, an
/// import: <see cref="FactsCache.Invalidated"/>), a contact, a check or a clock (<see cref="Invalidate"/>, called by those
/// services) — and at most <see cref="MaxAge"/>: its counts depend on the time (checks become missed, clocks overdue,
/// "24 hours" slides), and should another instance's signal (<see cref="ChangeSignals"/>) be lost.
/// <para>
/// Writes do not update the picture in place: after a write, the first reader builds it again and waits for it. Readers who
/// come while that build runs are shown the previous picture (stale while revalidating) instead of all waiting behind one
/// build — except a reader whose own write the previous picture does not show yet (<see cref="SessionWrites"/>): a person
/// who has just registered a case sees it. So under a stream of writes a picture is at most one build behind, readers rarely
/// wait, and a person working alone, or anyone reading after a quiet moment, sees every write at once.
/// </para>
/// </summary>
public sealed class PictureCache : IDisposable
{
    /// <summary>How long a picture is shown without a write: the staleness of its time-dependent counts.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>Regions × days kept at most (a city has a few hundred assessed regions).</summary>
    private const int MaxKept = 2_000;

    private readonly FactsCache _facts;
    private readonly TimeProvider _clock;
    private readonly ChangeSignals _signals;
    private readonly SessionWrites _writes;
    private readonly ConcurrentDictionary<(string Region, DateOnly Day), Slot> _pictures = new();
    private long _version;
    private long _stale;

    public PictureCache(FactsCache facts, TimeProvider clock, ChangeSignals signals, IHttpContextAccessor http)
    {
        (_facts, _clock, _signals, _writes) = (facts, clock, signals, new SessionWrites(http));
        _facts.Invalidated += InvalidateHere;
        _signals.Received += OnSignal;
    }

    public void Dispose()
    {
        _facts.Invalidated -= InvalidateHere;
        _signals.Received -= OnSignal;
    }

    /// <summary>How many times a reader was shown the previous picture while a newer one was being built (for the benches).</summary>
    public long StaleServed => Interlocked.Read(ref _stale);

    /// <summary>Pictures built before now are not shown again, here and on the other instances (<see cref="ChangeSignals"/>).</summary>
    public void Invalidate()
    {
        InvalidateHere();
        _signals.Publish(ChangeSignals.Picture);
    }

    // The writer, when the write came through a request: their next picture must show it.
    private void InvalidateHere() => _writes.Wrote(Interlocked.Increment(ref _version));

    private void OnSignal(string topic)
    {
        if (topic == ChangeSignals.Picture) InvalidateHere();
    }

    private sealed record Entry(long Version, DateTimeOffset BuiltAt, Picture Picture);

    /// <summary>A region and day: its last picture built, and the build under way if any (with the version it started at).</summary>
    private sealed class Slot
    {
        public Entry? Built;
        public Task<Entry>? Building;
        public long BuildingVersion;
    }

    /// <summary>The picture of <paramref name="region"/> on <paramref name="day"/>: the kept one while still good, else built by <paramref name="build"/>.</summary>
    public async Task<Picture> GetAsync(string region, DateOnly day, Func<Task<Picture>> build)
    {
        // Pictures of past days are asked for one at a time; a bound keeps them from piling up.
        if (_pictures.Count > MaxKept) _pictures.Clear();
        var slot = _pictures.GetOrAdd((region, day), _ => new Slot());
        var own = _writes.Own();
        var version = Interlocked.Read(ref _version);
        Task<Entry> wait;
        lock (slot)
        {
            Settle(slot);
            var built = slot.Built is { } b && Young(b) ? b : null;
            if (built is not null && built.Version == version) return built.Picture;
            if (built is not null && built.Version >= own && slot.Building is not null)
            {
                // Stale while revalidating: a newer one is being built, and this one shows the reader's own writes.
                Interlocked.Increment(ref _stale);
                return built.Picture;
            }
            // The build under way serves if it started after the reader's own last write; else one starts now.
            if (slot.Building is null || slot.BuildingVersion < own) StartBuild(slot, version, build);
            wait = slot.Building!;
        }
        // Built from what was read at or after the version it started at: shown to whoever waited for it, even when written
        // meanwhile (a picture is never more than one build behind; the next reader builds again).
        return (await wait).Picture;
    }

    private bool Young(Entry entry)
    {
        var age = _clock.GetUtcNow() - entry.BuiltAt;
        return age < MaxAge && age >= TimeSpan.Zero;
    }

    /// <summary>Starts a build of the slot's picture at <paramref name="version"/> (under the slot's lock); when it ends it becomes the slot's picture.</summary>
    private void StartBuild(Slot slot, long version, Func<Task<Picture>> build)
    {
        var task = BuildAsync(version, build);
        slot.Building = task;
        slot.BuildingVersion = version;
        _ = task.ContinueWith(_ =>
        {
            lock (slot) Settle(slot);
        }, TaskScheduler.Default);
    }

    /// <summary>A build that has ended becomes the slot's picture (under the slot's lock). A failed build is not kept: the next reader tries again.</summary>
    private static void Settle(Slot slot)
    {
        if (slot.Building is not { IsCompleted: true } done) return;
        if (done.IsCompletedSuccessfully && (slot.Built is null || slot.Built.Version <= done.Result.Version)) slot.Built = done.Result;
        slot.Building = null;
    }

    private async Task<Entry> BuildAsync(long version, Func<Task<Picture>> build)
    {
        await Task.Yield(); // the build runs outside the slot's lock
        var builtAt = _clock.GetUtcNow();
        return new Entry(version, builtAt, await build());
    }
}
