using System.Security.Claims;
using System.Text.Json;
using EpiCommand.Data;
using EpiCommand.Data.Readiness;
using EpiCommand.Data.Response;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Readiness;

/// <summary>A region's uses per patient-day by catalogue code (the whole set: an item left out or null is not set here — the city's or the plan's applies).</summary>
public sealed record ReserveUseInput(int? Version, IReadOnlyDictionary<string, double?>? Uses);

/// <param name="Value">The use the region's reserve days and forecast run on, in the item's unit.</param>
/// <param name="Own">The value this region's headquarters set; null when not set here.</param>
/// <param name="Source">plan (the plan's <c>reserveUse</c>) or headquarters (<paramref name="SetIn"/>'s, who and when).</param>
/// <param name="Inherited">The use without this region's own value: the city's, else the plan's.</param>
/// <param name="Text">The plan's reasoning for its value.</param>
public sealed record ReserveUseItemDto(string Code, string Name, string Unit, double Value, double PlanValue, double? Own, double Inherited, string Source,
    string? SetIn, string? SetInName, string? SetBy, DateTimeOffset? SetAt, string? Text);

/// <param name="Version">The version of the region's row (shared with its forecast assumptions); 0 when it never set any.</param>
public sealed record ReserveUseDto(string RegionCode, string RegionName, int Version, string? UpdatedBy, DateTimeOffset? UpdatedAt, IReadOnlyList<ReserveUseItemDto> Items);

/// <summary>
/// The use per patient-day of each reserve item (001 §5.1.3(4) "…30天满负荷运转需要"; plan data <c>reserveUse</c>, the platform's
/// planning assumptions): a headquarters sets its own as it sets the forecast's assumptions — the city's for the city and its counties
/// without their own, a county's for itself; key by key the county's value, else the city's, else the plan's. Kept on the region's
/// <see cref="ForecastSetting"/> row under its version (409 when it changed meanwhile), audited, and read by the reserve-days norm,
/// the reserve table and the forecast.
/// </summary>
public sealed partial class ForecastSettingsService
{
    /// <summary>The most of an item one patient-day may use, in its unit: far above any plan's figure, a bound on typing errors.</summary>
    public const double MaxReservePerPatientDay = 1000;

    public async Task<Outcome<ReserveUseDto>> GetReserveUseAsync(Jurisdiction jurisdiction, string? regionCode, CancellationToken ct)
    {
        var region = await new RegistryService(db, clock, signal).RegisterRegionAsync(jurisdiction, regionCode, ct);
        if (region.Problem is { } refused) return refused;
        return await ReserveUseDtoAsync(region.Value!, await RowsAsync(db, ct), ct);
    }

