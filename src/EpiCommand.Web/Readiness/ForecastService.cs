using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Readiness;

/// <summary>One assumption as the page and the API show it: its value, the plan's clause (null: the platform's own), and what it means.</summary>
/// <param name="PlanValue">The plan's value (the default); <paramref name="Value"/> differs when a headquarters set its own.</param>
/// <param name="Editable">A headquarters may set it (<see cref="ForecastAssumptions.Editable"/>).</param>
/// <param name="Source">"plan": the plan's default; "headquarters": set by the headquarters of <paramref name="SetIn"/>, by <paramref name="SetBy"/> at <paramref name="SetAt"/>.</param>
public sealed record ForecastAssumptionDto(string Key, double Value, string? Clause, string Label, string? Text, bool Invented,
    double PlanValue = 0, bool Editable = false, string Source = "plan", string? SetIn = null, string? SetInName = null, string? SetBy = null, DateTimeOffset? SetAt = null);

public sealed record ForecastTrendDto(string Kind, double DailyGrowth, double? DoublingDays, bool Capped, int CasesInWindow);

public sealed record ForecastDayDto(int Day, DateOnly Date, double NewCases, double Beds, double IcuBeds, double QuarantineRooms, double ReserveUsed,
    double NewAsymptomatic = 0, double AsymptomaticRooms = 0);

/// <param name="Capacity">Beds, ICU beds, rooms; for reserves the patient-days the stock on hand covers at full load (bed-days held to the norm when the plan gives no use per item).</param>
/// <param name="InDays">The day it runs out counted from today (0: already); null when not within the horizon.</param>
/// <param name="Limiting">For reserves read from the stock ledger: the item that runs out first (its stock ÷ use per patient-day is the least).</param>
public sealed record RunOutDto(string Resource, string Label, string Unit, double Capacity, int? InDays, DateOnly? Date, double Peak, string? Limiting = null);

/// <param name="Observed">Confirmed cases reported each day of the window, oldest first, the last being <c>AsOf</c>.</param>
/// <param name="CasesPerDay">The scenario's cases a day and its <paramref name="ScenarioDays"/>; null at the current trend.</param>
/// <param name="ObservedAsymptomatic">Asymptomatic infections reported each day of the window (all zero when the assumptions do not count them).</param>
/// <param name="Assumptions">The assumptions this county's forecast ran on, each with its source (the plan's, or a headquarters').</param>
public sealed record CountyForecast(string RegionCode, string RegionName, DateOnly AsOf, ForecastTrendDto Trend, IReadOnlyList<int> Observed,
    IReadOnlyList<ForecastDayDto> Days, IReadOnlyList<RunOutDto> RunOuts, int? CasesPerDay = null, int? ScenarioDays = null,
    IReadOnlyList<int>? ObservedAsymptomatic = null, IReadOnlyList<ForecastAssumptionDto>? Assumptions = null, int? AsymptomaticPerDay = null);

/// <summary>The forecast of each county of the jurisdiction (or of the one asked for), with the assumptions it runs on (<c>Assumptions</c>:
/// those of the region asked for, or of the jurisdiction; each county carries its own).</summary>
public sealed record ForecastReport(DateOnly AsOf, string Plan, int HorizonDays, IReadOnlyList<ForecastAssumptionDto> Assumptions, IReadOnlyList<CountyForecast> Counties);

/// <param name="AsymptomaticPerDay">New asymptomatic infections a day beside the cases (counted when the assumptions count them); none when left out.</param>
public sealed record ScenarioInput(string? Region, int? CasesPerDay, int? Days, int? AsymptomaticPerDay = null);

/// <summary>
/// When each county's beds, ICU beds, quarantine rooms and reserves run out (issue 15 §4): at the trend of its confirmed cases
/// (by report day, the window the plan's <c>forecast</c> names) or in a scenario the headquarters poses ("50 a day for 20 days",
/// 001 §5.1.3(4)). The model is <see cref="Forecaster"/>'s; the capacity is the county's registers: beds set aside and ICU beds of
/// its designated and backup hospitals, rooms for close contacts of its quarantine sites.
/// </summary>
public sealed class ForecastService(AppDbContext db, PlanCatalog plans, IOptions<PlansOptions> options, TimeProvider clock)
{
    public const int MaxCasesPerDay = 100_000;

