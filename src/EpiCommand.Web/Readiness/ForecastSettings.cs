using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Readiness;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Readiness;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Readiness;

/// <summary>
/// The forecast's assumptions a headquarters sets for its region (null: not set here — the city's, or else the plan's, applies).
/// Numbers are taken as numbers and checked against <see cref="ForecastAssumptions.Editable"/> (a whole number where one is needed).
/// </summary>
public sealed record ForecastSettingInput(int? Version, double? WindowDays = null, double? LengthOfStayDays = null, double? IcuShare = null,
    double? IcuStayDays = null, double? ContactsPerCase = null, double? QuarantineDays = null, double? AdmissionDelayDays = null,
    bool? CountAsymptomatic = null, double? AsymptomaticDays = null, double? AsymptomaticHospitalShare = null);

/// <param name="Own">The values this region's headquarters set (by key; null: not set here).</param>
/// <param name="Assumptions">The assumptions the region's forecast runs on, each with where it comes from.</param>
/// <param name="Version">0 when the region never set any.</param>
public sealed record ForecastSettingDto(string RegionCode, string RegionName, int Version, string? UpdatedBy, DateTimeOffset? UpdatedAt,
    IReadOnlyDictionary<string, double?> Own, IReadOnlyList<ForecastAssumptionDto> Assumptions);

/// <summary>
/// The forecast's assumptions per jurisdiction (issue 15 §4): the plan's <c>forecast</c> section gives the defaults (with their
/// clauses); a headquarters — the city's for the city and its counties, a county's for itself, as the sizing (docs/readiness.md) —
/// may set its own values for the keys of <see cref="ForecastAssumptions.Editable"/>. A county's forecast takes its own value, or
/// else its city's, or else the plan's. Saved with the version read (409 when changed meanwhile) and audited.
/// </summary>
public sealed partial class ForecastSettingsService(AppDbContext db, PlanCatalog plans, IOptions<PlansOptions> options, TimeProvider clock, ReadinessSignal signal)
{
    public async Task<Outcome<ForecastSettingDto>> GetAsync(Jurisdiction jurisdiction, string? regionCode, CancellationToken ct)
    {
        var region = await new RegistryService(db, clock, signal).RegisterRegionAsync(jurisdiction, regionCode, ct);
        if (region.Problem is { } refused) return refused;
        var rows = await RowsAsync(db, ct);
        return ToDto(region.Value!.Code, region.Value.Name, region.Value.Path, rows);
    }

