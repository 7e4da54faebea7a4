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
/// detections and judgments), built once and rebuilt after any of them changes. Every write that changes
/// the facts calls <see cref="Invalidate"/>, which reaches the other instances of the platform on the same PostgreSQL through
/// <see cref="ChangeSignals"/>; the index is also rebuilt after a minute, should a signal be lost.
/// </summary>
public sealed class FactsCache : IDisposable
{
    private readonly IServiceScopeFactory scopes;
    private readonly PlanCatalog plans;
    private readonly IOptions<PlansOptions> options;
    private readonly TimeProvider clock;
    private readonly ChangeSignals _signals;

    public FactsCache(IServiceScopeFactory scopes, PlanCatalog plans, IOptions<PlansOptions> options, TimeProvider clock, ChangeSignals signals)
    {
        (this.scopes, this.plans, this.options, this.clock, _signals) = (scopes, plans, options, clock, signals);
        _signals.Received += OnSignal;
    }

    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose()
    {
        _signals.Received -= OnSignal;
        _gate.Dispose();
    }

    private void OnSignal(string topic)
    {
        if (topic == ChangeSignals.Facts) InvalidateHere();
    }
    private (long Version, DateTimeOffset BuiltAt, FactIndex Index)? _cached;
    private long _version;

    public Plan Plan => plans.Get(options.Value.CityPlan);

    /// <summary>Raised after <see cref="Invalidate"/>: what depends on the facts (the recommendations) looks again.</summary>
    public event Action? Invalidated;

    /// <summary>The facts changed: rebuilt at the next read, here and (through <see cref="ChangeSignals"/>) on the other instances.</summary>
    public void Invalidate()
    {
        InvalidateHere();
        _signals.Publish(ChangeSignals.Facts);
    }

    private void InvalidateHere()
    {
        Interlocked.Increment(ref _version);
        Invalidated?.Invoke();
    }

    public async Task<FactIndex> GetAsync(CancellationToken cancellationToken = default)
    {
        var version = Interlocked.Read(ref _version);
        if (_cached is { } hit && hit.Version == version && clock.GetUtcNow() - hit.BuiltAt < MaxAge) return hit.Index;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            version = Interlocked.Read(ref _version);
            if (_cached is { } again && again.Version == version && clock.GetUtcNow() - again.BuiltAt < MaxAge) return again.Index;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var index = AssessmentEngine.Index(Plan, await LoadScenarioAsync(db, cancellationToken));
            _cached = (version, clock.GetUtcNow(), index);
            return index;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<AssessmentResult> AssessAsync(DateOnly asOf, CancellationToken cancellationToken = default) =>
        AssessmentEngine.Assess(Plan, await GetAsync(cancellationToken), asOf);

    /// <summary>The whole stored picture as a scenario: every region, so that neighbours and parents are assessed as the plan says.</summary>
    public static async Task<Scenario> LoadScenarioAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var regions = await db.Regions.AsNoTracking().Include(r => r.Neighbors).OrderBy(r => r.Path).ToListAsync(cancellationToken);
        var settings = await db.Settings.AsNoTracking().ToListAsync(cancellationToken);
        var cases = await db.Cases.AsNoTracking().Where(c => c.Outcome != CaseOutcome.Excluded)
            .Select(c => new { c.Id, c.Classification, c.RegionCode, c.ReportedAt, c.IsolatedAt, c.InfectionSource, c.SettingId, c.OtherSettingIds, c.LinkedCaseIds, c.OnsetAt })
            .ToListAsync(cancellationToken);
        var detections = await db.Detections.AsNoTracking().ToListAsync(cancellationToken);
        var judgments = await db.Judgments.AsNoTracking().OrderBy(j => j.Id).ToListAsync(cancellationToken);
        return new Scenario(
            regions.Select(r => new ScenarioRegion(r.Code, r.Name, r.Level, r.ParentCode, r.Neighbors.Select(n => n.NeighborCode).ToList())).ToList(),
            settings.Select(s => new ScenarioSetting(s.Id, s.Name, s.Type, s.RegionCode)).ToList(),
            cases.Select(c => new ScenarioCase(c.Id, c.Classification, c.RegionCode, c.ReportedAt, c.IsolatedAt, c.InfectionSource,
                c.SettingId is { } setting ? [setting, .. c.OtherSettingIds] : c.OtherSettingIds, c.LinkedCaseIds, c.OnsetAt)).ToList(),
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
