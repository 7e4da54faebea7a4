using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Readiness;
using EpiCommand.Data.Response;
using EpiCommand.Data.Supplies;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Readiness;

/// <summary>One norm of a plan read over a jurisdiction's registers, in the request's language.</summary>
/// <param name="Since">When the norm came to its present state (the last change recorded); null before the first recording.</param>
/// <param name="Task">The latest task created from this norm's gap in the region (its state: open, inProgress, done…).</param>
/// <param name="FirstMet">When the norm was first found met; <paramref name="LastBroken"/> when it last stopped being met.</param>
public sealed record NormResultDto(string Id, string Plan, string Clause, string Title, string? Text, string Scope, string? Metric, string Status,
    double? Value, double? Required, string Unit, string? Requirement, string? Shortfall, string? Reason, IReadOnlyList<string> Responsible,
    DateTimeOffset? Since = null, DateTimeOffset? FirstMet = null, DateTimeOffset? LastBroken = null, GapTaskRef? Task = null);

public sealed record RegionReadiness(string RegionCode, string RegionName, int Met, int NotMet, int NotMeasurable, IReadOnlyList<NormResultDto> Norms);

/// <summary>The readiness of a jurisdiction: the city's own norms (for a city user) and each county's.</summary>
public sealed record ReadinessReport(DateOnly Day, RegionReadiness? City, IReadOnlyList<RegionReadiness> Counties);

/// <param name="Population">The resident population (常住人口) a whole-population testing norm is sized from (001 §5.1.3(3); 003 二(四)2).</param>
public sealed record SizingDto(string RegionCode, string RegionName, int? PlannedConfirmedCases, int Version, int? Population = null);
/// <summary>The sizing of a region as a whole: a figure left out (null) is not set.</summary>
public sealed record SizingInput(int? PlannedConfirmedCases, int? Version, int? Population = null);

/// <summary>The norms of one region read over its registers, before they are put into the request's language.</summary>
public sealed record RegionEvaluation(string RegionCode, string RegionName, string RegionPath, bool County, IReadOnlyList<(string Plan, NormResult Result)> Results);

/// <summary>
/// Reads every readiness norm of the plans the city runs (its plan and the plans composed onto it, docs/plans.md) over the
/// registers, per county and for the city (requirements F1–F9; 001 §5.1.3). Read when asked, from the registers as they are:
/// a change to a register shows on the next read.
/// </summary>
public sealed class ReadinessService(AppDbContext db, PlanCatalog plans, IOptions<PlansOptions> options, TimeProvider clock, ReadinessSignal signal)
{
    /// <summary>
    /// The norms of the city plan and of the city-level plans composed onto it (autumn-2022, issued by a city), each once, with the
    /// plan it comes from. A county-level plan composed onto it (taiping-2020, 阜新市太平区) is another place's and is not read here.
    /// </summary>
    public IReadOnlyList<(string Plan, ReadinessNorm Norm)> Norms()
    {
        var cityPlan = options.Value.CityPlan;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(string, ReadinessNorm)>();
        foreach (var plan in plans.All.Where(p => p.Id == cityPlan || (p.Base == cityPlan && p.IssuingLevel == RegionLevel.City)).OrderBy(p => p.Id == cityPlan ? 0 : 1).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            foreach (var norm in ReadinessEvaluator.NormsOf(plan).Where(n => seen.Add(n.Id))) result.Add((plan.Id, norm));
        }
        return result;
    }

    public async Task<ReadinessReport> ReportAsync(Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (today, regions) = await EvaluateAsync(jurisdiction, ct);
        var timelines = await NormHistoryService.TimelinesAsync(db, jurisdiction, ct);
        var gapTasks = await GapTaskService.LatestAsync(db, jurisdiction, ct);
        RegionReadiness ToReadiness(RegionEvaluation r)
        {
            var results = r.Results.Select(n =>
            {
                var dto = ToDto(n.Plan, n.Result) with { Task = gapTasks.GetValueOrDefault((r.RegionCode, GapTaskService.MeasureOf(n.Result.Norm.Id))) };
                return timelines.TryGetValue((r.RegionCode, dto.Id), out var t) ? dto with { Since = t.Since, FirstMet = t.FirstMet, LastBroken = t.LastBroken } : dto;
            }).ToList();
            return new RegionReadiness(r.RegionCode, r.RegionName, results.Count(n => n.Status == "met"), results.Count(n => n.Status == "notMet"),
                results.Count(n => n.Status == "notMeasurable"), results);
        }
        var city = regions.FirstOrDefault(r => !r.County) is { } c ? ToReadiness(c) : null;
        return new ReadinessReport(today, city, [.. regions.Where(r => r.County).Select(ToReadiness)]);
    }

