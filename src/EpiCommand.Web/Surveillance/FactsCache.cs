using System.Collections.Concurrent;
using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Surveillance;

/// <summary>
/// The stored facts as the engine sees them (a <see cref="FactIndex"/> over regions, settings, cases,
/// detections and judgments), loaded once by streaming from the database and kept up to date by the writes (issue 12 §2).
/// A write that changes cases says which (<see cref="CasesChanged"/>): the next reader loads only those rows and re-indexes
/// the facts it holds, instead of reading every case again — at 300,000 cases the difference between milliseconds and
/// seconds, paid after every registration. Any other change of the facts (a setting, detection, judgment, an import of a
/// line list) calls <see cref="Invalidate"/> and the next reader loads everything. Both reach the other instances of the
/// platform on the same PostgreSQL through <see cref="ChangeSignals"/> (the case ids travel with the signal); where signals
/// are carried, everything is also loaded again after <see cref="MaxAgeCarried"/>, should one be lost.
/// </summary>
public sealed class FactsCache : IDisposable
{
    private readonly IServiceScopeFactory scopes;
    private readonly PlanCatalog plans;
    private readonly IOptions<PlansOptions> options;
    private readonly TimeProvider clock;
    private readonly ChangeSignals _signals;
    private readonly SessionWrites _writes;

    public FactsCache(IServiceScopeFactory scopes, PlanCatalog plans, IOptions<PlansOptions> options, TimeProvider clock, ChangeSignals signals, IHttpContextAccessor http)
    {
        (this.scopes, this.plans, this.options, this.clock, _signals) = (scopes, plans, options, clock, signals);
        _writes = new SessionWrites(http);
        _signals.Received += OnSignal;
    }

    /// <summary>How long the facts are used without loading them all again, where other instances write too (a signal may be lost).</summary>
    public static readonly TimeSpan MaxAgeCarried = TimeSpan.FromMinutes(1);

    /// <summary>The same in one process (SQLite): every write is seen here; this bounds what a write outside the platform (a CLI command) goes unseen.</summary>
    public static readonly TimeSpan MaxAgeAlone = TimeSpan.FromMinutes(10);

    /// <summary>More changed cases than this at once are read by loading everything.</summary>
    private const int MaxDelta = 5_000;

    /// <summary>The prefix of a signal that names the changed cases: <c>facts:cases:id1,id2</c>.</summary>
    private const string CasesTopic = ChangeSignals.Facts + ":cases:";

    /// <summary>The longest signal payload sent with ids (PostgreSQL's NOTIFY takes 8,000 bytes); a longer one is sent as "everything".</summary>
    private const int MaxSignalLength = 7_000;

    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose()
    {
        _signals.Received -= OnSignal;
        _gate.Dispose();
    }

    private void OnSignal(string topic)
    {
        if (topic == ChangeSignals.Facts) InvalidateHere(null);
        else if (topic.StartsWith(CasesTopic, StringComparison.Ordinal)) InvalidateHere(topic[CasesTopic.Length..].Split(','));
    }

    /// <summary>
    /// What was read, as one immutable object: a reader outside the gate sees all of one snapshot or all of the next. With it,
    /// the assessments of the days asked for (each day assessed once per snapshot, however many pages show it).
    /// </summary>
    private sealed record Kept(long Version, DateTimeOffset BuiltAt, Scenario Scenario, FactIndex Index)
    {
        public ConcurrentDictionary<DateOnly, Lazy<AssessmentResult>> Assessments { get; } = new();
    }

    private Kept? _cached;
    private long _version;

    /// <summary>The cases changed since the facts were last read; null when everything must be read again.</summary>
    private HashSet<string>? _changedCases = new(StringComparer.Ordinal);
    private readonly Lock _changedLock = new();

    public Plan Plan => plans.Get(options.Value.CityPlan);

    /// <summary>Raised after <see cref="Invalidate"/> and <see cref="CasesChanged"/>: what depends on the facts (the recommendations) looks again.</summary>
    public event Action? Invalidated;

    /// <summary>The facts changed: everything is read again at the next read, here and (through <see cref="ChangeSignals"/>) on the other instances.</summary>
    public void Invalidate()
    {
        InvalidateHere(null);
        _signals.Publish(ChangeSignals.Facts);
    }

    /// <summary>
    /// These cases were registered, changed or excluded, and committed: the next read loads just them. Call it after the commit
    /// (a read between the change and its commit would load the row as it was before).
    /// </summary>
    public void CasesChanged(IReadOnlyCollection<string> ids)
    {
        InvalidateHere(ids);
        var topic = CasesTopic + string.Join(',', ids);
        _signals.Publish(topic.Length <= MaxSignalLength ? topic : ChangeSignals.Facts);
    }

