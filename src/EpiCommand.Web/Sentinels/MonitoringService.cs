using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Readiness;
using EpiCommand.Data.Response;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Sentinels;

/// <summary>
/// The alert threshold of influenza-like illness (configuration section "Monitoring"). The plans ask for ILI monitoring and
/// early warning (001 §5.1.4 加强流感样病例…的监测、分析和预警; 004 §七(三)) but name no number, so the CDC sets it here.
/// </summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    /// <summary>A sentinel hospital's weekly ILI% (ILI visits per 100 outpatient and emergency visits) above which HQ and CDC are alerted.</summary>
    public double IliAlertPercent { get; set; } = 5.0;

    /// <summary>
    /// Hours within which an unexplained pneumonia report should be closed with its outcome; an open report older than this is
    /// overdue. The plans give unexplained pneumonia no deadline of its own: the default is the investigation clock of 001 §4.3
    /// (疾控机构在接到报告后应立即调查核实，并于24小时内完成…流行病学调查; also §5.2.4), applied to it by analogy.
    /// </summary>
    public int PneumoniaCloseHours { get; set; } = 24;
}

/// <summary>A sentinel hospital's ILI count of an ISO week (<c>2026-W48</c>): ILI visits and all outpatient and emergency visits.</summary>
public sealed record NewIliReport(int? Hospital, string? Week, int? IliVisits, int? Visits);

/// <summary>An unexplained pneumonia: the hospital, the patient's record number there (no name), onset day, the findings.</summary>
public sealed record NewPneumoniaReport(int? Hospital, string? PatientRecord, DateOnly? Onset, string? Findings);

/// <summary>
/// Closing an unexplained pneumonia: <see cref="Outcome"/> <c>excluded</c> (排除新冠), <c>covid</c> (确诊新冠病例, with the registered
/// <see cref="CaseId"/>) or <c>otherDiagnosis</c> (其他诊断, with the <see cref="Diagnosis"/>); the day it was concluded; the version read.
/// </summary>
public sealed record PneumoniaClosing(int? Version, string? Outcome, string? CaseId, string? Diagnosis, DateOnly? ConcludedOn);

/// <summary>
/// Influenza-like illness and unexplained pneumonia monitoring (requirements B6; 001 §5.1.4; 004 §七(三)), beside the sentinel
/// reports of clinics and pharmacies: sentinel hospitals (of the hospital register) report each ISO week their ILI visits among
/// all visits; a week above <see cref="MonitoringOptions.IliAlertPercent"/> notifies the headquarters and the CDC of the
/// hospital's county. Hospitals report unexplained pneumonia, each notified to the same.
/// </summary>
public sealed partial class MonitoringService(AppDbContext db, TimeProvider clock, Notifier notifier, IOptions<MonitoringOptions> options)
{
    private const int MaxVisits = 1_000_000;
    private const int MaxRecord = 50;

    public double Threshold => options.Value.IliAlertPercent;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The hospitals' and CDC's staff (investigators) and headquarters report.</summary>
    public static bool MayReport(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Investigator);

    /// <summary>ILI visits per 100 visits, to two decimals.</summary>
    public static double Percent(int ili, int visits) => visits == 0 ? 0 : Math.Round(100.0 * ili / visits, 2);

    public static string WeekName(DateOnly monday) =>
        $"{ISOWeek.GetYear(monday.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue)):00}";