    public Task<Outcome<ForecastReport>> ForecastAsync(Jurisdiction jurisdiction, string? region, CancellationToken ct) =>
        RunAsync(jurisdiction, region, null, ct);

    /// <summary>The scenario in one county: <c>casesPerDay</c> confirmed cases every day for <c>days</c> days from tomorrow.</summary>
    public async Task<Outcome<ForecastReport>> ScenarioAsync(Jurisdiction jurisdiction, ScenarioInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var found = await jurisdiction.RegionAsync(db, input.Region, "region", ct);
        if (found.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(found.Problem);
        if (found.Value is { Level: not RegionLevel.County }) errors.Add("region", Messages.ForecastCountyOnly);
        var assumptions = Assumptions();
        if (input.CasesPerDay is not (>= 1 and <= MaxCasesPerDay)) errors.Add("casesPerDay", Messages.ForecastCasesPerDay(MaxCasesPerDay));
        var horizon = assumptions?.HorizonDays ?? 60;
        if (input.Days is not { } days || days < 1 || days > horizon) errors.Add("days", Messages.ForecastScenarioDays(horizon));
        if (input.AsymptomaticPerDay is < 0 or > MaxCasesPerDay) errors.Add("asymptomaticPerDay", Messages.ForecastAsymptomaticPerDay(MaxCasesPerDay));
        if (errors.Problem is { } invalid) return invalid;
        return await RunAsync(jurisdiction, input.Region, (input.CasesPerDay!.Value, input.Days!.Value, input.AsymptomaticPerDay ?? 0), ct);
    }

    private ForecastAssumptions? Assumptions() => ForecastAssumptions.From(plans.Get(options.Value.CityPlan).Forecast);

    private async Task<Outcome<ForecastReport>> RunAsync(Jurisdiction jurisdiction, string? regionCode, (int PerDay, int Days, int Asymptomatic)? scenario, CancellationToken ct)
    {
        var plan = plans.Get(options.Value.CityPlan);
        if (ForecastAssumptions.From(plan.Forecast) is not { } planned) return Problem.Rule("forecast-not-configured", Messages.ForecastNotConfigured(plan.Id));
        var scope = jurisdiction.Path;
        if (!string.IsNullOrWhiteSpace(regionCode))
        {
            var region = await jurisdiction.RegionAsync(db, regionCode, "region", ct);
            if (region.Problem is { } refused) return refused;
            scope = region.Value!.Path;
        }
        // The assumptions each county runs on: its headquarters' values, or else its city's, or else the plan's (ForecastSettingsService).
        var settings = await ForecastSettingsService.RowsAsync(db, ct);
        var scopeAssumptions = ForecastSettingsService.Effective(plan, scope, settings);

        var asOf = ChinaTime.DayOf(clock.GetUtcNow());
        var counties = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(scope) && r.Level == RegionLevel.County)
            .OrderBy(r => r.Code).Select(r => new { r.Code, r.Name, r.Path }).ToListAsync(ct);
        var assumed = counties.ToDictionary(c => c.Code, c => ForecastSettingsService.Effective(plan, c.Path, settings));
        var models = assumed.ToDictionary(a => a.Key, a => ForecastSettingsService.Model(a.Value) ?? planned);
        var window = models.Count == 0 ? planned.WindowDays : models.Values.Max(m => m.WindowDays);

        // Confirmed cases and asymptomatic infections by report day over the (longest) window only (the index on ReportedAt bounds
        // the read), counties by path.
        var first = ChinaTime.StartOf(asOf.AddDays(-(window - 1)));
        var end = ChinaTime.StartOf(asOf.AddDays(1));
        var reports = await db.Cases.AsNoTracking()
            .Where(c => c.ReportedAt >= first && c.ReportedAt < end && c.RegionPath.StartsWith(scope)
                && (c.Classification == Classification.Confirmed || c.Classification == Classification.Asymptomatic) && c.Outcome != CaseOutcome.Excluded)
            .Select(c => new { c.RegionPath, c.ReportedAt, c.Classification }).ToListAsync(ct);
        var hospitals = await db.Hospitals.AsNoTracking().Where(h => h.RegionPath.StartsWith(scope) && h.Designation != Designation.None)
            .Select(h => new { h.RegionPath, h.DesignatedBeds, h.IcuBeds }).ToListAsync(ct);
        var sites = await db.QuarantineSites.AsNoTracking().Where(s => s.RegionPath.StartsWith(scope))
            .Select(s => new { s.RegionPath, s.RoomsForContacts, s.RoomsForAsymptomatic }).ToListAsync(ct);
        // Reserves from the stock ledger (001 §5.1.3(4)): the stock on hand of the plan's reserve items in the county's depots.
        var catalogue = await ReserveLedger.CatalogueAsync(db, plan, ct);
        var reserveIds = catalogue.Items.Select(i => i.ItemId).ToList();
        var stock = await db.Stock.AsNoTracking().Where(s => s.RegionPath.StartsWith(scope) && reserveIds.Contains(s.ItemId) && s.OnHand > 0)
            .Select(s => new { s.RegionPath, s.ItemId, s.OnHand }).ToListAsync(ct);

        var result = new List<CountyForecast>();
        foreach (var county in counties)
        {
            bool Within(string path) => path.StartsWith(county.Path, StringComparison.Ordinal);
            var assumptions = models[county.Code];
            var observed = new int[assumptions.WindowDays];
            var asymptomatic = new int[assumptions.WindowDays];
            foreach (var report in reports.Where(r => Within(r.RegionPath)))
            {
                var index = ChinaTime.DayOf(report.ReportedAt).DayNumber - asOf.DayNumber + assumptions.WindowDays - 1;
                if (index < 0 || index >= observed.Length) continue;
                // 001 §5.1.3(5), §4.3: asymptomatic infections are counted (集中医学观察) when the assumptions say so.
                if (report.Classification == Classification.Confirmed) observed[index]++;
                else if (assumptions.CountAsymptomatic) asymptomatic[index]++;
            }
            // Each item at the county's use per patient-day (its headquarters', else its city's, else the plan's).
            var covered = Reserves.PatientDays(catalogue.With(ForecastSettingsService.ReserveUses(county.Path, settings))
                .Reserves(stock.Where(s => Within(s.RegionPath)).Select(s => (s.ItemId, (long)s.OnHand))));
            var capacity = new ForecastCapacity(hospitals.Where(h => Within(h.RegionPath)).Sum(h => h.DesignatedBeds),
                hospitals.Where(h => Within(h.RegionPath)).Sum(h => h.IcuBeds), sites.Where(s => Within(s.RegionPath)).Sum(s => s.RoomsForContacts),
                sites.Where(s => Within(s.RegionPath)).Sum(s => s.RoomsForAsymptomatic),
                ReservePatientDays: covered is { } c ? Math.Floor(c.PatientDays * 100) / 100 : null, ReserveLimitingItem: covered?.Limiting.Name);
            var forecast = scenario is { } s
                ? Forecaster.Scenario(asOf, observed, s.PerDay, s.Days, capacity, assumptions, asymptomatic, s.Asymptomatic)
                : Forecaster.AtTrend(asOf, observed, capacity, assumptions, asymptomatic);
            result.Add(ToDto(county.Code, county.Name, forecast, capacity) with
            {
                CasesPerDay = scenario?.PerDay, ScenarioDays = scenario?.Days, AsymptomaticPerDay = scenario?.Asymptomatic,
                ObservedAsymptomatic = asymptomatic, Assumptions = assumed[county.Code],
            });
        }
        return new ForecastReport(asOf, plan.Id, planned.HorizonDays, scopeAssumptions, result);
    }

