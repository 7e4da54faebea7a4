namespace EpiCommand.Domain.Readiness;

/// <summary>
/// How much of one reserve item a patient uses a day at full load (plan data, docs/plans.md <c>reserveUse</c>): the catalogue code,
/// the quantity in the item's unit, and the clause it comes from (null: a planning assumption of the headquarters, no clause gives it).
/// </summary>
public sealed record ReserveUse(string Item, double PerPatientDay, string? Clause, string? Text);

/// <summary>
/// One reserve item of a jurisdiction: its stock on hand in the jurisdiction's depots (the ledger's totals) and its full-load use
/// per patient-day (<see cref="ReserveUse"/>).
/// </summary>
public sealed record ReserveStock(string Code, string Name, string Unit, long OnHand, double PerPatientDay);

/// <summary>One reserve item read against the full-load need: the need a day, the days the stock lasts, and what is missing to the norm's days.</summary>
/// <param name="Days">Stock ÷ need a day, rounded down to hundredths; null when the item has no need (no use per patient-day, or no patients planned).</param>
/// <param name="Missing">Whole units missing to hold <c>requiredDays</c> at full load (0 when enough).</param>
public sealed record ReserveDays(ReserveStock Item, double DailyNeed, double? Days, long Missing);

/// <summary>
/// 001 §5.1.3(4) "医疗机构物资药品储备量原则上应当满足以2020年1—2月份单日最高发病数且持续20天累计病例的30天满负荷运转需要": the patients
/// at full load are the cumulative cases of the peak daily incidence sustained 20 days — the planned confirmed cases the
/// headquarters sets (<see cref="Sizing.PlannedConfirmedCases"/>; a peak of 50 a day is 1,000) — and each uses an item's
/// <see cref="ReserveStock.PerPatientDay"/> a day. Pure arithmetic; the stock and the sizing are passed in.
/// </summary>
public static class Reserves
{
    public static ReserveDays Read(ReserveStock item, int patients, double requiredDays)
    {
        var need = item.PerPatientDay * Math.Max(0, patients);
        if (need <= 0) return new ReserveDays(item, 0, null, 0);
        var days = Math.Floor(item.OnHand / need * 100 + 1e-9) / 100;
        var missing = (long)Math.Max(0, Math.Ceiling(need * requiredDays - item.OnHand - 1e-9));
        return new ReserveDays(item, need, days, missing);
    }

    /// <summary>
    /// The patient-days a stock covers: the least, over the items with a use, of stock ÷ use per patient-day (the first item to run
    /// out bounds them all); null when no item has a use. The forecast spends them one a day per occupied bed.
    /// </summary>
    public static (double PatientDays, ReserveStock Limiting)? PatientDays(IEnumerable<ReserveStock> items)
    {
        (double, ReserveStock)? least = null;
        foreach (var item in items.Where(i => i.PerPatientDay > 0))
        {
            var covered = item.OnHand / item.PerPatientDay;
            if (least is null || covered < least.Value.Item1) least = (covered, item);
        }
        return least;
    }
}