    private void InvalidateHere(IReadOnlyCollection<string>? cases)
    {
        lock (_changedLock)
        {
            if (cases is null || _changedCases is null || _changedCases.Count + cases.Count > MaxDelta) _changedCases = null;
            else _changedCases.UnionWith(cases);
            _writes.Wrote(Interlocked.Increment(ref _version));
        }
        Invalidated?.Invoke();
    }

    /// <summary>Whether everything was last read longer ago than the facts may be used without reading them all again.</summary>
    private bool Expired(Kept cached) => clock.GetUtcNow() - cached.BuiltAt >= (_signals.Carried ? MaxAgeCarried : MaxAgeAlone);

    private bool Fresh(Kept cached, long version) => cached.Version == version && !Expired(cached);

    /// <summary>The facts as they are now, every committed write included: for what acts on them (recommendations, decisions, warnings, announcements).</summary>
    public async Task<FactIndex> GetAsync(CancellationToken cancellationToken = default) => (await GetKeptAsync(cancellationToken)).Index;

    /// <summary>
    /// The facts for a page or list that shows them (the map, the clusters, the screen): while someone is reading the latest
    /// writes in, the facts as they were before them, without waiting — unless the reader's own write is among them
    /// (<see cref="SessionWrites"/>). Background services and whatever acts on the facts call <see cref="GetAsync"/>.
    /// </summary>
    public async Task<FactIndex> ReadAsync(CancellationToken cancellationToken = default) => (await ReadKeptAsync(cancellationToken)).Index;

    /// <summary>The assessment of <paramref name="asOf"/> for a page that shows it: see <see cref="ReadAsync"/>.</summary>
    public async Task<AssessmentResult> AssessForReadingAsync(DateOnly asOf, CancellationToken cancellationToken = default) =>
        Assess(await ReadKeptAsync(cancellationToken), asOf);

    private Task<Kept> ReadKeptAsync(CancellationToken cancellationToken)
    {
        // The gate is taken while the facts are being read again: show the previous ones meanwhile, to whom may see them.
        if (Volatile.Read(ref _cached) is { } previous && !Expired(previous) && _gate.CurrentCount == 0
            && previous.Version >= _writes.Own())
        {
            return Task.FromResult(previous);
        }
        return GetKeptAsync(cancellationToken);
    }

    private AssessmentResult Assess(Kept kept, DateOnly asOf)
    {
        if (kept.Assessments.Count > 64) kept.Assessments.Clear();
        return kept.Assessments.GetOrAdd(asOf, day => new Lazy<AssessmentResult>(() => AssessmentEngine.Assess(Plan, kept.Index, day))).Value;
    }

