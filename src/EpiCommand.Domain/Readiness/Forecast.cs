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
public sealed record ForecastAssumptions(int WindowDays, int HorizonDays, double LengthOfStayDays, double IcuShare, double ContactsPerCase,
    double QuarantineDays, double RoomsPerContact, double ReserveDays, int MinCasesToFit, double MinDoublingDays)
{
    public static readonly string[] Keys =
    [
        "windowDays", "horizonDays", "lengthOfStayDays", "icuShare", "contactsPerCase", "quarantineDays", "roomsPerContact", "reserveDays",
        "minCasesToFit", "minDoublingDays",
    ];

    /// <summary>The assumptions of a plan's <c>forecast</c> section; null when the plan has none or lacks a key.</summary>
    public static ForecastAssumptions? From(IReadOnlyList<ForecastAssumption> listed)
    {
        var values = listed.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        if (Keys.Any(k => !values.ContainsKey(k))) return null;
        return new((int)values["windowDays"], (int)values["horizonDays"], values["lengthOfStayDays"], values["icuShare"], values["contactsPerCase"],
            values["quarantineDays"], values["roomsPerContact"], values["reserveDays"], (int)values["minCasesToFit"], values["minDoublingDays"]);
    }
}

/// <summary>What a county has to meet an outbreak with: beds set aside in designated and backup hospitals, their ICU beds, and the rooms for close contacts.</summary>
/// <param name="ReservePatientDays">The patient-days the stock on hand in the county's depots covers at full load (<see cref="Reserves.PatientDays"/>: the
/// first item to run out bounds them); null when the plan gives no item a use, and the reserves are then taken as held to the norm
/// (<c>ReserveDays</c> × beds).</param>
/// <param name="ReserveLimitingItem">The item that runs out first, by name.</param>
public sealed record ForecastCapacity(int Beds, int IcuBeds, int QuarantineRooms, double? ReservePatientDays = null, string? ReserveLimitingItem = null);

public enum ForecastResource { Beds, IcuBeds, QuarantineRooms, Reserves }

/// <summary>How the curve was read: fitted (log-linear), flat (too few cases), or a scenario the headquarters posed.</summary>
public enum TrendKind { Fitted, Flat, Scenario }

/// <param name="DailyGrowth">The fitted growth rate r per day (cases ≈ e^(a + r·t) − 1); 0 when flat.</param>
/// <param name="DoublingDays">ln 2 / r when growing; null when flat or falling.</param>
/// <param name="Capped">The fitted growth was faster than the cap and was held to it.</param>
public sealed record Trend(TrendKind Kind, double DailyGrowth, double? DoublingDays, bool Capped, int CasesInWindow);

/// <summary>One day of the projection: new confirmed cases and what they need that day.</summary>
/// <param name="Day">Day 0 is the day the forecast is made on (its cases are the observed ones).</param>
/// <param name="ReserveUsed">Bed-days of reserves used up from day 1 to this day.</param>
public sealed record ForecastDay(int Day, DateOnly Date, double NewCases, double Beds, double IcuBeds, double QuarantineRooms, double ReserveUsed);

/// <summary>When a resource runs out: the first day its need exceeds its capacity; null within the horizon when it does not.</summary>
/// <param name="Capacity">Beds, ICU beds, rooms; for reserves, the patient-days the stock covers (or reserve days × beds without a use per item).</param>
/// <param name="Peak">The largest need within the horizon.</param>
public sealed record RunOut(ForecastResource Resource, double Capacity, int? Day, DateOnly? Date, double Peak);

public sealed record ForecastResult(DateOnly AsOf, Trend Trend, IReadOnlyList<int> Observed, IReadOnlyList<ForecastDay> Days, IReadOnlyList<RunOut> RunOuts);

