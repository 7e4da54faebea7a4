namespace EpiCommand.Domain.Readiness;

/// <summary>
/// One assumption of the forecast as the plan states it (docs/plans.md <c>forecast</c>): its value and the clause it comes
/// from, or null when the plan gives no figure and the value is the platform's own (invented, docs/readiness.md).
/// </summary>
public sealed record ForecastAssumption(string Key, double Value, string? Clause, string? Text);

/// <summary>
/// The assumptions the forecast runs on, as the headquarters' plan sets them. Every figure is plan data; the keys are the
/// plan file's (<see cref="Keys"/>).
/// </summary>
/// <param name="WindowDays">Days of the epidemic curve the growth is fitted on (and the occupancy already in the beds read from).</param>
/// <param name="HorizonDays">How far ahead a run-out day is looked for.</param>
/// <param name="LengthOfStayDays">Days a confirmed case occupies a bed (every confirmed case admitted, 001 §5.2.2 应收尽收).</param>
/// <param name="IcuShare">The share of confirmed cases that needs an ICU bed, for the same stay.</param>
/// <param name="ContactsPerCase">People quarantined per confirmed case (001 §5.1.3(5) 按照确诊病例1:100的比例).</param>
/// <param name="QuarantineDays">Days a close contact is quarantined (001 §5.2.7 末次接触后14天).</param>
/// <param name="RoomsPerContact">Rooms per quarantined person (1: one to a room).</param>
/// <param name="ReserveDays">Days at full load of the beds the reserves are held for (001 §5.1.3(4) 30天满负荷运转).</param>
/// <param name="MinCasesToFit">Fewer confirmed cases than this in the window: the curve is read as flat (its daily mean).</param>
/// <param name="MinDoublingDays">The fitted growth is capped at doubling every this many days.</param>
/// <param name="AdmissionDelayDays">Whole days from a confirmed case's report to its admission (0: admitted the day it is reported).</param>
/// <param name="IcuStayDays">Days an ICU patient occupies the ICU bed from admission; null: the whole stay (<c>LengthOfStayDays</c>).</param>
/// <param name="CountAsymptomatic">Asymptomatic infections are counted: they fill the rooms for asymptomatic infections (or designated
/// beds, <c>AsymptomaticHospitalShare</c>) and their close contacts are quarantined (001 §5.1.3(5), §5.2.7).</param>
/// <param name="AsymptomaticDays">Days an asymptomatic infection stays in 集中医学观察 (001 §4.3).</param>
/// <param name="AsymptomaticHospitalShare">The share of asymptomatic infections put in designated beds instead of quarantine rooms.</param>
public sealed record ForecastAssumptions(int WindowDays, int HorizonDays, double LengthOfStayDays, double IcuShare, double ContactsPerCase,
    double QuarantineDays, double RoomsPerContact, double ReserveDays, int MinCasesToFit, double MinDoublingDays,
    int AdmissionDelayDays = 0, double? IcuStayDays = null, bool CountAsymptomatic = false, double AsymptomaticDays = 14, double AsymptomaticHospitalShare = 0)
{
    public static readonly string[] Keys =
    [
        "windowDays", "horizonDays", "lengthOfStayDays", "icuShare", "contactsPerCase", "quarantineDays", "roomsPerContact", "reserveDays",
        "minCasesToFit", "minDoublingDays",
    ];

    /// <summary>Keys a plan may leave out (older plan files): without them the forecast runs as before — admitted the day reported,
    /// ICU for the whole stay, asymptomatic infections not counted.</summary>
    public static readonly string[] OptionalKeys = ["admissionDelayDays", "icuStayDays", "countAsymptomatic", "asymptomaticDays", "asymptomaticHospitalShare"];

    /// <summary>
    /// The assumptions a headquarters may set for its jurisdiction in place of the plan's (docs/readiness.md "Forecast"), each with the
    /// range it accepts; <c>Whole</c>: a whole number; <c>Flag</c>: 0 or 1 (no, yes). The others stay plan data.
    /// </summary>
    public static readonly IReadOnlyList<(string Key, double Min, double Max, bool Whole, bool Flag)> Editable =
    [
        ("windowDays", 7, 28, true, false),
        ("lengthOfStayDays", 1, 60, false, false),
        ("icuShare", 0, 1, false, false),
        ("icuStayDays", 1, 60, false, false),
        ("contactsPerCase", 0, 1000, false, false),
        ("quarantineDays", 1, 28, false, false),
        ("admissionDelayDays", 0, 7, true, false),
        ("countAsymptomatic", 0, 1, true, true),
        ("asymptomaticDays", 1, 28, false, false),
        ("asymptomaticHospitalShare", 0, 1, false, false),
    ];

    /// <summary>The assumptions of a plan's <c>forecast</c> section (with a headquarters' values put in); null when it has none or lacks a key.</summary>
    public static ForecastAssumptions? From(IReadOnlyList<ForecastAssumption> listed)
    {
        var values = listed.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        if (Keys.Any(k => !values.ContainsKey(k))) return null;
        double? Optional(string key) => values.TryGetValue(key, out var v) ? v : null;
        return new((int)values["windowDays"], (int)values["horizonDays"], values["lengthOfStayDays"], values["icuShare"], values["contactsPerCase"],
            values["quarantineDays"], values["roomsPerContact"], values["reserveDays"], (int)values["minCasesToFit"], values["minDoublingDays"],
            (int)(Optional("admissionDelayDays") ?? 0), Optional("icuStayDays"), Optional("countAsymptomatic") is > 0, Optional("asymptomaticDays") ?? 14,
            Optional("asymptomaticHospitalShare") ?? 0);
    }
}

