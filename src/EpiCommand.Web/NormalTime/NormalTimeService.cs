using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Readiness;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.NormalTime;

public sealed record VaccinationInput(string? Region, string? Group, DateOnly? AsOf, int? Population, int? Vaccinated);
public sealed record VaccinationReportDto(long Id, string RegionCode, string RegionName, string Group, string GroupName, DateOnly AsOf, int Population, int Vaccinated,
    double Coverage, string ReportedBy, DateTimeOffset ReportedAt);

/// <summary>A county's (or the city's, summed over its counties) latest coverage of one group this season; null figures: no report yet.</summary>
public sealed record CoverageDto(string RegionCode, string RegionName, string Group, string GroupName, DateOnly? AsOf, int? Population, int? Vaccinated, double? Coverage);
public sealed record CoverageReport(DateOnly SeasonStart, IReadOnlyList<CoverageDto> Rows);

public sealed record PriceInput(string? Region, string? Item, DateOnly? ObservedOn, decimal? Price);
public sealed record PriceReportDto(long Id, string RegionCode, string RegionName, string Item, string ItemName, string Unit, DateOnly ObservedOn, decimal Price,
    string ReportedBy, DateTimeOffset ReportedAt);

/// <summary>
/// The latest price of an item in a county, beside the mean of the county's observations of the <see cref="NormalTimeService.BaselineDays"/>
/// days before it; <see cref="Alert"/> when it rose by <see cref="NormalTimeService.PriceRiseAlert"/> or more.
/// </summary>
public sealed record PriceWatchDto(string RegionCode, string RegionName, string Item, string ItemName, string Unit, DateOnly ObservedOn, decimal Price,
    decimal? Baseline, double? Change, bool Alert);

/// <summary>
/// The normal-time work of 003 §二(四) the headquarters watch between outbreaks: influenza vaccination of the key groups (§二(四)6,
/// requirements F9) and the prices of daily necessities (§二(四)8 重点商品价格波动; 001 §5.4.5 加强价格监测; F8). Reports are rows
/// never changed, one per county, group (or item) and day; a second the same day is refused (409), a cumulative count that goes
/// down within a season is refused (400). Every report is audited.
/// </summary>
public sealed class NormalTimeService(AppDbContext db, TimeProvider clock, IConfiguration configuration, Readiness.RegistryService registry)
{
    public const int MaxPopulation = 10_000_000;
    public const decimal MaxPrice = 10_000m;

    /// <summary>The days before an observation its price is compared with.</summary>
    public const int BaselineDays = 30;

    /// <summary>
    /// The rise over the baseline that raises an alert: configuration (<c>NormalTime:PriceRiseAlertPercent</c>), 10 % unless set.
    /// The plans name no figure ("重点商品价格波动"); 10 % is this platform's default, stated in docs/normal-time.md.
    /// </summary>
    public double PriceRiseAlert => configuration.GetValue<double?>("NormalTime:PriceRiseAlertPercent") is { } percent and > 0 ? percent / 100 : 0.10;

    public static readonly IReadOnlyDictionary<VaccinationGroup, Text> Groups = new Dictionary<VaccinationGroup, Text>
    {
        [VaccinationGroup.Elderly] = new("老年人", "Elderly"), [VaccinationGroup.Children] = new("儿童", "Children"), [VaccinationGroup.MedicalStaff] = new("医务人员", "Medical staff"),
    };

    // Before Items: static fields are initialised in the order written.
    private static readonly Text Kg = new("元/公斤", "yuan/kg");
    private static readonly Text Litre = new("元/升", "yuan/litre");

    public static readonly IReadOnlyDictionary<PriceItem, (Text Name, Text Unit)> Items = new Dictionary<PriceItem, (Text, Text)>
    {
        [PriceItem.Rice] = (new("大米", "Rice"), Kg), [PriceItem.Flour] = (new("面粉", "Flour"), Kg),
        [PriceItem.CookingOil] = (new("食用油", "Cooking oil"), Litre), [PriceItem.Pork] = (new("猪肉", "Pork"), Kg),
        [PriceItem.BeefMutton] = (new("牛羊肉", "Beef and mutton"), Kg), [PriceItem.Eggs] = (new("鸡蛋", "Eggs"), Kg),
        [PriceItem.Milk] = (new("牛奶", "Milk"), Litre), [PriceItem.Vegetables] = (new("蔬菜", "Vegetables"), Kg),
        [PriceItem.Fruit] = (new("水果", "Fruit"), Kg),
    };

