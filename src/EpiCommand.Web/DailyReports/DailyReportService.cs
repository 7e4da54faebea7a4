using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.DailyReports;

public sealed record NewDailyReport(
    string? Region, DateOnly? Day, string? Kind, int? NewConfirmed, int? NewAsymptomatic, int? NewSuspected, int? UnderTreatment, int? ContactsUnderObservation, string? Text);

/// <summary>The figures of a county's day as the records show them, to pre-fill the case report (病情日报告).</summary>
public sealed record DailyFigures(string Region, DateOnly Day, int NewConfirmed, int NewAsymptomatic, int NewSuspected, int UnderTreatment, int ContactsUnderObservation)
{
    /// <summary>New cases that count (confirmed and asymptomatic; requirements: "Case").</summary>
    public int NewCases => NewConfirmed + NewAsymptomatic;
}

/// <summary>A county that must report on a day, and the response that makes it.</summary>
public sealed record RequiredCounty(Region County, string ResponseRegion, string ResponseRegionName, string ResponseLevel);

/// <summary>A county's reports of one day (by kind) and those it still owes; <see cref="Required"/> is null when no response requires them.</summary>
public sealed record CountyReports(Region County, RequiredCounty? Required, IReadOnlyDictionary<DailyReportKind, DailyReport> Reports, IReadOnlyList<DailyReportKind> Missing);

/// <summary>What a submission did: the report (replaced = it overwrote the day's earlier one), or field errors, or a refusal.</summary>
public sealed record SubmitOutcome(DailyReport? Report, bool Replaced, IDictionary<string, string[]>? Errors, Refusal? Refusal);

/// <summary>
/// The three daily reports (001 §5.2.1: 启动疫情零报告、病情日报告和工作日报告三项报告制度): once a level IV response or higher is in
/// force, every county it covers reports each China day a zero report, a case report and a work report. A later submission of
/// the same report the same day replaces the earlier one; both are in the audit trail.
/// </summary>
public sealed class DailyReportService(AppDbContext db, FactsCache facts, TimeProvider clock)
{
    public const string Clause = "5.2.1";

    /// <summary>The lowest response level that starts the reports (001 §5.2.1: 一般疫情（Ⅳ级）).</summary>
    public const string FromLevel = "IV";

    public const int MaxTextLength = 4000;

    public static readonly DailyReportKind[] Kinds = Enum.GetValues<DailyReportKind>();