/// <summary>What a county has to meet an outbreak with: beds set aside in designated and backup hospitals, their ICU beds, the rooms for
/// close contacts, and the rooms for asymptomatic infections (001 §5.1.3(5) 无症状感染者不少于50个房间).</summary>
/// <param name="ReservePatientDays">The patient-days the stock on hand in the county's depots covers at full load (<see cref="Reserves.PatientDays"/>: the
/// first item to run out bounds them); null when the plan gives no item a use, and the reserves are then taken as held to the norm
/// (<c>ReserveDays</c> × beds).</param>
/// <param name="ReserveLimitingItem">The item that runs out first, by name.</param>
public sealed record ForecastCapacity(int Beds, int IcuBeds, int QuarantineRooms, int AsymptomaticRooms = 0, double? ReservePatientDays = null, string? ReserveLimitingItem = null);

/// <summary>AsymptomaticRooms is forecast only when the assumptions count asymptomatic infections.</summary>
public enum ForecastResource { Beds, IcuBeds, QuarantineRooms, Reserves, AsymptomaticRooms }

/// <summary>How the curve was read: fitted (log-linear), flat (too few cases), or a scenario the headquarters posed.</summary>
public enum TrendKind { Fitted, Flat, Scenario }

/// <param name="DailyGrowth">The fitted growth rate r per day (cases ≈ e^(a + r·t) − 1); 0 when flat.</param>
/// <param name="DoublingDays">ln 2 / r when growing; null when flat or falling.</param>
/// <param name="Capped">The fitted growth was faster than the cap and was held to it.</param>
public sealed record Trend(TrendKind Kind, double DailyGrowth, double? DoublingDays, bool Capped, int CasesInWindow);

/// <summary>One day of the projection: new confirmed cases and what they need that day.</summary>
/// <param name="Day">Day 0 is the day the forecast is made on (its cases are the observed ones).</param>
/// <param name="ReserveUsed">Bed-days of reserves used up from day 1 to this day.</param>
/// <param name="NewAsymptomatic">New asymptomatic infections that day (0 when they are not counted).</param>
/// <param name="AsymptomaticRooms">Rooms for asymptomatic infections in use that day.</param>
public sealed record ForecastDay(int Day, DateOnly Date, double NewCases, double Beds, double IcuBeds, double QuarantineRooms, double ReserveUsed,
    double NewAsymptomatic = 0, double AsymptomaticRooms = 0);

/// <summary>When a resource runs out: the first day its need exceeds its capacity; null within the horizon when it does not.</summary>
/// <param name="Capacity">Beds, ICU beds, rooms; for reserves, the patient-days the stock covers (or reserve days × beds without a use per item).</param>
/// <param name="Peak">The largest need within the horizon.</param>
public sealed record RunOut(ForecastResource Resource, double Capacity, int? Day, DateOnly? Date, double Peak);

public sealed record ForecastResult(DateOnly AsOf, Trend Trend, IReadOnlyList<int> Observed, IReadOnlyList<ForecastDay> Days, IReadOnlyList<RunOut> RunOuts);

