using EpiCommand.Data;
using EpiCommand.Data.Supplies;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Readiness;

/// <summary>A reserve item of the catalogue the plan gives a full-load use per patient-day (docs/plans.md <c>reserveUse</c>).</summary>
public sealed record ReserveItem(int ItemId, string Code, string Name, string Unit, double PerPatientDay);

/// <summary>The catalogue as the reserve norms read it: each item's category, and the reserve items with their use.</summary>
public sealed record ReserveCatalogue(IReadOnlyDictionary<int, SupplyCategory> Categories, IReadOnlyList<ReserveItem> Items)
{
    /// <summary>The same catalogue with the uses a headquarters set (by code, ForecastSettingsService.ReserveUses) in place of the plan's.</summary>
    public ReserveCatalogue With(IReadOnlyDictionary<string, double> uses) =>
        uses.Count == 0 ? this : this with { Items = [.. Items.Select(i => uses.TryGetValue(i.Code, out var use) ? i with { PerPatientDay = use } : i)] };

    /// <summary>Each reserve item with the stock on hand of <paramref name="stock"/> (rows of the jurisdiction's depots), none when it holds none.</summary>
    public IReadOnlyList<ReserveStock> Reserves(IEnumerable<(int ItemId, long OnHand)> stock)
    {
        var onHand = new Dictionary<int, long>();
        foreach (var (item, quantity) in stock) onHand[item] = onHand.GetValueOrDefault(item) + quantity;
        return [.. Items.Select(i => new ReserveStock(i.Code, i.Name, i.Unit, onHand.GetValueOrDefault(i.ItemId), i.PerPatientDay))];
    }
}

/// <summary>One reserve item of one region against the full-load need (001 §5.1.3(4)), with the recent issues beside it.</summary>
/// <param name="PlannedConfirmedCases">The region's sizing: the patients at full load (the peak daily incidence × 20 days); null when not set.</param>
/// <param name="DailyNeed">Use per patient-day × patients; null without a sizing.</param>
/// <param name="Days">Days the stock on hand lasts at full load; null without a need.</param>
/// <param name="Missing">Units missing to hold <paramref name="RequiredDays"/>; 0 when enough, null without a need.</param>
/// <param name="Issued7">Issued (出库) a day on average over the last 7 days; <paramref name="Issued30"/> over the last 30 — the burn rate, not the norm.</param>
/// <param name="DaysAtIssueRate">Days the stock lasts at the last 30 days' issue rate; null when nothing was issued.</param>
public sealed record ReserveDayRow(int Seq, string RegionCode, string RegionName, string ItemCode, string ItemName, string Unit, long OnHand, double PerPatientDay,
    int? PlannedConfirmedCases, double? DailyNeed, double? Days, double RequiredDays, long? Missing, string Status, double Issued7, double Issued30, double? DaysAtIssueRate);

/// <summary>
/// Reserve days from the stock ledger (001 §5.1.3(4) "医疗机构物资药品储备量原则上应当满足以2020年1—2月份单日最高发病数且持续20天累计病例的30天
/// 满负荷运转需要"): per reserve item and per region — the city over all its depots, each county over its own — the stock on hand
/// against the full-load need, which is the use per patient-day (the plan's <c>reserveUse</c>, or a headquarters' own) × the planned
/// confirmed cases the headquarters set (the existing sizing), and the last 7 and 30 days' issues as the burn rate beside it.
/// </summary>
public sealed class ReserveLedger(AppDbContext db, PlanCatalog plans, IOptions<PlansOptions> options, TimeProvider clock)
{
    /// <summary>The page order: regions (the city first, then the counties by code), each region's items in the plan's order.</summary>
    public static readonly Keyset<ReserveDayRow> Order = Keyset<ReserveDayRow>.By(r => r.Seq);

    /// <summary>The catalogue's categories and the reserve items the plan gives a use (those not in the catalogue are left out).</summary>
    public static async Task<ReserveCatalogue> CatalogueAsync(AppDbContext db, Plan plan, CancellationToken ct)
    {
        var items = await db.SupplyItems.AsNoTracking().Select(i => new { i.Id, i.Code, i.Name, i.Unit, i.Category }).ToListAsync(ct);
        var byCode = items.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var reserve = plan.ReserveUse.Where(u => byCode.ContainsKey(u.Item))
            .Select(u => (Item: byCode[u.Item], u.PerPatientDay)).Select(x => new ReserveItem(x.Item.Id, x.Item.Code, x.Item.Name, x.Item.Unit, x.PerPatientDay)).ToList();
        return new ReserveCatalogue(items.ToDictionary(i => i.Id, i => i.Category), reserve);
    }

    /// <summary>The norm's days (the plan's <c>medicalSupplyReserveDays</c> norm, 30 in tongliao-2020).</summary>
    private static double RequiredDays(Plan plan) =>
        plan.Readiness.FirstOrDefault(n => n.Metric == "medicalSupplyReserveDays")?.Norm.GetValueOrDefault("atLeast") is { } text
        && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : 30;