    /// <summary>The Monday of an ISO week written <c>2026-W48</c>; null when it is not one.</summary>
    public static DateOnly? ParseWeek(string? text)
    {
        if (text is null || WeekPattern().Match(text.Trim()) is not { Success: true } match) return null;
        var (year, week) = (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        if (year < 2000 || week < 1 || week > ISOWeek.GetWeeksInYear(year)) return null;
        return DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
    }

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$")]
    private static partial Regex WeekPattern();

    /// <summary>The Monday of the China week holding <paramref name="day"/>.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>
    /// A week's ILI count; a second report of the week replaces the first. On crossing the threshold (not above before) the
    /// headquarters and the CDC of the hospital's county are notified (001 §5.1.4 预警).
    /// </summary>
    public async Task<Outcome<IliReport>> ReportIliAsync(NewIliReport request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayReport(user)) return Problem.Forbidden("monitoring-not-allowed", Messages.MonitoringNotAllowed);
        var errors = new FieldErrors();
        var hospital = await HospitalAsync(request.Hospital, jurisdiction, errors, ct);
        if (hospital.Problem is { } forbidden) return forbidden;
        // 001 §5.1.4; 004 §七(三): weekly ILI is the sentinel hospitals' report.
        if (hospital.Value is { IliSentinel: false } notSentinel) errors.Add("hospital", Messages.NotIliSentinel(notSentinel.Name));
        var now = clock.GetUtcNow();
        var week = ParseWeek(request.Week);
        if (request.Week is null) errors.Add("week", Messages.Required(new("周次", "the week")));
        else if (week is null) errors.Add("week", Messages.IsoWeekFormat(request.Week));
        else if (week > ChinaTime.DayOf(now)) errors.Add("week", Messages.WeekInFuture);
        if (request.Visits is null or < 1 or > MaxVisits) errors.Add("visits", Messages.CountRange(1, MaxVisits));
        if (request.IliVisits is null or < 0 or > MaxVisits) errors.Add("iliVisits", Messages.CountRange(0, MaxVisits));
        else if (request.Visits is { } all && request.IliVisits > all) errors.Add("iliVisits", Messages.IliExceedsVisits);
        if (errors.Problem is { } invalid) return invalid;

        var h = hospital.Value!;
        var monday = week!.Value;
        var report = await db.IliReports.FirstOrDefaultAsync(r => r.HospitalId == h.Id && r.WeekStart == monday, ct);
        var replaced = report is not null;
        var wasAbove = report?.AboveThreshold ?? false;
        if (report is null)
        {
            report = new IliReport { HospitalId = h.Id, RegionCode = h.RegionCode, RegionPath = h.RegionPath, WeekStart = monday, ReportedBy = user.UserName() };
            db.IliReports.Add(report);
        }
        var percent = Percent(request.IliVisits!.Value, request.Visits!.Value);
        (report.IliVisits, report.Visits, report.AboveThreshold, report.ReportedBy, report.ReportedAt) =
            (request.IliVisits!.Value, request.Visits!.Value, percent > Threshold, user.UserName(), now);
        IReadOnlyList<Message> messages = [];
        if (report.AboveThreshold && !wasAbove)
        {
            var name = WeekName(monday);
            messages = await ToCountyAsync(h, now, $"流感样病例超过预警线：{h.Name} {name}",
                $"ILI% {percent:0.##}%（{report.IliVisits}/{report.Visits}），高于预警线 {Threshold:0.##}%（001 §5.1.4）。请疾控机构核实，必要时开展流感样病例暴发调查（004 §七(三)）。", "/monitoring");
        }
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [new AuditRecord("ili.reported", "ili", report.Id.ToString(CultureInfo.InvariantCulture), new { hospital = h.Name, week = WeekName(monday), report.IliVisits, report.Visits, percent, report.AboveThreshold, replaced }, report.RegionPath)], ct);
        }
        catch (DbUpdateException)
        {
            return Problem.Conflict("ili-reported", Messages.IliReportedMeanwhile(WeekName(monday)));
        }
        await notifier.SendAsync(db, messages, ct);
        return report;
    }

    /// <summary>An unexplained pneumonia; the headquarters and the CDC of the hospital's county are notified (004 §七(三) 监测预警和报告).</summary>
    public async Task<Outcome<PneumoniaReport>> ReportPneumoniaAsync(NewPneumoniaReport request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayReport(user)) return Problem.Forbidden("monitoring-not-allowed", Messages.MonitoringNotAllowed);
        var errors = new FieldErrors();
        var hospital = await HospitalAsync(request.Hospital, jurisdiction, errors, ct);
        if (hospital.Problem is { } forbidden) return forbidden;
        var record = errors.Text("patientRecord", request.PatientRecord, MaxRecord, Messages.Required(new("病历号", "the patient's record number")));
        var findings = errors.Text("findings", request.Findings, Limits.NoteCharacters, Messages.Required(new("临床表现和影像学所见", "the clinical and imaging findings")), multiline: true);
        var now = clock.GetUtcNow();
        if (request.Onset is null) errors.Add("onset", Messages.Required(new("发病日期", "the onset day")));
        else if (request.Onset > ChinaTime.DayOf(now)) errors.Add("onset", Messages.InFuture);
        if (errors.Problem is { } invalid) return invalid;

        var h = hospital.Value!;
        var report = new PneumoniaReport
        {
            HospitalId = h.Id, RegionCode = h.RegionCode, RegionPath = h.RegionPath, PatientRecord = record!, Onset = request.Onset!.Value, Findings = findings!,
            ReportedBy = user.UserName(), ReportedAt = now,
        };
        db.PneumoniaReports.Add(report);
        var messages = await ToCountyAsync(h, now, $"不明原因肺炎报告：{h.Name}",
            $"病历号 {report.PatientRecord}，发病 {report.Onset:yyyy-MM-dd}。{report.Findings}（001 §5.1.4；004 §七(三)）", "/monitoring");
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
            [new AuditRecord("pneumonia.reported", "pneumonia", report.Id.ToString(CultureInfo.InvariantCulture), new { hospital = h.Name, report.PatientRecord, report.Onset }, report.RegionPath)], ct);
        await notifier.SendAsync(db, messages, ct);
        return report;
    }

    /// <summary>When an open report falls overdue: <see cref="MonitoringOptions.PneumoniaCloseHours"/> after it was reported.</summary>
    public DateTimeOffset DueAt(DateTimeOffset reportedAt) => reportedAt.AddHours(options.Value.PneumoniaCloseHours);

    /// <summary>
    /// Closes an unexplained pneumonia with its outcome (001 §5.1.4 监测、分析和预警: the report is followed to a conclusion): COVID-19
    /// excluded, a confirmed case of the case register (of the jurisdiction), or another diagnosis. Those who report close
    /// (headquarters and the CDC); once closed it stays closed, and a close naming an older version is 409.
    /// </summary>
    public async Task<Outcome<PneumoniaReport>> ClosePneumoniaAsync(long id, PneumoniaClosing request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayReport(user)) return Problem.Forbidden("monitoring-not-allowed", Messages.MonitoringNotAllowed);
        var report = await jurisdiction.Scope(db.PneumoniaReports).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null) return Problem.NotFound("no-such-pneumonia", Messages.NoSuchPneumonia(id));
        if (report.Outcome is not null) return Problem.Conflict("pneumonia-closed", Messages.PneumoniaClosed(id, report.ClosedBy ?? ""));
        if (request.Version is { } seen && seen != report.Version) return Problem.Conflict("pneumonia-changed", Messages.PneumoniaChanged(id));

        var errors = new FieldErrors();
        PneumoniaOutcome? outcome = null;
        if (string.IsNullOrWhiteSpace(request.Outcome)) errors.Add("outcome", Messages.Required(new("结案结论", "the outcome")));
        else if (ParseOutcome(request.Outcome) is { } parsed) outcome = parsed;
        else errors.Add("outcome", Messages.PneumoniaOutcomeUnknown(request.Outcome.Trim()));
        var caseId = request.CaseId?.Trim() is { Length: > 0 } text ? text : null;
        var diagnosis = errors.Text("diagnosis", request.Diagnosis, Limits.NoteCharacters, outcome == PneumoniaOutcome.OtherDiagnosis ? Messages.Required(new("诊断", "the diagnosis")) : null, multiline: true);
        if (outcome == PneumoniaOutcome.Covid)
        {
            if (caseId is null) errors.Add("caseId", Messages.Required(new("病例编号", "the case id")));
            else if (await jurisdiction.Scope(db.Cases.AsNoTracking()).Where(c => c.Id == caseId).Select(c => (Domain.Scenarios.Classification?)c.Classification).FirstOrDefaultAsync(ct) is not { } classification)
                errors.Add("caseId", Messages.NoSuchCaseToLink(caseId));
            else if (classification != Domain.Scenarios.Classification.Confirmed) errors.Add("caseId", Messages.CaseNotConfirmed(caseId));
        }
        else if (caseId is not null && outcome is not null) errors.Add("caseId", Messages.CaseOnlyForCovid);
        var now = clock.GetUtcNow();
        if (request.ConcludedOn is null) errors.Add("concludedOn", Messages.Required(new("结案日期", "the day concluded")));
        else if (request.ConcludedOn > ChinaTime.DayOf(now)) errors.Add("concludedOn", Messages.InFuture);
        else if (request.ConcludedOn < report.Onset) errors.Add("concludedOn", Messages.ConcludedBeforeOnset);
        if (errors.Problem is { } invalid) return invalid;

        (report.Outcome, report.CaseId, report.Diagnosis, report.ConcludedOn, report.ClosedBy, report.ClosedAt) =
            (outcome, outcome == PneumoniaOutcome.Covid ? caseId : null, diagnosis, request.ConcludedOn, user.UserName(), now);
        report.Version++;
        var overdue = now > DueAt(report.ReportedAt);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [new AuditRecord("pneumonia.closed", "pneumonia", report.Id.ToString(CultureInfo.InvariantCulture),
                    new { outcome = EnumNames.Of(outcome!.Value), report.CaseId, report.Diagnosis, report.ConcludedOn, overdue }, report.RegionPath)], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Conflict("pneumonia-changed", Messages.PneumoniaChanged(id));
        }
        return report;
    }

    /// <summary>The outcome by its code or its Chinese word.</summary>
    public static PneumoniaOutcome? ParseOutcome(string text) => text.Trim() switch
    {
        "excluded" or "排除新冠" => PneumoniaOutcome.Excluded,
        "covid" or "确诊新冠病例" or "确诊新冠" => PneumoniaOutcome.Covid,
        "otherDiagnosis" or "其他诊断" => PneumoniaOutcome.OtherDiagnosis,
        _ => null,
    };

    public static Text OutcomeLabel(PneumoniaOutcome outcome) => outcome switch
    {
        PneumoniaOutcome.Excluded => new("排除新冠", "COVID-19 excluded"),
        PneumoniaOutcome.Covid => new("确诊新冠病例", "Confirmed COVID-19 case"),
        _ => new("其他诊断", "Another diagnosis"),
    };

    /// <summary>A hospital of the register: 403 when it lies outside the jurisdiction, a field error when there is none.</summary>
    private async Task<Outcome<Hospital>> HospitalAsync(int? id, Jurisdiction jurisdiction, FieldErrors errors, CancellationToken ct)
    {
        if (id is null)
        {
            errors.Add("hospital", Messages.Required(new("哨点医院", "the sentinel hospital")));
            return default;
        }
        var hospital = await db.Hospitals.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, ct);
        if (hospital is null)
        {
            errors.Add("hospital", Messages.NoSuchHospital(id.Value));
            return default;
        }
        if (!jurisdiction.Covers(hospital)) return Problem.Forbidden("hospital-outside-jurisdiction", Messages.HospitalOutsideJurisdiction);
        return hospital;
    }

    /// <summary>Messages to the headquarters and to the CDC (investigators) of the hospital's county, saved with the change.</summary>
    private async Task<IReadOnlyList<Message>> ToCountyAsync(Hospital hospital, DateTimeOffset now, string title, string body, string link)
    {
        var codes = hospital.RegionPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var county = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code) && r.Level == RegionLevel.County).FirstOrDefaultAsync()
            ?? await db.Regions.AsNoTracking().FirstAsync(r => r.Code == hospital.RegionCode);
        return Notifier.Add(db, now, [new Message(county.Code, county.Path, title, body, link, Role: Roles.Headquarters), new Message(county.Code, county.Path, title, body, link, Role: Roles.Investigator)]);
    }
}
