using System.Collections.Concurrent;

namespace EpiCommand.Web.Surveillance;

/// <summary>
/// The live picture of a region on a day, kept between requests (issue 12 §2): at 300,000 cases a picture costs the engine's
/// assessment of the day and six aggregate queries (~0.3 s), and the home page of every user of the region asks for the same
/// one. A picture is kept until the next write that changes what it shows — a fact (case, setting, detection, judgment, an
/// import: <see cref="FactsCache.Invalidated"/>), a contact, a check or a clock (<see cref="Invalidate"/>, called by those
/// services) — and at most <see cref="MaxAge"/>: its counts depend on the time (checks become missed, clocks overdue,
/// "24 hours" slides), and should another instance's signal (<see cref="ChangeSignals"/>) be lost.
/// Writes do not update the picture in place: it is rebuilt once, by the first reader after the write; the others wait for it
/// (one build per region and day at a time) instead of all building the same picture.
/// </summary>
public sealed class PictureCache : IDisposable
{
    /// <summary>How long a picture is shown without a write: the staleness of its time-dependent counts.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>Regions × days kept at most (a city has a few hundred assessed regions).</summary>
    private const int MaxKept = 2_000;

    private readonly FactsCache _facts;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<(string Region, DateOnly Day), Lazy<Task<Entry>>> _pictures = new();
    private long _version;

    private readonly ChangeSignals _signals;

    public PictureCache(FactsCache facts, TimeProvider clock, ChangeSignals signals)
    {
        (_facts, _clock, _signals) = (facts, clock, signals);
        _facts.Invalidated += InvalidateHere;
        _signals.Received += OnSignal;
    }

    public void Dispose()
    {
        _facts.Invalidated -= InvalidateHere;
        _signals.Received -= OnSignal;
    }

    /// <summary>Pictures built before now are not shown again, here and on the other instances (<see cref="ChangeSignals"/>).</summary>
    public void Invalidate()
    {
        InvalidateHere();
        _signals.Publish(ChangeSignals.Picture);
    }

    private void InvalidateHere() => Interlocked.Increment(ref _version);

    private void OnSignal(string topic)
    {
        if (topic == ChangeSignals.Picture) InvalidateHere();
    }

    private sealed record Entry(long Version, DateTimeOffset BuiltAt, Picture Picture);

    /// <summary>The picture of <paramref name="region"/> on <paramref name="day"/>: the kept one while still good, else built by <paramref name="build"/>.</summary>
    public async Task<Picture> GetAsync(string region, DateOnly day, Func<Task<Picture>> build)
    {
        var key = (region, day);
        // Pictures of past days are asked for one at a time; a bound keeps them from piling up.
        if (_pictures.Count > MaxKept) _pictures.Clear();
        while (true)
        {
            var version = Interlocked.Read(ref _version);
            var slot = _pictures.GetOrAdd(key, _ => new Lazy<Task<Entry>>(async () => new Entry(version, _clock.GetUtcNow(), await build())));
            Entry entry;
            try
            {
                entry = await slot.Value;
            }
            catch
            {
                // A failed build is not kept: the next reader tries again.
                _pictures.TryRemove(KeyValuePair.Create(key, slot));
                throw;
            }
            var age = _clock.GetUtcNow() - entry.BuiltAt;
            if (entry.Version == Interlocked.Read(ref _version) && age < MaxAge && age >= TimeSpan.Zero) return entry.Picture;
            // Stale: drop it (unless another reader already has) and build again.
            _pictures.TryRemove(KeyValuePair.Create(key, slot));
            if (entry.Version == version && age < MaxAge && age >= TimeSpan.Zero) return entry.Picture; // written meanwhile: built from what was read before the write, shown once
        }
    }
}