    /// <summary>Every reserve item of the city (a city user) and of each county of the jurisdiction, or of <paramref name="regionCode"/> alone; a page at a time.</summary>
    public async Task<Outcome<Page<ReserveDayRow>>> DaysAsync(Jurisdiction jurisdiction, string? regionCode, PageRequest page, CancellationToken ct)
    {
        var plan = plans.Get(options.Value.CityPlan);
        var scope = jurisdiction.Path;
        string? only = null;
        if (!string.IsNullOrWhiteSpace(regionCode))
        {
            var region = await jurisdiction.RegionAsync(db, regionCode, "region", ct);
            if (region.Problem is { } refused) return refused;
            if (region.Value!.Level is not (RegionLevel.City or RegionLevel.County)) return Problem.Invalid("region", Messages.RegistryRegionLevel);
            (scope, only) = (region.Value.Path, region.Value.Code);
        }
        var regions = await db.Regions.AsNoTracking()
            .Where(r => r.Path.StartsWith(scope) && (r.Level == RegionLevel.City || r.Level == RegionLevel.County) && (only == null || r.Code == only))
            .OrderBy(r => r.Level).ThenBy(r => r.Code).Select(r => new { r.Code, r.Name, r.Path }).ToListAsync(ct);
        var catalogue = await CatalogueAsync(db, plan, ct);
        var ids = catalogue.Items.Select(i => i.ItemId).ToList();
        var stock = await db.Stock.AsNoTracking().Where(s => s.RegionPath.StartsWith(scope) && ids.Contains(s.ItemId) && s.OnHand > 0)
            .Select(s => new { s.RegionPath, s.ItemId, s.OnHand }).ToListAsync(ct);
        var sizing = await db.ReadinessSizings.AsNoTracking().Where(s => s.RegionPath.StartsWith(scope)).ToDictionaryAsync(s => s.RegionCode, s => s.PlannedConfirmedCases, ct);
        // The issues (出库) of the last 30 and 7 days, summed by the database per depot region and item: the burn rate the headquarters
        // sees beside the norm (a movement's quantity is negative for an issue).
        var today = ChinaTime.DayOf(clock.GetUtcNow());
        var since30 = ChinaTime.StartOf(today.AddDays(-29));
        var since7 = ChinaTime.StartOf(today.AddDays(-6));
        var issues = await db.StockMovements.AsNoTracking()
            .Where(m => m.RegionPath.StartsWith(scope) && m.Kind == MovementKind.Issue && m.At >= since30 && ids.Contains(m.ItemId))
            .GroupBy(m => new { m.RegionPath, m.ItemId })
            .Select(g => new { g.Key.RegionPath, g.Key.ItemId, Last30 = g.Sum(m => (long)m.Quantity), Last7 = g.Sum(m => m.At >= since7 ? (long)m.Quantity : 0L) })
            .ToListAsync(ct);
        var required = RequiredDays(plan);
        var settings = await ForecastSettingsService.RowsAsync(db, ct);

        var rows = new List<ReserveDayRow>();
        foreach (var region in regions)
        {
            bool In(string path) => path.StartsWith(region.Path, StringComparison.Ordinal);
            var patients = sizing.GetValueOrDefault(region.Code);
            // The uses per patient-day of the region's headquarters, else its city's, else the plan's.
            var uses = catalogue.With(ForecastSettingsService.ReserveUses(region.Path, settings));
            var reserves = uses.Reserves(stock.Where(s => In(s.RegionPath)).Select(s => (s.ItemId, (long)s.OnHand)));
            for (var i = 0; i < reserves.Count; i++)
            {
                var item = uses.Items[i];
                var read = patients is { } p ? Reserves.Read(reserves[i], p, required) : null;
                var issued = issues.Where(m => m.ItemId == item.ItemId && In(m.RegionPath)).ToList();
                var issued30 = -issued.Sum(m => m.Last30) / 30.0;
                var issued7 = -issued.Sum(m => m.Last7) / 7.0;
                var status = read?.Days is null ? "noNeed" : read.Missing > 0 ? "notMet" : "met";
                rows.Add(new ReserveDayRow(rows.Count, region.Code, region.Name, item.Code, item.Name, item.Unit, reserves[i].OnHand, item.PerPatientDay, patients,
                    read?.Days is null ? null : Math.Round(read.DailyNeed, 2), read?.Days, required, read?.Days is null ? null : read.Missing, status,
                    Math.Round(issued7, 2), Math.Round(issued30, 2), issued30 > 0 ? Math.Floor(reserves[i].OnHand / issued30 * 10) / 10 : null));
            }
        }
        return Order.PageOf(rows, page, r => r);
    }
}