/// <summary>
/// When a county's beds, ICU beds, quarantine rooms and 30-day reserves run out (issue 15 §4), at the current trend of its
/// epidemic curve or in a scenario. Pure: the curve, the capacity and the assumptions are passed in.
///
/// The model: every confirmed case is admitted the day it is reported and stays <c>LengthOfStayDays</c> (so the beds needed on a day
/// are the cases of the last stay-length days, those already observed included); <c>IcuShare</c> of them in ICU for the same stay;
/// each brings <c>ContactsPerCase</c> people into quarantine for <c>QuarantineDays</c>; the reserves hold <c>ReserveDays</c> days of
/// every bed full — or, when the plan gives each reserve item a use per patient-day, the patient-days the county's stock on hand covers —
/// and each occupied bed uses one bed-day a day. A resource runs out on the first day its need is above its capacity.
/// </summary>
public static class Forecaster
{
    /// <summary>
    /// The forecast at the current trend: a log-linear least-squares fit of ln(cases + 1) on the day over the window (+1 so a day
    /// without cases counts), the growth capped at doubling every <c>MinDoublingDays</c>; flat at the window's daily mean when it
    /// holds fewer than <c>MinCasesToFit</c> cases.
    /// </summary>
    /// <param name="observed">New confirmed cases per day, oldest first, the last being <paramref name="asOf"/>.</param>
    public static ForecastResult AtTrend(DateOnly asOf, IReadOnlyList<int> observed, ForecastCapacity capacity, ForecastAssumptions assumptions)
    {
        var trend = Fit(observed, assumptions);
        var n = observed.Count;
        Func<int, double> projected = trend.Kind == TrendKind.Flat
            ? _ => n == 0 ? 0 : (double)observed.Sum() / n
            : Curve(observed, trend.DailyGrowth);
        return Project(asOf, observed, projected, trend, capacity, assumptions);
    }

    /// <summary>A scenario: <paramref name="casesPerDay"/> new confirmed cases every day from tomorrow for <paramref name="days"/> days, none after
    /// (001 §5.1.3(4) sizes the reserves on a peak daily incidence sustained 20 days), on top of the cases already observed.</summary>
    public static ForecastResult Scenario(DateOnly asOf, IReadOnlyList<int> observed, int casesPerDay, int days, ForecastCapacity capacity, ForecastAssumptions assumptions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(casesPerDay);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var trend = new Trend(TrendKind.Scenario, 0, null, false, observed.Sum());
        return Project(asOf, observed, t => t <= days ? casesPerDay : 0, trend, capacity, assumptions);
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

    private static ForecastResult Project(DateOnly asOf, IReadOnlyList<int> observed, Func<int, double> projected, Trend trend, ForecastCapacity capacity, ForecastAssumptions a)
    {
        // Cases by day relative to asOf: observed for day ≤ 0 (those before the window are taken as none), projected after.
        double CasesOn(int day) => day <= 0 ? (observed.Count - 1 + day >= 0 ? observed[observed.Count - 1 + day] : 0) : projected(day);
        double Within(int day, double stay)
        {
            // The cases of the last `stay` days up to this day; a fraction of a day counts the oldest day by its fraction.
            var whole = (int)Math.Floor(stay);
            var sum = 0.0;
            for (var k = 0; k < whole; k++) sum += CasesOn(day - k);
            var part = stay - whole;
            if (part > 1e-9) sum += part * CasesOn(day - whole);
            return sum;
        }

        // Reserves: the patient-days the ledger's stock covers (001 §5.1.3(4) at full load), or, when the plan gives no use per item, reserves held to the norm.
        var reserveBedDays = capacity.ReservePatientDays ?? a.ReserveDays * capacity.Beds;
        var days = new List<ForecastDay>();
        var used = 0.0;
        for (var day = 0; day <= a.HorizonDays; day++)
        {
            var beds = Within(day, a.LengthOfStayDays);
            if (day > 0) used += beds;
            days.Add(new ForecastDay(day, asOf.AddDays(day), CasesOn(day), beds, beds * a.IcuShare,
                Within(day, a.QuarantineDays) * a.ContactsPerCase * a.RoomsPerContact, used));
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
