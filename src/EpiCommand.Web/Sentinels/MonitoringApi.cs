using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Sentinels;

/// <summary>A sentinel hospital's week: <see cref="Percent"/> ILI visits per 100 visits, <see cref="AboveThreshold"/> against <see cref="Threshold"/>.</summary>
public sealed record IliReportDto(long Id, int Hospital, string HospitalName, string Region, string Week, DateOnly WeekStart, int IliVisits, int Visits, double Percent,
    double Threshold, bool AboveThreshold, string ReportedBy, DateTimeOffset ReportedAt);

/// <summary>The jurisdiction's ILI of a week over the sentinel hospitals that reported it.</summary>
public sealed record IliWeekDto(string Week, DateOnly WeekStart, int Hospitals, int IliVisits, int Visits, double Percent, double Threshold);

/// <summary>
/// An unexplained pneumonia report: <see cref="Status"/> <c>open</c>, <c>overdue</c> (open past <see cref="DueAt"/>) or <c>closed</c>;
/// once closed, its <see cref="Outcome"/> (excluded, covid with <see cref="CaseId"/>, otherDiagnosis with <see cref="Diagnosis"/>), the
/// day concluded and who closed it.
/// </summary>
public sealed record PneumoniaReportDto(long Id, int Hospital, string HospitalName, string Region, string PatientRecord, DateOnly Onset, string Findings, string ReportedBy,
    DateTimeOffset ReportedAt, string Status, DateTimeOffset DueAt, string? Outcome, string? CaseId, string? Diagnosis, DateOnly? ConcludedOn, string? ClosedBy,
    DateTimeOffset? ClosedAt, int Version);

/// <summary>A sentinel hospital that has not reported the week.</summary>
public sealed record MissingSentinelDto(int Id, string Name, string Region);

/// <summary>Influenza-like illness and unexplained pneumonia monitoring over HTTP (001 §5.1.4; 004 §七(三)).</summary>
public static class MonitoringApi
{
    /// <summary>The weeks the trend shows (the platform's weekly summary, not a list: bounded).</summary>
    public const int TrendWeeks = 12;