    /// <summary>Sets a region's assumptions (the whole row: a value left out is not set here); <c>version</c> is the one read (0 when none).</summary>
    public async Task<Outcome<ForecastSettingDto>> SetAsync(string regionCode, ForecastSettingInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!RegistryService.MayManage(user)) return Problem.Forbidden("readiness-not-allowed", Messages.ReadinessManagersOnly);
        var region = await new RegistryService(db, clock, signal).RegisterRegionAsync(jurisdiction, regionCode, ct);
        if (region.Problem is { } refused) return refused;
        var errors = new FieldErrors();
        var values = Values(input);
        foreach (var (key, min, max, whole, flag) in ForecastAssumptions.Editable)
        {
            if (flag || values[key] is not { } v) continue;
            if (!double.IsFinite(v) || v < min || v > max || (whole && v != Math.Floor(v))) errors.Add(key, Messages.ForecastAssumptionRange(ForecastService.AssumptionLabel(key), min, max, whole));
        }
        if (input.Version is null) errors.Add("version", Messages.VersionRequired);
        if (errors.Problem is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        var row = await db.ForecastSettings.FirstOrDefaultAsync(s => s.RegionCode == region.Value!.Code, ct);
        if ((row?.Version ?? 0) != input.Version) return Changed(region.Value!.Name, row);
        var before = row is null ? null : OwnValues(row);
        if (row is null)
        {
            row = new ForecastSetting { RegionCode = region.Value!.Code, RegionPath = region.Value.Path, UpdatedBy = user.UserName(), UpdatedAt = now };
            db.ForecastSettings.Add(row);
        }
        foreach (var key in values.Keys) Set(row, key, values[key]);
        row.UpdatedBy = user.UserName();
        row.UpdatedAt = now;
        row.Version = input.Version!.Value + 1;
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [new AuditRecord("forecast-assumptions.set", "forecast-assumptions", row.RegionCode, new { before, after = OwnValues(row) }, row.RegionPath)], ct);
        }
        catch (DbUpdateException)
        {
            // Saved (or first set) by someone else at the same moment: the concurrency token, or the key.
            db.ChangeTracker.Clear();
            return Changed(region.Value!.Name, await db.ForecastSettings.AsNoTracking().FirstOrDefaultAsync(s => s.RegionCode == region.Value!.Code, ct));
        }
        var rows = await RowsAsync(db, ct);
        return ToDto(region.Value!.Code, region.Value.Name, region.Value.Path, rows);
    }

    private static Problem Changed(string regionName, ForecastSetting? now) =>
        Problem.Conflict("forecast-assumptions-changed", now is null
            ? Messages.RegistryEntryChanged(regionName)
            : Messages.ForecastAssumptionsChanged(regionName, now.UpdatedBy, now.UpdatedAt, now.Version));

    /// <summary>Every region's row with its name: few (one per city or county that set any), read whole.</summary>
    internal static async Task<IReadOnlyList<(ForecastSetting Row, string Name)>> RowsAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await db.ForecastSettings.AsNoTracking().ToListAsync(ct);
        var codes = rows.Select(r => r.RegionCode).ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return [.. rows.Select(r => (r, names.GetValueOrDefault(r.RegionCode, r.RegionCode)))];
    }

    private ForecastSettingDto ToDto(string code, string name, string path, IReadOnlyList<(ForecastSetting Row, string Name)> rows)
    {
        var own = rows.FirstOrDefault(r => r.Row.RegionCode == code).Row;
        var plan = plans.Get(options.Value.CityPlan);
        return new ForecastSettingDto(code, name, own?.Version ?? 0, own?.UpdatedBy, own?.UpdatedAt,
            own is null ? ForecastAssumptions.Editable.ToDictionary(e => e.Key, _ => (double?)null) : OwnValues(own),
            Effective(plan, path, rows));
    }

    /// <summary>
    /// The assumptions of a region: the plan's (the optional keys it leaves out at the model's defaults, as the platform's own),
    /// each editable one replaced by the nearest headquarters' value — the region's own, or else that of a region above it.
    /// </summary>
    internal static IReadOnlyList<ForecastAssumptionDto> Effective(Plan plan, string regionPath, IReadOnlyList<(ForecastSetting Row, string Name)> rows)
    {
        var listed = plan.Forecast.ToList();
        var stay = listed.FirstOrDefault(a => a.Key == "lengthOfStayDays")?.Value ?? 14;
        foreach (var (key, value) in new[] { ("admissionDelayDays", 0.0), ("icuStayDays", stay), ("countAsymptomatic", 0), ("asymptomaticDays", 14), ("asymptomaticHospitalShare", 0) })
        {
            if (listed.All(a => a.Key != key)) listed.Add(new ForecastAssumption(key, value, null, null));
        }
        // Nearest first: the region's own row, then the city's (paths end with "/", so a prefix is an ancestor).
        var above = rows.Where(r => regionPath.StartsWith(r.Row.RegionPath, StringComparison.Ordinal)).OrderByDescending(r => r.Row.RegionPath.Length).ToList();
        var editable = ForecastAssumptions.Editable.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        return [.. listed.Select(a =>
        {
            var dto = ForecastService.ToDto(a) with { PlanValue = a.Value, Editable = editable.Contains(a.Key) };
            if (!dto.Editable) return dto;
            foreach (var (row, name) in above)
            {
                if (ValueOf(row, a.Key) is { } set)
                {
                    return dto with { Value = set, Source = "headquarters", SetIn = row.RegionCode, SetInName = name, SetBy = row.UpdatedBy, SetAt = row.UpdatedAt };
                }
            }
            return dto;
        })];
    }

    /// <summary>The model's assumptions from the ones listed (null when the plan lacks a required key).</summary>
    internal static ForecastAssumptions? Model(IReadOnlyList<ForecastAssumptionDto> effective) =>
        ForecastAssumptions.From([.. effective.Select(a => new ForecastAssumption(a.Key, a.Value, a.Clause, a.Text))]);

    private static Dictionary<string, double?> Values(ForecastSettingInput i) => new(StringComparer.Ordinal)
    {
        ["windowDays"] = i.WindowDays, ["lengthOfStayDays"] = i.LengthOfStayDays, ["icuShare"] = i.IcuShare, ["icuStayDays"] = i.IcuStayDays,
        ["contactsPerCase"] = i.ContactsPerCase, ["quarantineDays"] = i.QuarantineDays, ["admissionDelayDays"] = i.AdmissionDelayDays,
        ["countAsymptomatic"] = i.CountAsymptomatic is { } count ? (count ? 1 : 0) : null, ["asymptomaticDays"] = i.AsymptomaticDays,
        ["asymptomaticHospitalShare"] = i.AsymptomaticHospitalShare,
    };

    private static Dictionary<string, double?> OwnValues(ForecastSetting row) =>
        ForecastAssumptions.Editable.ToDictionary(e => e.Key, e => ValueOf(row, e.Key), StringComparer.Ordinal);

    private static double? ValueOf(ForecastSetting s, string key) => key switch
    {
        "windowDays" => s.WindowDays,
        "lengthOfStayDays" => s.LengthOfStayDays,
        "icuShare" => s.IcuShare,
        "icuStayDays" => s.IcuStayDays,
        "contactsPerCase" => s.ContactsPerCase,
        "quarantineDays" => s.QuarantineDays,
        "admissionDelayDays" => s.AdmissionDelayDays,
        "countAsymptomatic" => s.CountAsymptomatic is { } count ? (count ? 1 : 0) : null,
        "asymptomaticDays" => s.AsymptomaticDays,
        "asymptomaticHospitalShare" => s.AsymptomaticHospitalShare,
        _ => null,
    };

    private static void Set(ForecastSetting s, string key, double? v)
    {
        switch (key)
        {
            case "windowDays": s.WindowDays = v is { } w ? (int)w : null; break;
            case "lengthOfStayDays": s.LengthOfStayDays = v; break;
            case "icuShare": s.IcuShare = v; break;
            case "icuStayDays": s.IcuStayDays = v; break;
            case "contactsPerCase": s.ContactsPerCase = v; break;
            case "quarantineDays": s.QuarantineDays = v; break;
            case "admissionDelayDays": s.AdmissionDelayDays = v is { } d ? (int)d : null; break;
            case "countAsymptomatic": s.CountAsymptomatic = v is { } c ? c > 0 : null; break;
            case "asymptomaticDays": s.AsymptomaticDays = v; break;
            case "asymptomaticHospitalShare": s.AsymptomaticHospitalShare = v; break;
        }
    }
}