/// <summary>
/// When a county's beds, ICU beds, quarantine rooms and 30-day reserves run out (issue 15 §4), at the current trend of its
/// epidemic curve or in a scenario. Pure: the curve, the capacity and the assumptions are passed in.
///
/// The model: every confirmed case is admitted <c>AdmissionDelayDays</c> after the day it is reported and stays <c>LengthOfStayDays</c>
/// (so the beds needed on a day are the cases admitted in the last stay-length days, those already observed included);
/// <c>IcuShare</c> of them in ICU for <c>IcuStayDays</c> from admission; each brings <c>ContactsPerCase</c> people into quarantine
/// for <c>QuarantineDays</c> from its report; the reserves hold <c>ReserveDays</c> days of every bed full — or, when the plan gives each reserve
/// item a use per patient-day, the patient-days the county's stock on hand covers — and each occupied bed uses one bed-day a day. When asymptomatic infections are counted, each is observed <c>AsymptomaticDays</c> — in a designated bed
/// (<c>AsymptomaticHospitalShare</c>, admitted like a case) or else in a room for asymptomatic infections from its report — and
/// brings as many contacts into quarantine as a case (001 §5.2.7 names their contacts). A resource runs out on the first day its
/// need is above its capacity.
/// </summary>
public static class Forecaster
{
    /// <summary>
    /// The forecast at the current trend: a log-linear least-squares fit of ln(cases + 1) on the day over the window (+1 so a day
    /// without cases counts), the growth capped at doubling every <c>MinDoublingDays</c>; flat at the window's daily mean when it
    /// holds fewer than <c>MinCasesToFit</c> cases.
    /// </summary>
    /// <param name="observed">New confirmed cases per day, oldest first, the last being <paramref name="asOf"/>.</param>
    /// <param name="asymptomatic">New asymptomatic infections per day over the same days (read only when the assumptions count them):
    /// projected at the confirmed cases' growth from their own level (flat at their mean when the cases are flat; none when none).</param>
    public static ForecastResult AtTrend(DateOnly asOf, IReadOnlyList<int> observed, ForecastCapacity capacity, ForecastAssumptions assumptions,
        IReadOnlyList<int>? asymptomatic = null)
    {
        var trend = Fit(observed, assumptions);
        var n = observed.Count;
        Func<int, double> projected = trend.Kind == TrendKind.Flat
            ? _ => n == 0 ? 0 : (double)observed.Sum() / n
            : Curve(observed, trend.DailyGrowth);
        var infections = Infections(asymptomatic, observed.Count, assumptions);
        Func<int, double> projectedInfections = infections.Sum() == 0 ? _ => 0
            : trend.Kind == TrendKind.Flat ? _ => (double)infections.Sum() / infections.Count
            : Curve(infections, trend.DailyGrowth);
        return WithAsymptomatic(Project(asOf, observed, projected, trend, capacity, assumptions, infections, projectedInfections), capacity, assumptions);
    }

    /// <summary>The asymptomatic infections the forecast counts: none when the assumptions leave them out.</summary>
    private static IReadOnlyList<int> Infections(IReadOnlyList<int>? asymptomatic, int days, ForecastAssumptions a) =>
        a.CountAsymptomatic && asymptomatic is not null ? asymptomatic : new int[days];

    /// <summary>The rooms for asymptomatic infections, forecast when they are counted (001 §5.1.3(5)).</summary>
    private static ForecastResult WithAsymptomatic(ForecastResult result, ForecastCapacity capacity, ForecastAssumptions a)
    {
        if (!a.CountAsymptomatic) return result;
        var first = result.Days.FirstOrDefault(d => d.AsymptomaticRooms > capacity.AsymptomaticRooms + 1e-9);
        return result with
        {
            RunOuts = [.. result.RunOuts, new RunOut(ForecastResource.AsymptomaticRooms, capacity.AsymptomaticRooms, first?.Day, first?.Date, result.Days.Max(d => d.AsymptomaticRooms))],
        };
    }

    /// <summary>A scenario: <paramref name="casesPerDay"/> new confirmed cases every day from tomorrow for <paramref name="days"/> days, none after
    /// (001 §5.1.3(4) sizes the reserves on a peak daily incidence sustained 20 days), on top of the cases already observed.</summary>
    /// <param name="asymptomatic">The asymptomatic infections observed (counted when the assumptions say so), as in <see cref="AtTrend"/>.</param>
    /// <param name="asymptomaticPerDay">New asymptomatic infections each day of the scenario, beside its confirmed cases.</param>
    public static ForecastResult Scenario(DateOnly asOf, IReadOnlyList<int> observed, int casesPerDay, int days, ForecastCapacity capacity, ForecastAssumptions assumptions,
        IReadOnlyList<int>? asymptomatic = null, int asymptomaticPerDay = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(casesPerDay);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfNegative(asymptomaticPerDay);
        var trend = new Trend(TrendKind.Scenario, 0, null, false, observed.Sum());
        var infections = Infections(asymptomatic, observed.Count, assumptions);
        var perDay = assumptions.CountAsymptomatic ? asymptomaticPerDay : 0;
        return WithAsymptomatic(Project(asOf, observed, t => t <= days ? casesPerDay : 0, trend, capacity, assumptions, infections, t => t <= days ? perDay : 0),
            capacity, assumptions);
    }