    /// <summary>Every norm read over the registers of the jurisdiction's city (for a city jurisdiction) and of each of its counties.</summary>
    public async Task<(DateOnly Day, IReadOnlyList<RegionEvaluation> Regions)> EvaluateAsync(Jurisdiction jurisdiction, CancellationToken ct)
    {
        var today = ChinaTime.DayOf(clock.GetUtcNow());
        var regions = await jurisdiction.Regions(db).AsNoTracking().Where(r => r.Level == RegionLevel.City || r.Level == RegionLevel.County)
            .OrderBy(r => r.Code).Select(r => new { r.Code, r.Name, r.Path, r.Level }).ToListAsync(ct);
        var hospitals = await jurisdiction.Scope(db.Hospitals.AsNoTracking()).ToListAsync(ct);
        var labs = await jurisdiction.Scope(db.Laboratories.AsNoTracking()).ToListAsync(ct);
        var sites = await jurisdiction.Scope(db.QuarantineSites.AsNoTracking()).ToListAsync(ct);
        var sampling = await jurisdiction.Scope(db.SamplingSites.AsNoTracking()).ToListAsync(ct);
        var drills = await jurisdiction.Scope(db.Drills.AsNoTracking()).ToListAsync(ct);
        var teams = await jurisdiction.Scope(db.Teams.AsNoTracking())
            .Select(t => new { t.Id, t.Name, t.RegionCode, t.RegionPath, t.Type, t.Mobile, Members = t.Members.Count }).ToListAsync(ct);
        // The latest training of each team is all the norm reads (001 §5.1.3(1) trained within the plan's days).
        var trainings = await jurisdiction.Scope(db.TeamTrainings.AsNoTracking()).GroupBy(t => t.TeamId)
            .Select(g => new { TeamId = g.Key, HeldOn = g.Max(t => t.HeldOn) }).ToDictionaryAsync(t => t.TeamId, t => t.HeldOn, ct);
        var units = await jurisdiction.Scope(db.UnitPreparedness.AsNoTracking()).Select(UnitPreparedness.Standing).ToListAsync(ct);
        var sizing = await jurisdiction.Scope(db.ReadinessSizings.AsNoTracking()).ToDictionaryAsync(s => s.RegionCode, ct);
        // The stock on hand of each item in each depot's region (the stock ledger's cached totals): the medical categories in stock
        // (living necessities are not medical), and the reserve items' days at full load (001 §5.1.3(4)).
        var stock = await jurisdiction.Scope(db.Stock.AsNoTracking()).Where(s => s.OnHand > 0)
            .Select(s => new { s.RegionPath, s.ItemId, s.OnHand }).ToListAsync(ct);
        var catalogue = await ReserveLedger.CatalogueAsync(db, plans.Get(options.Value.CityPlan), ct);
        // The uses per patient-day the headquarters set (001 §5.1.3(4); ForecastSettingsService): few rows, read whole.
        var settings = await ForecastSettingsService.RowsAsync(db, ct);
        var stocked = stock.Where(s => catalogue.Categories.TryGetValue(s.ItemId, out var c) && c != SupplyCategory.Living)
            .Select(s => new { s.RegionPath, Category = catalogue.Categories[s.ItemId] }).Distinct().ToList();
        var cityCodes = regions.Where(r => r.Level == RegionLevel.City).Select(r => r.Code).ToHashSet();
        var norms = Norms();

        // Each record by the county it lies in, found once: a county's registers are then its lookup's, not a scan of every record per county.
        var countyPaths = regions.Where(r => r.Level == RegionLevel.County).Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        string? CountyOf(string path)
        {
            for (var end = path.IndexOf('/', 1); end > 0; end = path.IndexOf('/', end + 1))
            {
                var prefix = path[..(end + 1)];
                if (countyPaths.Contains(prefix)) return prefix;
            }
            return null;
        }
        var hospitalsByCounty = hospitals.ToLookup(h => CountyOf(h.RegionPath));
        var labsByCounty = labs.ToLookup(l => CountyOf(l.RegionPath));
        var sitesByCounty = sites.ToLookup(s => CountyOf(s.RegionPath));
        var samplingByCounty = sampling.ToLookup(s => CountyOf(s.RegionPath));
        var drillsByCounty = drills.ToLookup(d => CountyOf(d.RegionPath));
        var teamsByCounty = teams.ToLookup(t => CountyOf(t.RegionPath));
        var stockedByCounty = stocked.ToLookup(s => CountyOf(s.RegionPath));
        var stockByCounty = stock.ToLookup(s => CountyOf(s.RegionPath));
        var unitsByCounty = units.ToLookup(u => CountyOf(u.RegionPath));

        RegionEvaluation Read(string code, string name, string path, bool county)
        {
            IEnumerable<T> Of<T>(List<T> all, ILookup<string?, T> byCounty, Func<T, string> pathOf) =>
                county ? byCounty[path] : all.Where(r => pathOf(r).StartsWith(path, StringComparison.Ordinal));
            var registers = new CapacityRegisters(today,
                [.. Of(hospitals, hospitalsByCounty, h => h.RegionPath).Select(h => new HospitalCapacity(h.Id, h.Name, cityCodes.Contains(h.RegionCode), h.Level, h.Kind, h.FeverClinic,
                    h.Designation, h.Beds, h.DesignatedBeds, h.IcuBeds, h.Doctors, h.Nurses, HospitalRetrofit.Checklist(h)))],
                [.. Of(labs, labsByCounty, l => l.RegionPath).Select(l => new LabCapacity(l.Id, l.Name, cityCodes.Contains(l.RegionCode), l.Owner, l.HospitalId, l.PcrPerDay, l.Mobile))],
                [.. Of(sites, sitesByCounty, s => s.RegionPath).Select(s => new QuarantineCapacity(s.Id, s.Name, cityCodes.Contains(s.RegionCode), s.Rooms, s.RoomsForContacts,
                    s.RoomsForAsymptomatic, s.Status, s.ContractedHotel, s.Staff))],
                [.. Of(drills, drillsByCounty, d => d.RegionPath).Select(d => new DrillRecord(d.Id, d.ScheduledOn, d.HeldOn))],
                new Sizing(sizing.GetValueOrDefault(code)?.PlannedConfirmedCases, sizing.GetValueOrDefault(code)?.Population),
                [.. Of(stocked, stockedByCounty, s => s.RegionPath).Select(s => s.Category.ToString()).Distinct()],
                [.. Of(teams, teamsByCounty, t => t.RegionPath).Select(t => new TeamCapacity(t.Id, t.Name, cityCodes.Contains(t.RegionCode), t.Type, t.Mobile, t.Members))],
                [.. Of(units, unitsByCounty, u => u.RegionPath).Select(u => new UnitRecord(u.Id, u.Kind == UnitKind.MedicalInstitution, u.FiveHaves, u.ThreeStricts))],
                [.. Of(teams, teamsByCounty, t => t.RegionPath).Where(t => trainings.ContainsKey(t.Id)).Select(t => new TrainingRecord(t.Id, trainings[t.Id], TrainingKind.Training))],
                [.. Of(sampling, samplingByCounty, s => s.RegionPath).Select(s => new SamplingCapacity(s.Id, cityCodes.Contains(s.RegionCode), s.Kind, s.Status, s.Booths, s.Staff, s.PerDay))],
                catalogue.With(ForecastSettingsService.ReserveUses(path, settings)).Reserves(Of(stock, stockByCounty, s => s.RegionPath).Select(s => (s.ItemId, (long)s.OnHand))));
            var results = norms.Where(n => ReadinessEvaluator.AppliesTo(n.Norm, county))
                .Select(n => (n.Plan, ReadinessEvaluator.Evaluate(n.Norm, registers))).ToList();
            return new RegionEvaluation(code, name, path, county, results);
        }

        var city = regions.FirstOrDefault(r => r.Level == RegionLevel.City) is { } c ? Read(c.Code, c.Name, c.Path, county: false) : null;
        var counties = regions.Where(r => r.Level == RegionLevel.County).Select(r => Read(r.Code, r.Name, r.Path, county: true));
        return (today, [.. (city is null ? counties : counties.Prepend(city))]);
    }