    public static readonly Keyset<VaccinationReport> VaccinationsNewest = Keyset<VaccinationReport>.By(v => v.AsOf, v => v.Id, descending: true);
    public static readonly ListShape<VaccinationReport, VaccinationGroup> VaccinationShape = new(v => v.Group, null);
    public static readonly Keyset<PriceReport> PricesNewest = Keyset<PriceReport>.By(p => p.ObservedOn, p => p.Id, descending: true);
    public static readonly ListShape<PriceReport, PriceItem> PriceShape = new(p => p.Item, null);

    /// <summary>Vaccination figures are reported by headquarters and the CDC (investigators), prices by headquarters.</summary>
    public static bool MayReportVaccination(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Investigator) || user.IsInRole(Roles.Admin);

    public static bool MayReportPrices(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Admin);

    /// <summary>The influenza season a day falls in starts on 1 September (the autumn-winter campaign of 003 §二(四)6).</summary>
    public static DateOnly SeasonStart(DateOnly day) => new(day.Month >= 9 ? day.Year : day.Year - 1, 9, 1);

    // ---- vaccination (003 §二(四)6)

    public async Task<Outcome<VaccinationReportDto>> ReportVaccinationAsync(VaccinationInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayReportVaccination(user)) return Problem.Forbidden("vaccination-not-allowed", Messages.VaccinationReportersOnly);
        var errors = new FieldErrors();
        var region = await CountyAsync(jurisdiction, input.Region, ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        var group = RegistryChoice(errors, "group", input.Group, Groups, new("重点人群", "the group"));
        var today = ChinaTime.DayOf(clock.GetUtcNow());
        if (input.AsOf is null) errors.Add("asOf", Messages.Required(new("统计截止日期", "the day the figures are as of")));
        else if (input.AsOf > today) errors.Add("asOf", Messages.ReportedAhead);
        if (input.Population is null or < 1 or > MaxPopulation) errors.Add("population", Messages.CountRange(1, MaxPopulation));
        if (input.Vaccinated is null or < 0 or > MaxPopulation) errors.Add("vaccinated", Messages.CountRange(0, MaxPopulation));
        else if (input.Population is { } population and >= 1 && input.Vaccinated > population) errors.Add("vaccinated", Messages.NotMoreThan(new("人群总数", "the group's population")));
        if (errors.Problem is { } invalid) return invalid;

        var (code, path, asOf, vaccinated) = (region.Value!.Code, region.Value.Path, input.AsOf!.Value, input.Vaccinated!.Value);
        // Vaccinations this season are counted cumulatively: a figure below an earlier report's (or above a later one's) is a mistake.
        var season = SeasonStart(asOf);
        var seasonEnd = season.AddYears(1);
        var before = await db.VaccinationReports.AsNoTracking().Where(v => v.RegionCode == code && v.Group == group && v.AsOf >= season && v.AsOf < asOf)
            .OrderByDescending(v => v.AsOf).Select(v => new { v.AsOf, v.Vaccinated }).FirstOrDefaultAsync(ct);
        var after = await db.VaccinationReports.AsNoTracking().Where(v => v.RegionCode == code && v.Group == group && v.AsOf > asOf && v.AsOf < seasonEnd)
            .OrderBy(v => v.AsOf).Select(v => new { v.AsOf, v.Vaccinated }).FirstOrDefaultAsync(ct);
        if (before is not null && vaccinated < before.Vaccinated) return Problem.Invalid("vaccinated", Messages.VaccinatedBelowEarlier(before.Vaccinated, before.AsOf));
        if (after is not null && vaccinated > after.Vaccinated) return Problem.Invalid("vaccinated", Messages.VaccinatedAboveLater(after.Vaccinated, after.AsOf));

        var now = clock.GetUtcNow();
        var report = new VaccinationReport
        {
            RegionCode = code, RegionPath = path, Group = group!.Value, AsOf = asOf, Population = input.Population!.Value, Vaccinated = vaccinated,
            ReportedBy = user.UserName(), ReportedAt = now,
        };
        db.VaccinationReports.Add(report);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("vaccination.reported", "vaccination", report.Id, path,
                new { region = code, group = EnumNames.Of(report.Group), asOf, report.Population, vaccinated })], ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("vaccination-reported", Messages.VaccinationAlreadyReported(region.Value.Name, Groups[group.Value].ToString(), asOf));
        }
        return ToDto(report, region.Value.Name);
    }

    /// <summary>The latest figures of the season of <paramref name="day"/> per county of the jurisdiction and group, and their sums for the city.</summary>
    public async Task<CoverageReport> CoverageAsync(Jurisdiction jurisdiction, DateOnly day, CancellationToken ct)
    {
        var season = SeasonStart(day);
        var counties = await jurisdiction.Regions(db).AsNoTracking().Where(r => r.Level == RegionLevel.County).OrderBy(r => r.Code)
            .Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        // The latest report of each county and group this season up to the day: one row each, found in SQL.
        var latest = await jurisdiction.Scope(db.VaccinationReports.AsNoTracking())
            .Where(v => v.AsOf >= season && v.AsOf <= day
                && !db.VaccinationReports.Any(later => later.RegionCode == v.RegionCode && later.Group == v.Group && later.AsOf > v.AsOf && later.AsOf <= day))
            .ToListAsync(ct);
        var byKey = latest.ToDictionary(v => (v.RegionCode, v.Group));
        List<CoverageDto> rows = [];
        var groups = Enum.GetValues<VaccinationGroup>();
        var city = await jurisdiction.Regions(db).AsNoTracking().Where(r => r.Level == RegionLevel.City).Select(r => new { r.Code, r.Name }).FirstOrDefaultAsync(ct);
        if (city is not null)
        {
            foreach (var group in groups)
            {
                var of = latest.Where(v => v.Group == group).ToList();
                rows.Add(of.Count == 0 ? new CoverageDto(city.Code, city.Name, EnumNames.Of(group), Groups[group].ToString(), null, null, null, null)
                    : Coverage(city.Code, city.Name, group, of.Max(v => v.AsOf), of.Sum(v => v.Population), of.Sum(v => v.Vaccinated)));
            }
        }
        foreach (var county in counties)
        {
            foreach (var group in groups)
            {
                rows.Add(byKey.TryGetValue((county.Code, group), out var v) ? Coverage(county.Code, county.Name, group, v.AsOf, v.Population, v.Vaccinated)
                    : new CoverageDto(county.Code, county.Name, EnumNames.Of(group), Groups[group].ToString(), null, null, null, null));
            }
        }
        return new CoverageReport(season, rows);
    }

    private static CoverageDto Coverage(string code, string name, VaccinationGroup group, DateOnly asOf, int population, int vaccinated) =>
        new(code, name, EnumNames.Of(group), Groups[group].ToString(), asOf, population, vaccinated, population == 0 ? 0 : (double)vaccinated / population);

    public async Task<Page<VaccinationReportDto>> VaccinationReportsAsync(Jurisdiction jurisdiction, ListFilter<VaccinationGroup> filter, PageRequest page, CancellationToken ct) =>
        await VaccinationsNewest.PageAsync(VaccinationShape.Apply(db.VaccinationReports.AsNoTracking(), jurisdiction, filter), page, async (rows, token) =>
        {
            var names = await registry.NamesAsync(rows.Select(r => r.RegionCode), token);
            return (IReadOnlyList<VaccinationReportDto>)[.. rows.Select(r => ToDto(r, names.GetValueOrDefault(r.RegionCode, r.RegionCode)))];
        }, ct);

    private static VaccinationReportDto ToDto(VaccinationReport v, string regionName) =>
        new(v.Id, v.RegionCode, regionName, EnumNames.Of(v.Group), Groups[v.Group].ToString(), v.AsOf, v.Population, v.Vaccinated,
            v.Population == 0 ? 0 : (double)v.Vaccinated / v.Population, v.ReportedBy, v.ReportedAt);

    // ---- prices (003 §二(四)8; 001 §5.4.5)

    public async Task<Outcome<PriceReportDto>> ReportPriceAsync(PriceInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayReportPrices(user)) return Problem.Forbidden("prices-not-allowed", Messages.PriceReportersOnly);
        var errors = new FieldErrors();
        var region = await CountyAsync(jurisdiction, input.Region, ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        var item = RegistryChoice(errors, "item", input.Item, Items.ToDictionary(i => i.Key, i => i.Value.Name), new("商品", "the item"));
        if (input.ObservedOn is null) errors.Add("observedOn", Messages.Required(new("监测日期", "the day observed")));
        else if (input.ObservedOn > ChinaTime.DayOf(clock.GetUtcNow())) errors.Add("observedOn", Messages.ReportedAhead);
        if (input.Price is null or <= 0 or > MaxPrice || input.Price is { } p && decimal.Round(p, 2) != p) errors.Add("price", Messages.PriceRange(MaxPrice));
        if (errors.Problem is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        var report = new PriceReport
        {
            RegionCode = region.Value!.Code, RegionPath = region.Value.Path, Item = item!.Value, ObservedOn = input.ObservedOn!.Value, Price = input.Price!.Value,
            ReportedBy = user.UserName(), ReportedAt = now,
        };
        db.PriceReports.Add(report);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("price.reported", "price", report.Id, report.RegionPath,
                new { region = report.RegionCode, item = EnumNames.Of(report.Item), report.ObservedOn, report.Price })], ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("price-reported", Messages.PriceAlreadyReported(region.Value.Name, Items[item.Value].Name.ToString(), report.ObservedOn));
        }
        return ToDto(report, region.Value.Name);
    }

    /// <summary>
    /// Each county's latest price of each item up to <paramref name="day"/> (within the last <see cref="BaselineDays"/> days) against the mean of
    /// its observations in the <see cref="BaselineDays"/> days before that one: alerts first, then by county and item. At most counties × items rows.
    /// </summary>
    public async Task<IReadOnlyList<PriceWatchDto>> WatchAsync(Jurisdiction jurisdiction, DateOnly day, CancellationToken ct)
    {
        var since = day.AddDays(-2 * BaselineDays);
        // Two windows of reports (the latest's and its baseline's) of the jurisdiction: bounded by counties × items × 60 days.
        var rows = await jurisdiction.Scope(db.PriceReports.AsNoTracking()).Where(p => p.ObservedOn > since && p.ObservedOn <= day)
            .Select(p => new { p.RegionCode, p.Item, p.ObservedOn, p.Price }).ToListAsync(ct);
        var names = await registry.NamesAsync(rows.Select(r => r.RegionCode), ct);
        var threshold = PriceRiseAlert;
        return [.. rows.GroupBy(r => (r.RegionCode, r.Item)).Select(g =>
            {
                var latest = g.MaxBy(r => r.ObservedOn)!;
                if (latest.ObservedOn <= day.AddDays(-BaselineDays)) return null;
                var earlier = g.Where(r => r.ObservedOn < latest.ObservedOn && r.ObservedOn >= latest.ObservedOn.AddDays(-BaselineDays)).Select(r => r.Price).ToList();
                decimal? baseline = earlier.Count == 0 ? null : decimal.Round(earlier.Average(), 2);
                double? change = baseline is { } b && b > 0 ? (double)((latest.Price - b) / b) : null;
                var (name, unit) = Items[g.Key.Item];
                return new PriceWatchDto(g.Key.RegionCode, names.GetValueOrDefault(g.Key.RegionCode, g.Key.RegionCode), EnumNames.Of(g.Key.Item), name.ToString(), unit.ToString(),
                    latest.ObservedOn, latest.Price, baseline, change, change >= threshold - 1e-9);
            }).OfType<PriceWatchDto>().OrderByDescending(w => w.Alert).ThenBy(w => w.RegionCode, StringComparer.Ordinal).ThenBy(w => w.Item, StringComparer.Ordinal)];
    }

    public async Task<Page<PriceReportDto>> PriceReportsAsync(Jurisdiction jurisdiction, ListFilter<PriceItem> filter, PageRequest page, CancellationToken ct) =>
        await PricesNewest.PageAsync(PriceShape.Apply(db.PriceReports.AsNoTracking(), jurisdiction, filter), page, async (rows, token) =>
        {
            var names = await registry.NamesAsync(rows.Select(r => r.RegionCode), token);
            return (IReadOnlyList<PriceReportDto>)[.. rows.Select(r => ToDto(r, names.GetValueOrDefault(r.RegionCode, r.RegionCode)))];
        }, ct);

    private static PriceReportDto ToDto(PriceReport p, string regionName) =>
        new(p.Id, p.RegionCode, regionName, EnumNames.Of(p.Item), Items[p.Item].Name.ToString(), Items[p.Item].Unit.ToString(), p.ObservedOn, p.Price, p.ReportedBy, p.ReportedAt);

    // ---- shared

    /// <summary>
    /// Reports are a county's: the county named, or the user's own when they are a county's. A refusal on <c>region</c> is the caller's to add to
    /// its field errors (a region outside the jurisdiction is a 403 of its own).
    /// </summary>
    private async Task<Outcome<Region>> CountyAsync(Jurisdiction jurisdiction, string? code, CancellationToken ct)
    {
        var region = await jurisdiction.RegionAsync(db, string.IsNullOrWhiteSpace(code) ? jurisdiction.RegionCode : code, "region", ct);
        if (region.Value is { } r && r.Level != RegionLevel.County) return Problem.Invalid("region", Messages.ReportsAreCounties(r.Name));
        return region;
    }

    private static T? RegistryChoice<T>(FieldErrors errors, string path, string? text, IReadOnlyDictionary<T, Text> labels, Text what) where T : struct, Enum =>
        Readiness.RegistryService.Choice(errors, path, text, labels, what);

    private static AuditRecord Audit(string action, string subject, long id, string path, object data) =>
        new(action, subject, id.ToString(CultureInfo.InvariantCulture), data, path);
}