    public static WebApplicationBuilder AddMonitoring(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section);
        builder.Services.AddScoped<MonitoringService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMonitoring(this IEndpointRouteBuilder app)
    {
        var ili = app.MapGroup("/api/ili").WithTags("Influenza-like illness").RequireJurisdiction().WithRefusals();
        ili.MapGet("/", async (HttpContext http, AppDbContext db, MonitoringService service, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<IliReport, NoStatus>(jurisdiction, db, Weeks, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await ListAsync(jurisdiction, db, service.Threshold, list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<IliReportDto>>()
            .WithName("ListIliReports").WithSummary("Sentinel hospitals' weekly ILI reports, newest week first, a page at a time; region, from/to (report time)");
        ili.MapGet("/weeks", async (HttpContext http, AppDbContext db, MonitoringService service, TimeProvider clock, string? region, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var path = await jurisdiction.RegionFilterAsync(db, region, ct);
                if (path.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await TrendAsync(jurisdiction, db, service.Threshold, path.Value!, Domain.Time.ChinaTime.DayOf(clock.GetUtcNow()), ct));
            })
            .Produces<IReadOnlyList<IliWeekDto>>()
            .WithName("IliTrend").WithSummary("ILI% of the jurisdiction (or region) per ISO week over the reporting hospitals, the last 12 weeks, with the alert threshold");
        ili.MapPost("/", async (NewIliReport request, HttpContext http, MonitoringService service, AppDbContext db, CancellationToken ct) =>
            {
                var outcome = await service.ReportIliAsync(request, http.User, http.Jurisdiction(), ct);
                if (outcome.Problem is { } problem) return problem.ToHttp();
                return TypedResults.Ok((await IliDtosAsync(db, service.Threshold, [outcome.Value!], ct))[0]);
            })
            .Produces<IliReportDto>().WithName("ReportIli").WithSummary("A sentinel hospital's week (hospital, week 2026-W48, iliVisits, visits); a later report of the week replaces it; above the threshold HQ and CDC are notified");
        ili.MapGet("/missing", async (HttpContext http, AppDbContext db, TimeProvider clock, string? region, string? week, string? after, string? limit, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var errors = new FieldErrors();
                var path = await jurisdiction.RegionFilterAsync(db, region, ct);
                if (path.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden.ToHttp();
                errors.Add(path.Problem);
                var monday = MonitoringService.MondayOf(Domain.Time.ChinaTime.DayOf(clock.GetUtcNow()));
                if (!string.IsNullOrWhiteSpace(week))
                {
                    if (MonitoringService.ParseWeek(week) is { } asked) monday = asked;
                    else errors.Add("week", Messages.IsoWeekFormat(week));
                }
                var page = Paging.Parse(errors, Readiness.RegistryService.HospitalsByName, after, limit);
                if (errors.Problem is { } invalid) return invalid.ToHttp();
                return TypedResults.Ok(await MissingAsync(jurisdiction, db, path.Value!, monday, page, ct));
            })
            .Produces<Page<MissingSentinelDto>>()
            .WithName("MissingIliSentinels").WithSummary("Sentinel hospitals that have not reported the week (default this week; week=2026-W48), by name, a page at a time; region");

        var pneumonia = app.MapGroup("/api/pneumonia").WithTags("Unexplained pneumonia").RequireJurisdiction().WithRefusals();
        pneumonia.MapGet("/", async (HttpContext http, AppDbContext db, MonitoringService service, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<PneumoniaReport, NoStatus>(jurisdiction, db, Newest, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await PneumoniaAsync(jurisdiction, db, service, list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<PneumoniaReportDto>>()
            .WithName("ListPneumoniaReports").WithSummary("Unexplained pneumonia reports, newest first, a page at a time; region, from/to, q: record number prefix");
        pneumonia.MapPost("/", async (NewPneumoniaReport request, HttpContext http, MonitoringService service, AppDbContext db, CancellationToken ct) =>
            {
                var outcome = await service.ReportPneumoniaAsync(request, http.User, http.Jurisdiction(), ct);
                if (outcome.Problem is { } problem) return problem.ToHttp();
                var dto = (await PneumoniaDtosAsync(db, service, [outcome.Value!], ct))[0];
                return TypedResults.Created($"/api/pneumonia/{dto.Id}", dto);
            })
            .Produces<PneumoniaReportDto>(StatusCodes.Status201Created).WithName("ReportPneumonia").WithSummary("An unexplained pneumonia (hospital, patientRecord, onset, findings); HQ and CDC of the county are notified");
        pneumonia.MapPost("/{id:long}/close", async (long id, PneumoniaClosing request, HttpContext http, MonitoringService service, AppDbContext db, CancellationToken ct) =>
            {
                var outcome = await service.ClosePneumoniaAsync(id, request, http.User, http.Jurisdiction(), ct);
                if (outcome.Problem is { } problem) return problem.ToHttp();
                return TypedResults.Ok((await PneumoniaDtosAsync(db, service, [outcome.Value!], ct))[0]);
            })
            .Produces<PneumoniaReportDto>().WithName("ClosePneumonia")
            .WithSummary("Close an unexplained pneumonia with its outcome (excluded, covid + caseId, otherDiagnosis + diagnosis) and concludedOn; version from the last read (409 when closed or changed meanwhile)");
        return app;
    }

    public static readonly Keyset<IliReport> Weeks = Keyset<IliReport>.By(r => r.WeekStart, r => r.Id, descending: true);
    public static readonly ListShape<IliReport, NoStatus> IliShape = new(null, r => r.ReportedAt);
    public static readonly Keyset<PneumoniaReport> Newest = Keyset<PneumoniaReport>.By(r => r.ReportedAt, r => r.Id, descending: true);
    public static readonly ListShape<PneumoniaReport, NoStatus> PneumoniaShape = new(null, r => r.ReportedAt, r => r.PatientRecord);

    public static Task<Page<IliReportDto>> ListAsync(Jurisdiction jurisdiction, AppDbContext db, double threshold, ListFilter<NoStatus> filter, PageRequest page, CancellationToken ct) =>
        Weeks.PageAsync(IliShape.Apply(db.IliReports.AsNoTracking(), jurisdiction, filter), page, (rows, token) => IliDtosAsync(db, threshold, rows, token), ct);

    public static Task<Page<PneumoniaReportDto>> PneumoniaAsync(Jurisdiction jurisdiction, AppDbContext db, MonitoringService service, ListFilter<NoStatus> filter, PageRequest page, CancellationToken ct) =>
        Newest.PageAsync(PneumoniaShape.Apply(db.PneumoniaReports.AsNoTracking(), jurisdiction, filter), page, (rows, token) => PneumoniaDtosAsync(db, service, rows, token), ct);

    /// <summary>The sentinel hospitals of the region path with no report for the week of <paramref name="monday"/>, by name (001 §5.1.4; 004 §七(三)).</summary>
    public static Task<Page<MissingSentinelDto>> MissingAsync(Jurisdiction jurisdiction, AppDbContext db, string path, DateOnly monday, PageRequest page, CancellationToken ct)
    {
        var query = jurisdiction.Scope(db.Hospitals.AsNoTracking())
            .Where(h => h.IliSentinel && h.RegionPath.StartsWith(path) && !db.IliReports.Any(r => r.HospitalId == h.Id && r.WeekStart == monday));
        return Readiness.RegistryService.HospitalsByName.PageAsync(query, page, h => new MissingSentinelDto(h.Id, h.Name, h.RegionCode), ct);
    }

    /// <summary>The last <see cref="TrendWeeks"/> weeks of the region path: ILI visits over all visits of the hospitals that reported, oldest first.</summary>
    public static async Task<IReadOnlyList<IliWeekDto>> TrendAsync(Jurisdiction jurisdiction, AppDbContext db, double threshold, string path, DateOnly today, CancellationToken ct)
    {
        var since = MonitoringService.MondayOf(today).AddDays(-7 * (TrendWeeks - 1));
        // Over the sentinel hospitals only (001 §5.1.4): a hospital taken off the sentinel list no longer counts.
        var rows = await jurisdiction.Scope(db.IliReports.AsNoTracking()).Where(r => r.RegionPath.StartsWith(path) && r.WeekStart >= since)
            .Where(r => db.Hospitals.Any(h => h.Id == r.HospitalId && h.IliSentinel))
            .GroupBy(r => r.WeekStart).Select(g => new { Week = g.Key, Hospitals = g.Count(), Ili = g.Sum(r => r.IliVisits), Visits = g.Sum(r => r.Visits) }).ToListAsync(ct);
        return rows.OrderBy(r => r.Week).Select(r => new IliWeekDto(MonitoringService.WeekName(r.Week), r.Week, r.Hospitals, r.Ili, r.Visits, MonitoringService.Percent(r.Ili, r.Visits), threshold)).ToList();
    }

    private static async Task<IReadOnlyList<IliReportDto>> IliDtosAsync(AppDbContext db, double threshold, IReadOnlyList<IliReport> rows, CancellationToken ct)
    {
        var names = await HospitalNamesAsync(db, rows.Select(r => r.HospitalId), ct);
        return rows.Select(r => new IliReportDto(r.Id, r.HospitalId, names.GetValueOrDefault(r.HospitalId, ""), r.RegionCode, MonitoringService.WeekName(r.WeekStart), r.WeekStart,
            r.IliVisits, r.Visits, MonitoringService.Percent(r.IliVisits, r.Visits), threshold, r.AboveThreshold, r.ReportedBy, r.ReportedAt)).ToList();
    }

    private static async Task<IReadOnlyList<PneumoniaReportDto>> PneumoniaDtosAsync(AppDbContext db, MonitoringService service, IReadOnlyList<PneumoniaReport> rows, CancellationToken ct)
    {
        var names = await HospitalNamesAsync(db, rows.Select(r => r.HospitalId), ct);
        var now = service.Now;
        return rows.Select(r =>
        {
            var due = service.DueAt(r.ReportedAt);
            var status = r.Outcome is not null ? "closed" : now > due ? "overdue" : "open";
            return new PneumoniaReportDto(r.Id, r.HospitalId, names.GetValueOrDefault(r.HospitalId, ""), r.RegionCode, r.PatientRecord, r.Onset, r.Findings, r.ReportedBy,
                r.ReportedAt, status, due, r.Outcome is { } o ? EnumNames.Of(o) : null, r.CaseId, r.Diagnosis, r.ConcludedOn, r.ClosedBy, r.ClosedAt, r.Version);
        }).ToList();
    }

    private static async Task<Dictionary<int, string>> HospitalNamesAsync(AppDbContext db, IEnumerable<int> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Hospitals.AsNoTracking().Where(h => list.Contains(h.Id)).ToDictionaryAsync(h => h.Id, h => h.Name, ct);
    }
}