    public static NormResultDto ToDto(string plan, NormResult r) =>
        new(r.Norm.Id, plan, r.Norm.Clause, r.Norm.Title, r.Norm.Text, r.Norm.Scope ?? "city", r.Norm.Metric, EnumNames.Of(r.Status), r.Value, r.Required,
            Local(r.Unit), Local(r.Requirement), Local(r.Shortfall), Local(r.Reason), r.Norm.Responsible);

    private static string Local(Words words) => Ui.T(words.Zh, words.En);

    private static string? Local(Words? words) => words is { } w ? Ui.T(w.Zh, w.En) : null;

    // ---- sizing

    /// <summary>The sizing of every city and county of the jurisdiction (those not set yet with nulls and version 0).</summary>
    public async Task<IReadOnlyList<SizingDto>> SizingAsync(Jurisdiction jurisdiction, CancellationToken ct)
    {
        var regions = await jurisdiction.Regions(db).AsNoTracking().Where(r => r.Level == RegionLevel.City || r.Level == RegionLevel.County)
            .OrderBy(r => r.Code).Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        var set = await jurisdiction.Scope(db.ReadinessSizings.AsNoTracking()).ToDictionaryAsync(s => s.RegionCode, ct);
        return [.. regions.Select(r => set.GetValueOrDefault(r.Code) is { } s ? new SizingDto(r.Code, r.Name, s.PlannedConfirmedCases, s.Version, s.Population) : new SizingDto(r.Code, r.Name, null, 0))];
    }