    private async Task<Kept> GetKeptAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _cached) is { } hit && Fresh(hit, Interlocked.Read(ref _version))) return hit;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            long version;
            HashSet<string>? changed;
            lock (_changedLock)
            {
                version = Interlocked.Read(ref _version);
                if (_cached is { } again && Fresh(again, version)) return again;
                // What changes from here on is read by the next reader; what changed before is read now.
                changed = _changedCases;
                _changedCases = new HashSet<string>(StringComparer.Ordinal);
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            try
            {
                var kept = _cached is { } old && changed is not null && !Expired(old) ? old : null;
                var (scenario, appended) = kept is null ? (null, null) : await WithChangedCasesAsync(db, kept.Scenario, changed!, cancellationToken);
                if (scenario is null)
                {
                    scenario = await LoadScenarioAsync(db, cancellationToken);
                    Interlocked.Increment(ref _fullReads);
                    kept = null;
                }
                // Cases only added (registrations): appended to the kept index's arrays rather than indexed again.
                var index = kept is not null && appended is not null ? FactIndex.Appending(kept.Index, scenario, appended) : null;
                if (index is not null) Interlocked.Increment(ref _appends);
                else index = AssessmentEngine.Index(Plan, scenario);
                // The age counts from the last time everything was read.
                var fresh = new Kept(version, kept?.BuiltAt ?? clock.GetUtcNow(), scenario, index);
                Volatile.Write(ref _cached, fresh);
                return fresh;
            }
            catch
            {
                // Nothing was read: the next reader reads everything.
                lock (_changedLock) _changedCases = null;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private int _fullReads;
    private int _appends;

    /// <summary>How many times new cases were appended to the kept index rather than every case indexed again (<see cref="FactIndex.Appending"/>).</summary>
    public int Appends => Volatile.Read(ref _appends);

    /// <summary>How many times every fact was read from the database since the start (the rest were reads of the changed cases).</summary>
    public int FullReads => Volatile.Read(ref _fullReads);

    /// <summary>
    /// <paramref name="kept"/> with the rows of <paramref name="changed"/> read again: added, replaced, or dropped when excluded or
    /// gone; null when a case names a region or setting the kept facts do not know (a regions import meanwhile). With it, the
    /// rows read when none of them was in the kept facts (cases only added), else null.
    /// </summary>
    private static async Task<(Scenario? Scenario, IReadOnlyList<ScenarioCase>? Appended)> WithChangedCasesAsync(AppDbContext db, Scenario kept,
        HashSet<string> changed, CancellationToken ct)
    {
        if (changed.Count == 0) return (kept, []);
        var read = new List<ScenarioCase>(changed.Count);
        foreach (var chunk in changed.Chunk(500))
        {
            read.AddRange(await CaseRows(db.Cases.AsNoTracking().Where(c => chunk.Contains(c.Id) && c.Outcome != CaseOutcome.Excluded), ct));
        }
        var regions = kept.Regions.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var settings = kept.Settings.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        if (read.Any(c => !regions.Contains(c.Region) || c.Settings.Any(s => !settings.Contains(s)))) return (null, null);
        var cases = new List<ScenarioCase>(kept.Cases.Count + read.Count);
        cases.AddRange(kept.Cases.Where(c => !changed.Contains(c.Id)));
        var onlyAdded = cases.Count == kept.Cases.Count;
        cases.AddRange(read);
        return (kept with { Cases = cases }, onlyAdded ? read : null);
    }

    private static async Task<List<ScenarioCase>> CaseRows(IQueryable<CaseRecord> query, CancellationToken ct) =>
        (await query.Select(c => new { c.Id, c.Classification, c.RegionCode, c.ReportedAt, c.IsolatedAt, c.InfectionSource, c.SettingId, c.OtherSettingIds, c.LinkedCaseIds, c.OnsetAt })
            .ToListAsync(ct))
        .Select(c => new ScenarioCase(c.Id, c.Classification, c.RegionCode, c.ReportedAt, c.IsolatedAt, c.InfectionSource,
            c.SettingId is { } setting ? [setting, .. c.OtherSettingIds] : c.OtherSettingIds, c.LinkedCaseIds, c.OnsetAt)).ToList();

    /// <summary>The assessment of <paramref name="asOf"/> over the facts as they are now (see <see cref="GetAsync"/>); computed once per day and snapshot.</summary>
    public async Task<AssessmentResult> AssessAsync(DateOnly asOf, CancellationToken cancellationToken = default) =>
        Assess(await GetKeptAsync(cancellationToken), asOf);

    /// <summary>The whole stored picture as a scenario: every region, so that neighbours and parents are assessed as the plan says.</summary>
    public static async Task<Scenario> LoadScenarioAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var regions = await db.Regions.AsNoTracking().Include(r => r.Neighbors).OrderBy(r => r.Path).ToListAsync(cancellationToken);
        var settings = await db.Settings.AsNoTracking().ToListAsync(cancellationToken);
        var cases = await CaseRows(db.Cases.AsNoTracking().Where(c => c.Outcome != CaseOutcome.Excluded), cancellationToken);
        var detections = await db.Detections.AsNoTracking().ToListAsync(cancellationToken);
        var judgments = await db.Judgments.AsNoTracking().OrderBy(j => j.Id).ToListAsync(cancellationToken);
        return new Scenario(
            regions.Select(r => new ScenarioRegion(r.Code, r.Name, r.Level, r.ParentCode, r.Neighbors.Select(n => n.NeighborCode).ToList())).ToList(),
            settings.Select(s => new ScenarioSetting(s.Id, s.Name, s.Type, s.RegionCode)).ToList(),
            cases,
            detections.Select(d => new ScenarioDetection(d.Id, d.Kind, d.RegionCode, d.DetectedAt)).ToList(),
            judgments.Select(ToJudgment).ToList());
    }

    public static Judgment ToJudgment(ExpertJudgment j) => j.Value switch
    {
        "false" => new Judgment(j.Kind, j.RegionCode, j.From, InForce: false),
        _ when Grades.ByName.TryGetValue(j.Value, out var grade) => new Judgment(j.Kind, j.RegionCode, j.From, true, Grade: grade),
        _ when Grades.RiskByName.TryGetValue(j.Value, out var risk) => new Judgment(j.Kind, j.RegionCode, j.From, true, Risk: risk),
        _ => new Judgment(j.Kind, j.RegionCode, j.From, InForce: true),
    };
}
