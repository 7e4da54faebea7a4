using System.Globalization;
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

/// <summary>A submitted report; <see cref="Replaced"/>: it overwrote the day's earlier one.</summary>
public sealed record SubmittedReport(DailyReport Report, bool Replaced);

/// <summary>
/// The three daily reports (001 §5.2.1: 启动疫情零报告、病情日报告和工作日报告三项报告制度): once a level IV response or higher is in
/// force, every county it covers reports each China day a zero report, a case report and a work report. A later submission of
/// the same report the same day replaces the earlier one; both are in the audit trail.
/// </summary>
public sealed class DailyReportService(AppDbContext db, FactsCache facts, TimeProvider clock)
{
    public const string Clause = "5.2.1";

    /// <summary>The lowest response level that starts the reports: the plan's lowest triggered level (001 §5.2.1: 一般疫情（Ⅳ级）启动…三项报告制度).</summary>
    /// <summary>The earliest day a report may be about or asked for: nothing the platform holds is older.</summary>
    public static readonly DateOnly FirstDay = new(2000, 1, 1);

    /// <summary>The day a request names (default today, China time), within the days the platform can hold.</summary>
    public static Outcome<DateOnly> DayOf(DateOnly? day, TimeProvider clock)
    {
        var today = ChinaTime.Today(clock);
        var on = day ?? today;
        return on < FirstDay || on > today.AddYears(1) ? Problem.Invalid("day", Messages.DayOutOfRange(FirstDay)) : on;
    }

    public static string? FromLevel(EpiCommand.Domain.Plans.Plan plan) => ResponseRules.Triggered(plan) is { Count: > 0 } levels ? levels[0].Level : null;

    public const int MaxTextLength = Limits.ReportCharacters;

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
        if (FromLevel(plan) is not { } from) return [];
        var responses = (await db.Activations.AsNoTracking().Where(a => a.StartedAt < end && (a.EndedAt == null || a.EndedAt > start)).ToListAsync(ct))
            .Where(a => ResponseRules.Compare(plan, a.Level, from) >= 0)
            .OrderByDescending(a => ResponseRules.Compare(plan, a.Level, from)).ToList();
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
    public async Task<Outcome<SubmittedReport>> SubmitAsync(NewDailyReport request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = ChinaTime.DayOf(now);
        if (!Roles.All.Any(user.IsInRole)) return Problem.Forbidden("no-role", Messages.NoRoleToReport);
        var found = await RegionLookup.FindAsync(jurisdiction, db, request.Region, "region", ct);
        if (found.Problem is { } noRegion) return noRegion;
        var county = found.Value!;
        if (county.Level != RegionLevel.County) return Problem.Invalid("region", Messages.ReportsAreByCounty(county));
        // The county's own people report; headquarters above may report for it.
        if (user.RegionCode() != county.Code && !user.IsInRole(Roles.Headquarters)) return Problem.Forbidden("report-not-allowed", Messages.ReportNotAllowed(county.Name));

        var errors = new FieldErrors();
        if (!EnumNames.TryParse<DailyReportKind>(request.Kind, out var kind)) errors.Add("kind", Messages.NotAReportKind(request.Kind));
        var day = request.Day ?? today;
        if (day > today) errors.Add("day", Messages.DayNotYetCome(day, today));
        else if (day < FirstDay) errors.Add("day", Messages.DayOutOfRange(FirstDay));
        foreach (var (field, value) in Numbers(request))
        {
            if (value < 0) errors.Add(field, Messages.Negative(value));
        }
        var text = request.Text?.Trim() ?? "";
        if (kind == DailyReportKind.Work && text.Length == 0 && !errors.Has("kind")) errors.Add("text", Messages.WorkReportNeedsText);
        if (text.Length > MaxTextLength) errors.Add("text", Messages.TextTooLong(MaxTextLength, text.Length));
        else if (TextFields.HasForbidden(text, multiline: true)) errors.Add("text", Messages.ControlCharacters);
        if (errors.Problem is { } invalid) return invalid;

        if ((await RequiredAsync(jurisdiction, day, ct)).All(r => r.County.Code != county.Code))
        {
            return Problem.Rule("no-report-required", Messages.NoReportRequired(county.Name, day, FromLevel(facts.Plan), Clause));
        }
        var report = new DailyReport
        {
            RegionCode = county.Code, RegionPath = county.Path, Day = day, Kind = kind, NewConfirmed = request.NewConfirmed ?? 0, NewAsymptomatic = request.NewAsymptomatic ?? 0,
            NewSuspected = request.NewSuspected ?? 0, UnderTreatment = request.UnderTreatment ?? 0, ContactsUnderObservation = request.ContactsUnderObservation ?? 0,
            Text = text, SubmittedBy = user.UserName(), SubmittedAt = now,
        };
        if (kind == DailyReportKind.Zero && report.NewConfirmed + report.NewAsymptomatic == 0)
        {
            // A zero report says "no new case"; it may not say so when the records show new cases that day.
            var figures = await FiguresAsync(county, day, ct);
            if (figures.NewCases > 0)
            {
                return Problem.Rule("zero-report-contradicts-records", Messages.ZeroReportContradicts(county.Name, day, figures));
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
                [new AuditRecord(before is null ? "dailyReport.submitted" : "dailyReport.replaced", "dailyReport", report.Id.ToString(CultureInfo.InvariantCulture),
                    new { region = report.RegionCode, day = report.Day, kind = EnumNames.Of(report.Kind), figures = Figures(report), replaced = before }, report.RegionPath)], ct);
        }
        catch (DbUpdateException)
        {
            // The unique index (county, day, kind): someone submitted the same report at the same moment.
            return Problem.Conflict("report-submitted-meanwhile", Messages.ReportSubmittedMeanwhile(county.Name, day, kind));
        }
        return new SubmittedReport(report, before is not null);
    }

    private static IEnumerable<(string Field, int Value)> Numbers(NewDailyReport r) =>
    [
        ("newConfirmed", r.NewConfirmed ?? 0), ("newAsymptomatic", r.NewAsymptomatic ?? 0), ("newSuspected", r.NewSuspected ?? 0),
        ("underTreatment", r.UnderTreatment ?? 0), ("contactsUnderObservation", r.ContactsUnderObservation ?? 0),
    ];

    private static object Figures(DailyReport r) => new { r.NewConfirmed, r.NewAsymptomatic, r.NewSuspected, r.UnderTreatment, r.ContactsUnderObservation, r.Text, r.SubmittedBy };

    public static string KindName(DailyReportKind kind) => Messages.ReportKind(kind).Zh;
}