    /// <summary>Sets a region's uses (the whole set); <c>version</c> is the row's as read (0 when none).</summary>
    public async Task<Outcome<ReserveUseDto>> SetReserveUseAsync(string regionCode, ReserveUseInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!RegistryService.MayManage(user)) return Problem.Forbidden("readiness-not-allowed", Messages.ReadinessManagersOnly);
        var region = await new RegistryService(db, clock, signal).RegisterRegionAsync(jurisdiction, regionCode, ct);
        if (region.Problem is { } refused) return refused;
        var items = (await ReserveLedger.CatalogueAsync(db, plans.Get(options.Value.CityPlan), ct)).Items.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var errors = new FieldErrors();
        var uses = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (code, value) in input.Uses ?? new Dictionary<string, double?>())
        {
            if (!items.TryGetValue(code, out var item))
            {
                errors.Add($"uses.{code}", Messages.ReserveUseUnknownItem(code));
                continue;
            }
            if (value is not { } v) continue;
            if (!double.IsFinite(v) || v < 0 || v > MaxReservePerPatientDay) errors.Add($"uses.{code}", Messages.ReserveUseRange(item.Name, item.Unit, MaxReservePerPatientDay));
            else uses[code] = v;
        }
        if (input.Version is null) errors.Add("version", Messages.VersionRequired);
        if (errors.Problem is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        var row = await db.ForecastSettings.FirstOrDefaultAsync(s => s.RegionCode == region.Value!.Code, ct);
        if ((row?.Version ?? 0) != input.Version) return ReserveUseChanged(region.Value!.Name, row);
        var before = ReserveUseOf(row?.ReserveUse);
        if (row is null)
        {
            row = new ForecastSetting { RegionCode = region.Value!.Code, RegionPath = region.Value.Path, UpdatedBy = user.UserName(), UpdatedAt = now };
            db.ForecastSettings.Add(row);
        }
        row.ReserveUse = uses.Count == 0 ? null : JsonSerializer.Serialize(uses);
        row.UpdatedBy = user.UserName();
        row.UpdatedAt = now;
        row.Version = input.Version!.Value + 1;
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [new AuditRecord("reserve-use.set", "reserve-use", row.RegionCode, new { before, after = uses }, row.RegionPath)], ct);
        }
        catch (DbUpdateException)
        {
            // Saved (or first set) by someone else at the same moment: the concurrency token, or the key.
            db.ChangeTracker.Clear();
            return ReserveUseChanged(region.Value!.Name, await db.ForecastSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RegionCode == region.Value!.Code, ct));
        }
        // The reserve-days norm reads them: its state is read again (and its history recorded).
        signal.Changed();
        return await ReserveUseDtoAsync(region.Value!, await RowsAsync(db, ct), ct);
    }

    private static Problem ReserveUseChanged(string regionName, ForecastSetting? now) =>
        Problem.Conflict("reserve-use-changed", now is null
            ? Messages.RegistryEntryChanged(regionName)
            : Messages.ReserveUseChanged(regionName, now.UpdatedBy, now.UpdatedAt, now.Version));

    private async Task<ReserveUseDto> ReserveUseDtoAsync(Data.Regions.Region region, IReadOnlyList<(ForecastSetting Row, string Name)> rows, CancellationToken ct)
    {
        var plan = plans.Get(options.Value.CityPlan);
        var catalogue = await ReserveLedger.CatalogueAsync(db, plan, ct);
        var own = rows.FirstOrDefault(r => r.Row.RegionCode == region.Code).Row;
        var ownUses = ReserveUseOf(own?.ReserveUse);
        var above = Above(region.Path, rows).Select(r => (r.Row, r.Name, Uses: ReserveUseOf(r.Row.ReserveUse))).ToList();
        var texts = plan.ReserveUse.ToDictionary(u => u.Item, u => u.Text, StringComparer.Ordinal);
        return new ReserveUseDto(region.Code, region.Name, own?.Version ?? 0, own?.UpdatedBy, own?.UpdatedAt, [.. catalogue.Items.Select(item =>
        {
            var text = texts.GetValueOrDefault(item.Code);
            double? mine = ownUses.TryGetValue(item.Code, out var o) ? o : null;
            var inherited = above.Where(a => a.Row.RegionCode != region.Code).Select(a => a.Uses.TryGetValue(item.Code, out var u) ? u : (double?)null)
                .FirstOrDefault(u => u is not null) ?? item.PerPatientDay;
            foreach (var (row, name, uses) in above)
            {
                if (uses.TryGetValue(item.Code, out var set))
                {
                    return new ReserveUseItemDto(item.Code, item.Name, item.Unit, set, item.PerPatientDay, mine, inherited, "headquarters", row.RegionCode, name,
                        row.UpdatedBy, row.UpdatedAt, text);
                }
            }
            return new ReserveUseItemDto(item.Code, item.Name, item.Unit, item.PerPatientDay, item.PerPatientDay, null, inherited, "plan", null, null, null, null, text);
        })]);
    }

    /// <summary>
    /// The uses a region's reserve norm, table and forecast run on, by code: each item's nearest headquarters' value (the region's own,
    /// else the city's); an item none set is not in it (the plan's applies).
    /// </summary>
    internal static IReadOnlyDictionary<string, double> ReserveUses(string regionPath, IReadOnlyList<(ForecastSetting Row, string Name)> rows)
    {
        var uses = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (row, _) in Above(regionPath, rows))
        {
            foreach (var (code, value) in ReserveUseOf(row.ReserveUse)) uses.TryAdd(code, value);
        }
        return uses;
    }

    /// <summary>The rows of the region and of the regions above it, nearest first (paths end with "/", so a prefix is an ancestor).</summary>
    private static List<(ForecastSetting Row, string Name)> Above(string regionPath, IReadOnlyList<(ForecastSetting Row, string Name)> rows) =>
        [.. rows.Where(r => regionPath.StartsWith(r.Row.RegionPath, StringComparison.Ordinal)).OrderByDescending(r => r.Row.RegionPath.Length)];

    private static Dictionary<string, double> ReserveUseOf(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [];
}