    private static CountyForecast ToDto(string code, string name, ForecastResult f, ForecastCapacity capacity) =>
        new(code, name, f.AsOf, new ForecastTrendDto(EnumNames.Of(f.Trend.Kind), Math.Round(f.Trend.DailyGrowth, 4), Round(f.Trend.DoublingDays), f.Trend.Capped, f.Trend.CasesInWindow),
            f.Observed,
            [.. f.Days.Select(d => new ForecastDayDto(d.Day, d.Date, Math.Round(d.NewCases, 2), Math.Round(d.Beds, 2), Math.Round(d.IcuBeds, 2),
                Math.Round(d.QuarantineRooms, 2), Math.Round(d.ReserveUsed, 2), Math.Round(d.NewAsymptomatic, 2), Math.Round(d.AsymptomaticRooms, 2)))],
            [.. f.RunOuts.Select(r => r.Resource == ForecastResource.Reserves && capacity.ReservePatientDays is not null
                ? new RunOutDto(EnumNames.Of(r.Resource), Ui.T("医疗物资药品储备（按库存）", "Medical reserves (stock on hand)"), Ui.T("人日", "patient-days"),
                    r.Capacity, r.Day, r.Date, Math.Round(r.Peak, 2), capacity.ReserveLimitingItem)
                : new RunOutDto(EnumNames.Of(r.Resource), Label(r.Resource), Unit(r.Resource), r.Capacity, r.Day, r.Date, Math.Round(r.Peak, 2)))]);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    public static string Label(ForecastResource resource) => resource switch
    {
        ForecastResource.Beds => Ui.T("定点、后备定点医院床位", "Designated and backup hospital beds"),
        ForecastResource.IcuBeds => Ui.T("重症监护床位", "ICU beds"),
        ForecastResource.QuarantineRooms => Ui.T("密切接触者隔离房间", "Quarantine rooms for close contacts"),
        ForecastResource.AsymptomaticRooms => Ui.T("无症状感染者隔离房间", "Rooms for asymptomatic infections"),
        _ => Ui.T("医疗物资药品储备（30天满负荷）", "Medical reserves (30 days at full load)"),
    };