    /// <summary>
    /// The counties within the jurisdiction that must report on <paramref name="day"/>: those covered by a response of level IV or
    /// higher in force at any time that day — the response's own county, or every county under a city or province response.
    /// </summary>
    public async Task<List<RequiredCounty>> RequiredAsync(Jurisdiction jurisdiction, DateOnly day, CancellationToken ct)
    {
        var start = ChinaTime.StartOf(day);
        var end = ChinaTime.StartOf(day.AddDays(1));
        var plan = facts.Plan;
        var responses = (await db.Activations.AsNoTracking().Where(a => a.StartedAt < end && (a.EndedAt == null || a.EndedAt > start)).ToListAsync(ct))
            .Where(a => ResponseRules.Compare(plan, a.Level, FromLevel) >= 0)
            .OrderByDescending(a => ResponseRules.Compare(plan, a.Level, FromLevel)).ToList();
        if (responses.Count == 0) return [];
        var counties = await jurisdiction.Regions(db).AsNoTracking().Where(r => r.Level == RegionLevel.County).OrderBy(r => r.Code).ToListAsync(ct);
        var codes = responses.Select(a => a.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var required = new List<RequiredCounty>();
        foreach (var county in counties)
        {
            var response = responses.FirstOrDefault(a => county.Path.Contains($"/{a.RegionCode}/", StringComparison.Ordinal));
            if (response is not null) required.Add(new RequiredCounty(county, response.RegionCode, names.GetValueOrDefault(response.RegionCode, response.RegionCode), response.Level));
        }
        return required;
    }

    /// <summary>The day's figures of a county from the records: new cases by classification, confirmed cases still under treatment, contacts under observation.</summary>
    public async Task<DailyFigures> FiguresAsync(Region county, DateOnly day, CancellationToken ct)
    {
        var start = ChinaTime.StartOf(day);
        var end = ChinaTime.StartOf(day.AddDays(1));
        var path = county.Path;
        var cases = db.Cases.AsNoTracking().Where(c => c.RegionPath.StartsWith(path) && c.Outcome != CaseOutcome.Excluded);
        var reported = await cases.Where(c => c.ReportedAt >= start && c.ReportedAt < end).GroupBy(c => c.Classification)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(Classification classification) => reported.FirstOrDefault(r => r.Key == classification)?.Count ?? 0;
        // Under treatment at the day's end: confirmed by then, with no outcome yet or one recorded only later.
        var underTreatment = await cases.CountAsync(c => c.Classification == Classification.Confirmed && c.ReportedAt < end &&
            (c.Outcome == null || db.CaseEvents.Any(e => e.CaseId == c.Id && e.Kind == "outcome" && e.At >= end)), ct);
        var contacts = await db.Contacts.CountAsync(c => c.RegionPath.StartsWith(path) && c.Status == ContactStatus.UnderObservation
            && c.ObservationEnds >= day && c.CreatedAt < end, ct);
        return new DailyFigures(county.Code, day, Of(Classification.Confirmed), Of(Classification.Asymptomatic), Of(Classification.Suspected), underTreatment, contacts);
    }

    /// <summary>The reports of the counties within the jurisdiction on a day, with what each required county has not submitted.</summary>
    public async Task<List<CountyReports>> ReportsAsync(Jurisdiction jurisdiction, DateOnly day, CancellationToken ct)
    {
        var required = await RequiredAsync(jurisdiction, day, ct);
        var reports = await jurisdiction.Scope(db.DailyReports.AsNoTracking()).Where(r => r.Day == day).ToListAsync(ct);
        var counties = required.Select(r => r.County).ToList();
        var others = reports.Select(r => r.RegionCode).Distinct().Where(code => counties.All(c => c.Code != code)).ToList();
        counties.AddRange(await db.Regions.AsNoTracking().Where(r => others.Contains(r.Code)).ToListAsync(ct));
        return counties.OrderBy(c => c.Code).Select(county =>
        {
            var own = reports.Where(r => r.RegionCode == county.Code).ToDictionary(r => r.Kind);
            var response = required.FirstOrDefault(r => r.County.Code == county.Code);
            var missing = response is null ? [] : Kinds.Where(k => !own.ContainsKey(k)).ToList();
            return new CountyReports(county, response, own, missing);
        }).ToList();
    }

    /// <summary>Submits (or replaces) one report of one county for one day.</summary>
    public async Task<SubmitOutcome> SubmitAsync(NewDailyReport request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = ChinaTime.DayOf(now);
        var errors = new Dictionary<string, string[]>();
        if (!Roles.All.Any(user.IsInRole)) return Refused(Refusal.Forbidden("您没有任何角色，不能提交日报告。"));
        if (string.IsNullOrWhiteSpace(request.Region)) return Refused(Refusal.Rule("region: 请指明报告的旗县市区。"));
        var (access, county) = await jurisdiction.FindRegionAsync(db, request.Region.Trim(), ct);
        if (access == RegionAccess.NotFound) return Refused(Refusal.NotFound($"region: 没有代码为“{request.Region}”的地区。"));
        if (access == RegionAccess.Forbidden) return Refused(Refusal.Forbidden($"region: {request.Region} 不在您的管辖范围内。"));
        if (county!.Level != RegionLevel.County) return Refused(Refusal.Rule($"region: 日报告以旗县市区为单位（001 §5.2.1），“{county.Name}”是{county.Level.ToChinese()}。"));
        // The county's own people report; headquarters above may report for it.
        if (user.RegionCode() != county.Code && !user.IsInRole(Roles.Headquarters))
        {
            return Refused(Refusal.Forbidden($"{county.Name}的日报告由本旗县市区人员或上级指挥部提交。"));
        }

        if (!EnumNames.TryParse<DailyReportKind>(request.Kind, out var kind)) errors["kind"] = [$"“{request.Kind}”不是 zero（疫情零报告）、cases（病情日报告）、work（工作日报告）之一。"];
        var day = request.Day ?? today;
        if (day > today) errors["day"] = [$"{day:yyyy-MM-dd} 尚未到来（今天是 {today:yyyy-MM-dd}）。"];
        foreach (var (field, value) in Numbers(request))
        {
            if (value < 0) errors[field] = [$"不能为负数（{value}）。"];
        }
        var text = request.Text?.Trim() ?? "";
        if (kind == DailyReportKind.Work && text.Length == 0 && !errors.ContainsKey("kind")) errors["text"] = ["工作日报告须写明当日工作情况。"];
        if (text.Length > MaxTextLength) errors["text"] = [$"不能超过 {MaxTextLength} 字（现 {text.Length} 字）。"];
        if (errors.Count > 0) return new SubmitOutcome(null, false, errors, null);

        if ((await RequiredAsync(jurisdiction, day, ct)).All(r => r.County.Code != county.Code))
        {
            return Refused(Refusal.Rule($"{county.Name}在 {day:yyyy-MM-dd} 没有覆盖本地的Ⅳ级及以上应急响应，无需提交日报告（001 §{Clause}）。"));
        }
        var report = new DailyReport
        {
            RegionCode = county.Code, RegionPath = county.Path, Day = day, Kind = kind, NewConfirmed = request.NewConfirmed ?? 0, NewAsymptomatic = request.NewAsymptomatic ?? 0,
            NewSuspected = request.NewSuspected ?? 0, UnderTreatment = request.UnderTreatment ?? 0, ContactsUnderObservation = request.ContactsUnderObservation ?? 0,
            Text = text, SubmittedBy = user.Identity?.Name ?? "?", SubmittedAt = now,
        };
        if (kind == DailyReportKind.Zero && report.NewConfirmed + report.NewAsymptomatic == 0)
        {
            // A zero report says "no new case"; it may not say so when the records show new cases that day.
            var figures = await FiguresAsync(county, day, ct);
            if (figures.NewCases > 0)
            {
                return Refused(Refusal.Rule($"零报告与记录不符：{county.Name} {day:yyyy-MM-dd} 已登记新增病例 {figures.NewCases} 例（确诊 {figures.NewConfirmed} 例、无症状感染者 {figures.NewAsymptomatic} 例），请如实填报新增数。"));
            }
        }

        var existing = await db.DailyReports.FirstOrDefaultAsync(r => r.RegionCode == county.Code && r.Day == day && r.Kind == kind, ct);
        object? before = existing is null ? null : Figures(existing);
        if (existing is null)
        {
            db.DailyReports.Add(report);
        }
        else
        {
            existing.NewConfirmed = report.NewConfirmed;
            existing.NewAsymptomatic = report.NewAsymptomatic;
            existing.NewSuspected = report.NewSuspected;
            existing.UnderTreatment = report.UnderTreatment;
            existing.ContactsUnderObservation = report.ContactsUnderObservation;
            existing.Text = report.Text;
            existing.SubmittedBy = report.SubmittedBy;
            existing.SubmittedAt = report.SubmittedAt;
            report = existing;
        }
        try
        {
            await AuditLog.SaveChangesAsync(db, report.SubmittedBy, now, () =>
                [new AuditRecord(before is null ? "dailyReport.submitted" : "dailyReport.replaced", "dailyReport", report.Id.ToString(),
                    new { region = report.RegionCode, day = report.Day, kind = EnumNames.Of(report.Kind), figures = Figures(report), replaced = before }, report.RegionPath)], ct);
        }
        catch (DbUpdateException)
        {
            // The unique index (county, day, kind): someone submitted the same report at the same moment.
            return Refused(Refusal.Conflict($"{county.Name} {day:yyyy-MM-dd} 的{KindName(kind)}刚刚由他人提交，请刷新后再试。"));
        }
        return new SubmitOutcome(report, before is not null, null, null);
    }

    private static SubmitOutcome Refused(Refusal refusal) => new(null, false, null, refusal);

    private static IEnumerable<(string Field, int Value)> Numbers(NewDailyReport r) =>
    [
        ("newConfirmed", r.NewConfirmed ?? 0), ("newAsymptomatic", r.NewAsymptomatic ?? 0), ("newSuspected", r.NewSuspected ?? 0),
        ("underTreatment", r.UnderTreatment ?? 0), ("contactsUnderObservation", r.ContactsUnderObservation ?? 0),
    ];

    private static object Figures(DailyReport r) => new { r.NewConfirmed, r.NewAsymptomatic, r.NewSuspected, r.UnderTreatment, r.ContactsUnderObservation, r.Text, r.SubmittedBy };

    public static string KindName(DailyReportKind kind) => kind switch
    {
        DailyReportKind.Zero => "疫情零报告",
        DailyReportKind.Cases => "病情日报告",
        _ => "工作日报告",
    };

    public static string KindNameEn(DailyReportKind kind) => kind switch
    {
        DailyReportKind.Zero => "Zero report",
        DailyReportKind.Cases => "Case report",
        _ => "Work report",
    };
}
