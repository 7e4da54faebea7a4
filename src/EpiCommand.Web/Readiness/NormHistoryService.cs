using System.Threading.Channels;
using EpiCommand.Data;
using EpiCommand.Data.Readiness;
using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Readiness;

/// <summary>One change of state of a norm, in the request's language.</summary>
public sealed record NormChangeDto(long Id, string RegionCode, string NormId, string Plan, string Status, string? Previous, DateTimeOffset At,
    double? Value, double? Required, string? Detail);

/// <summary>When a norm came to its present state, was first met, and last stopped being met (issue 15 §3).</summary>
public sealed record NormTimelineDto(DateTimeOffset Since, DateTimeOffset? FirstMet, DateTimeOffset? LastBroken);

/// <summary>
/// The history of each norm (issue 15 §3 "when it was first met, when it broke"): every norm of every county and of the city is
/// read again each day and after each change of a register (<see cref="ReadinessWatcher"/>), and each reading that finds a norm
/// in another state than the last one recorded (met, not met, not measurable) is stored as a <see cref="NormChange"/>.
/// </summary>
public sealed class NormHistoryService(AppDbContext db, ReadinessService readiness, TimeProvider clock)
{
    public static readonly Keyset<NormChange> Newest = Keyset<NormChange>.By(c => c.Id, descending: true);

    private const int MaxAttempts = 3;

    /// <summary>
    /// Reads every norm of each city the platform serves (a city with a command headquarters) and stores the changes of state;
    /// returns how many. Another instance recording the same change at the same moment stores it once (the unique sequence):
    /// the loser reads again.
    /// </summary>
    public async Task<int> RecordAsync(CancellationToken ct)
    {
        var cities = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.City && db.Headquarters.Any(h => h.RegionCode == r.Code))
            .Select(r => new { r.Code, r.Path }).ToListAsync(ct);
        var recorded = 0;
        foreach (var city in cities)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    recorded += await RecordAsync(new Jurisdiction(city.Code, city.Path), ct);
                    break;
                }
                catch (DbUpdateException) when (attempt < MaxAttempts)
                {
                    db.ChangeTracker.Clear();
                }
            }
        }
        return recorded;
    }

    private async Task<int> RecordAsync(Jurisdiction jurisdiction, CancellationToken ct)
    {
        // The last recorded state first, then the registers: a change another instance records in between takes the sequence this
        // one would, so the unique (region, norm, sequence) refuses this one and the retry reads both again — rather than this one
        // recording a state older than the other's after it.
        var last = await LatestAsync(jurisdiction, ct);
        var (_, regions) = await readiness.EvaluateAsync(jurisdiction, ct);
        var now = clock.GetUtcNow();
        var changes = new List<NormChange>();
        foreach (var region in regions)
        {
            foreach (var (plan, result) in region.Results)
            {
                (NormStatus Status, int Sequence)? before = last.TryGetValue((region.RegionCode, result.Norm.Id), out var b) ? b : null;
                if (before?.Status == result.Status) continue;
                var detail = result.Status == NormStatus.NotMet ? result.Shortfall : result.Reason;
                changes.Add(new NormChange
                {
                    RegionCode = region.RegionCode, RegionPath = region.RegionPath, NormId = result.Norm.Id, Plan = plan, Sequence = (before?.Sequence ?? 0) + 1,
                    Status = result.Status, Previous = before?.Status, At = now, Value = result.Value, Required = result.Required,
                    DetailZh = Cut(detail?.Zh), DetailEn = Cut(detail?.En),
                });
            }
        }
        if (changes.Count == 0) return 0;
        db.NormChanges.AddRange(changes);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return changes.Count;
    }

    private static string? Cut(string? text) => text is { Length: > 500 } ? text[..500] : text;

    /// <summary>The last change recorded of each (region, norm) of the jurisdiction.</summary>
    private async Task<Dictionary<(string Region, string Norm), (NormStatus Status, int Sequence)>> LatestAsync(Jurisdiction jurisdiction, CancellationToken ct)
    {
        var rows = await jurisdiction.Scope(db.NormChanges.AsNoTracking())
            .Where(c => !db.NormChanges.Any(n => n.RegionCode == c.RegionCode && n.NormId == c.NormId && n.Sequence > c.Sequence))
            .Select(c => new { c.RegionCode, c.NormId, c.Status, c.Sequence }).ToListAsync(ct);
        return rows.ToDictionary(r => (r.RegionCode, r.NormId), r => (r.Status, r.Sequence));
    }

    /// <summary>
    /// Per (region, norm) of the jurisdiction: since when it is in its state, when it was first met and when it last stopped
    /// being met. One query reads just the changes that answer these (the last of each norm, its first met, its last broken: each
    /// one with no later — or earlier — such change of the same norm, found on the unique (region, norm, sequence) index), rather
    /// than grouping every change and then looking their instants up by id (bench-readiness: that took as long as reading every
    /// register of 100 counties).
    /// </summary>
    public static async Task<Dictionary<(string Region, string Norm), NormTimelineDto>> TimelinesAsync(AppDbContext db, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var rows = await jurisdiction.Scope(db.NormChanges.AsNoTracking())
            .Where(c => !db.NormChanges.Any(n => n.RegionCode == c.RegionCode && n.NormId == c.NormId && n.Sequence > c.Sequence)
                || (c.Status == NormStatus.Met
                    && !db.NormChanges.Any(n => n.RegionCode == c.RegionCode && n.NormId == c.NormId && n.Sequence < c.Sequence && n.Status == NormStatus.Met))
                || (c.Previous == NormStatus.Met
                    && !db.NormChanges.Any(n => n.RegionCode == c.RegionCode && n.NormId == c.NormId && n.Sequence > c.Sequence && n.Previous == NormStatus.Met)))
            .Select(c => new { c.RegionCode, c.NormId, c.Sequence, c.Status, c.Previous, c.At }).ToListAsync(ct);
        return rows.GroupBy(r => (r.RegionCode, r.NormId)).ToDictionary(g => g.Key, g => new NormTimelineDto(
            g.MaxBy(r => r.Sequence)!.At,
            g.Where(r => r.Status == NormStatus.Met).MinBy(r => r.Sequence)?.At,
            g.Where(r => r.Previous == NormStatus.Met).MaxBy(r => r.Sequence)?.At));
    }

    /// <summary>The changes of one norm in one region of the jurisdiction, newest first, a page at a time.</summary>
    public async Task<Outcome<Page<NormChangeDto>>> HistoryAsync(Jurisdiction jurisdiction, string? regionCode, string? normId, PageRequest page, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var region = await jurisdiction.RegionAsync(db, regionCode, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        if (string.IsNullOrWhiteSpace(normId)) errors.Add("norm", Messages.ReadinessNormRequired);
        else if (!readiness.Norms().Any(n => n.Norm.Id == normId)) errors.Add("norm", Messages.NoSuchNorm(normId));
        if (errors.Problem is { } invalid) return invalid;
        var code = region.Value!.Code;
        return await Newest.PageAsync(db.NormChanges.AsNoTracking().Where(c => c.RegionCode == code && c.NormId == normId), page, ToDto, ct);
    }

    public static NormChangeDto ToDto(NormChange c) =>
        new(c.Id, c.RegionCode, c.NormId, c.Plan, EnumNames.Of(c.Status), c.Previous is { } p ? EnumNames.Of(p) : null, c.At, c.Value, c.Required,
            c.DetailZh is null ? null : Ui.T(c.DetailZh, c.DetailEn ?? c.DetailZh));
}