    public static Trend Fit(IReadOnlyList<int> observed, ForecastAssumptions assumptions)
    {
        var total = observed.Sum();
        var n = observed.Count;
        if (n < 2 || total < assumptions.MinCasesToFit) return new Trend(TrendKind.Flat, 0, null, false, total);
        // Least squares of y = ln(c + 1) on x = day index.
        var meanX = (n - 1) / 2.0;
        var meanY = observed.Average(c => Math.Log(c + 1));
        double sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (i - meanX) * (Math.Log(observed[i] + 1) - meanY);
            sxx += (i - meanX) * (i - meanX);
        }
        var growth = sxy / sxx;
        var cap = Math.Log(2) / assumptions.MinDoublingDays;
        var capped = growth > cap;
        if (capped) growth = cap;
        return new Trend(TrendKind.Fitted, growth, growth > 1e-9 ? Math.Log(2) / growth : null, capped, total);
    }

    /// <summary>The fitted line, anchored on the window's mean (as least squares puts it): day t ahead of the last observed day.</summary>
    private static Func<int, double> Curve(IReadOnlyList<int> observed, double growth)
    {
        var n = observed.Count;
        var meanX = (n - 1) / 2.0;
        var meanY = observed.Average(c => Math.Log(c + 1));
        return t => Math.Max(0, Math.Exp(meanY + growth * (n - 1 + t - meanX)) - 1);
    }

    private static ForecastResult Project(DateOnly asOf, IReadOnlyList<int> observed, Func<int, double> projected, Trend trend, ForecastCapacity capacity, ForecastAssumptions a,
        IReadOnlyList<int> asymptomatic, Func<int, double> projectedAsymptomatic)
    {
        // Cases by day relative to asOf: observed for day ≤ 0 (those before the window are taken as none), projected after.
        static double On(IReadOnlyList<int> seen, Func<int, double> ahead, int day) => day <= 0 ? (seen.Count - 1 + day >= 0 ? seen[seen.Count - 1 + day] : 0) : ahead(day);
        double CasesOn(int day) => On(observed, projected, day);
        double AsymptomaticOn(int day) => On(asymptomatic, projectedAsymptomatic, day);
        static double Sum(Func<int, double> on, int day, double stay)
        {
            // The counts of the last `stay` days up to this day; a fraction of a day counts the oldest day by its fraction.
            var whole = (int)Math.Floor(stay);
            var sum = 0.0;
            for (var k = 0; k < whole; k++) sum += on(day - k);
            var part = stay - whole;
            if (part > 1e-9) sum += part * on(day - whole);
            return sum;
        }
        double Within(int day, double stay) => Sum(CasesOn, day, stay);
        // Admitted `AdmissionDelayDays` after the report: the beds on a day hold those reported that many days earlier (001 §5.2.2 应收尽收).
        var delay = a.AdmissionDelayDays;
        var inHospital = a.AsymptomaticHospitalShare;

        // Reserves: the patient-days the ledger's stock covers (001 §5.1.3(4) at full load), or, when the plan gives no use per item, reserves held to the norm.
        var reserveBedDays = capacity.ReservePatientDays ?? a.ReserveDays * capacity.Beds;
        var days = new List<ForecastDay>();
        var used = 0.0;
        for (var day = 0; day <= a.HorizonDays; day++)
        {
            var beds = Within(day - delay, a.LengthOfStayDays) + inHospital * Sum(AsymptomaticOn, day - delay, a.AsymptomaticDays);
            if (day > 0) used += beds;
            // 001 §5.2.7: the contacts of confirmed cases and of asymptomatic infections are quarantined, from the report.
            var contacts = (Within(day, a.QuarantineDays) + Sum(AsymptomaticOn, day, a.QuarantineDays)) * a.ContactsPerCase;
            days.Add(new ForecastDay(day, asOf.AddDays(day), CasesOn(day), beds, Within(day - delay, a.IcuStayDays ?? a.LengthOfStayDays) * a.IcuShare,
                contacts * a.RoomsPerContact, used, AsymptomaticOn(day), (1 - inHospital) * Sum(AsymptomaticOn, day, a.AsymptomaticDays)));
        }

        RunOut Of(ForecastResource resource, double available, Func<ForecastDay, double> need)
        {
            var first = days.FirstOrDefault(d => need(d) > available + 1e-9);
            return new RunOut(resource, available, first?.Day, first?.Date, days.Max(need));
        }
        return new ForecastResult(asOf, trend, observed, days,
        [
            Of(ForecastResource.Beds, capacity.Beds, d => d.Beds),
            Of(ForecastResource.IcuBeds, capacity.IcuBeds, d => d.IcuBeds),
            Of(ForecastResource.QuarantineRooms, capacity.QuarantineRooms, d => d.QuarantineRooms),
            Of(ForecastResource.Reserves, reserveBedDays, d => d.ReserveUsed),
        ]);
    }
}