    public static string Unit(ForecastResource resource) => resource switch
    {
        ForecastResource.Beds or ForecastResource.IcuBeds => Ui.T("张", "beds"),
        ForecastResource.QuarantineRooms or ForecastResource.AsymptomaticRooms => Ui.T("间", "rooms"),
        _ => Ui.T("床日", "bed-days"),
    };

    internal static ForecastAssumptionDto ToDto(ForecastAssumption a) =>
        new(a.Key, a.Value, a.Clause, AssumptionLabel(a.Key), a.Text, a.Clause is null, a.Value);

    public static string AssumptionLabel(string key) => key switch
    {
        "windowDays" => Ui.T("拟合的天数", "Days of the curve fitted"),
        "horizonDays" => Ui.T("测算天数", "Days looked ahead"),
        "lengthOfStayDays" => Ui.T("平均住院天数", "Days in hospital per confirmed case"),
        "icuShare" => Ui.T("需重症监护的比例", "Share needing an ICU bed"),
        "contactsPerCase" => Ui.T("每例确诊的隔离人数", "People quarantined per confirmed case"),
        "quarantineDays" => Ui.T("隔离医学观察天数", "Days of quarantine"),
        "roomsPerContact" => Ui.T("每名隔离人员的房间数", "Rooms per quarantined person"),
        "reserveDays" => Ui.T("储备满负荷运转天数", "Days at full load the reserves are held for"),
        "minCasesToFit" => Ui.T("拟合所需最少病例数", "Fewest cases to fit a trend"),
        "minDoublingDays" => Ui.T("最短翻倍天数", "Shortest doubling time (days)"),
        "admissionDelayDays" => Ui.T("报告至收治天数", "Days from report to admission"),
        "icuStayDays" => Ui.T("重症监护天数", "Days in ICU"),
        "countAsymptomatic" => Ui.T("计入无症状感染者", "Count asymptomatic infections"),
        "asymptomaticDays" => Ui.T("无症状感染者医学观察天数", "Days of observation of an asymptomatic infection"),
        "asymptomaticHospitalShare" => Ui.T("无症状感染者入定点医院的比例", "Share of asymptomatic infections in designated beds"),
        _ => key,
    };
}