/// <summary>Wakes the <see cref="ReadinessWatcher"/> after a register changed (a hospital, a site, a team, the sizing, the stock).</summary>
public sealed class ReadinessSignal
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Changed() => _requests.Writer.TryWrite(true);

    internal async Task WaitAsync(CancellationToken ct) => await _requests.Reader.ReadAsync(ct);
}

/// <summary>
/// Reads every norm after each change of a register and once a day (a drill falls out of its interval with no change at all),
/// recording the changes of state (<see cref="NormHistoryService"/>). The minute's tick only reads when the day in China turned.
/// </summary>
public sealed class ReadinessWatcher(IServiceScopeFactory scopes, TimeProvider clock, ReadinessSignal signal, ILogger<ReadinessWatcher> logger)
    : MinuteWatcher(scopes, clock, logger)
{
    private volatile bool _changed = true;
    private DateOnly? _day;

    /// <summary>How long after a change the norms are read, so that the changes arriving meanwhile are read with it.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    protected override string What => "Recording the history of the readiness norms";

    protected override async Task WakeAsync(CancellationToken ct)
    {
        await signal.WaitAsync(ct);
        // A burst of changes (many stock movements, an import) is read once: what comes during the pause and the read that follows
        // wakes one more read, not one each.
        await Task.Delay(SettleTime, ct);
        _changed = true;
    }

    protected override async Task ScanAsync(IServiceProvider services, CancellationToken ct)
    {
        var today = ChinaTime.DayOf(services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (!_changed && _day == today) return;
        _changed = false;
        try
        {
            await services.GetRequiredService<NormHistoryService>().RecordAsync(ct);
            _day = today;
        }
        catch
        {
            _changed = true;
            throw;
        }
    }
}