    /// <summary>Sets a region's sizing; <c>version</c> is the one read (0 when none was set), 409 when it changed meanwhile.</summary>
    public async Task<Outcome<SizingDto>> SetSizingAsync(string regionCode, SizingInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!RegistryService.MayManage(user)) return Problem.Forbidden("readiness-not-allowed", Messages.ReadinessManagersOnly);
        var region = await new RegistryService(db, clock, signal).RegisterRegionAsync(jurisdiction, regionCode, ct);
        if (region.Problem is { } refused) return refused;
        var errors = new FieldErrors();
        if (input.PlannedConfirmedCases is not null) RegistryService.Count(errors, "plannedConfirmedCases", input.PlannedConfirmedCases);
        if (input.Population is < 0 or > RegistryService.MaxPopulation) errors.Add("population", Messages.PopulationOutOfRange(RegistryService.MaxPopulation));
        if (input.Version is null) errors.Add("version", Messages.VersionRequired);
        if (errors.Problem is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        var row = await db.ReadinessSizings.FirstOrDefaultAsync(s => s.RegionCode == region.Value!.Code, ct);
        if ((row?.Version ?? 0) != input.Version) return Problem.Conflict("sizing-changed", Messages.RegistryEntryChanged(region.Value!.Name));
        var before = new { plannedConfirmedCases = row?.PlannedConfirmedCases, population = row?.Population };
        if (row is null)
        {
            row = new ReadinessSizing { RegionCode = region.Value!.Code, RegionPath = region.Value.Path, UpdatedBy = user.UserName(), UpdatedAt = now };
            db.ReadinessSizings.Add(row);
        }
        row.PlannedConfirmedCases = input.PlannedConfirmedCases;
        row.Population = input.Population;
        row.UpdatedBy = user.UserName();
        row.UpdatedAt = now;
        row.Version = input.Version!.Value + 1;
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [new AuditRecord("readiness-sizing.set", "readiness-sizing", row.RegionCode,
                    new { before, after = new { plannedConfirmedCases = row.PlannedConfirmedCases, population = row.Population } }, row.RegionPath)], ct);
        }
        catch (DbUpdateException)
        {
            // Changed (or first set) by someone else at the same moment: the concurrency token, or the key.
            db.ChangeTracker.Clear();
            return Problem.Conflict("sizing-changed", Messages.RegistryEntryChanged(region.Value!.Name));
        }
        signal.Changed();
        return new SizingDto(row.RegionCode, region.Value!.Name, row.PlannedConfirmedCases, row.Version, row.Population);
    }
}
