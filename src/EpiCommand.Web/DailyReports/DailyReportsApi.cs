using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.DailyReports;

public sealed record DailyReportDto(
    long Id, string Region, DateOnly Day, string Kind, int NewConfirmed, int NewAsymptomatic, int NewSuspected, int UnderTreatment, int ContactsUnderObservation,
    string Text, string SubmittedBy, DateTimeOffset SubmittedAt);

public sealed record SubmittedDailyReport(DailyReportDto Report, bool Replaced);

public sealed record MissingCountyDto(string Region, string Name, string ResponseRegion, string ResponseRegionName, string ResponseLevel, IReadOnlyList<string> Missing);

/// <summary>The day, how many counties must report on it, and those that have not submitted everything.</summary>
public sealed record MissingDto(DateOnly Day, int Required, IReadOnlyList<MissingCountyDto> Counties);

/// <summary>The three daily reports (I3, E2; 001 §5.2.1): submit, read, who has not reported, the city's report as .xlsx.</summary>
public static class DailyReportsApi
{
    public static WebApplicationBuilder AddDailyReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DailyReportService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDailyReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/daily-reports").WithTags("Daily reports").RequireJurisdiction();
        reports.MapGet("/", List).Produces<Page<DailyReportDto>>().WithName("ListDailyReports")
            .WithSummary("The reports submitted within the jurisdiction on a day (default today, China time), by county, a page at a time; region, status: the kind (zero, cases, work), submitted from/to");
        reports.MapPost("/", Submit).WithName("SubmitDailyReport")
            .WithSummary("Submit a county's zero, case or work report for a day (default today); a later one the same day replaces it. The county's people or headquarters above");
        reports.MapGet("/figures", Figures).WithName("DailyFigures").WithSummary("A county's figures of a day from the records, to pre-fill the case report");
        reports.MapGet("/missing", Missing).WithName("MissingDailyReports").WithSummary("Which counties required to report on a day have not submitted which report; headquarters only");
        reports.MapGet("/report.docx", Document).WithName("DailyReportDocument")
            .WithSummary("The jurisdiction's daily report as an official document (.docx): totals, each county's figures and work, who has not reported; headquarters only");
        reports.MapGet("/export.xlsx", Export).WithName("ExportDailyReport").WithSummary("The jurisdiction's daily report as an .xlsx: one row per county, a totals row; headquarters only");
        return app;
    }

    public static DailyReportDto ToDto(DailyReport r) => new(
        r.Id, r.RegionCode, r.Day, EnumNames.Of(r.Kind), r.NewConfirmed, r.NewAsymptomatic, r.NewSuspected, r.UnderTreatment, r.ContactsUnderObservation, r.Text, r.SubmittedBy, r.SubmittedAt);

    /// <summary>A day's reports by county, ties by id (issue 12 §1: a page at a time; a country has thousands of counties).</summary>
    public static readonly Keyset<DailyReport> ByCounty = Keyset<DailyReport>.By(r => r.RegionCode, r => r.Id);

    public static readonly ListShape<DailyReport, DailyReportKind> Shape = new(r => r.Kind, r => r.SubmittedAt);

    private static async Task<IResult> List(HttpContext http, AppDbContext db, TimeProvider clock, DateOnly? day, [AsParameters] ListQuery query, CancellationToken ct)
    {
        if (DailyReportService.DayOf(day, clock) is { Problem: { } invalid }) return invalid.ToHttp();
        var on = day ?? ChinaTime.Today(clock);
        var jurisdiction = http.Jurisdiction();
        var list = await query.FilterAsync<DailyReport, DailyReportKind>(jurisdiction, db, ByCounty, ct);
        if (list.Problem is { } refused) return refused.ToHttp();
        var kept = Shape.Apply(db.DailyReports.AsNoTracking(), jurisdiction, list.Value.Filter).Where(r => r.Day == on);
        return TypedResults.Ok(await ByCounty.PageAsync(kept, list.Value.Page, ToDto, ct));
    }

    private static async Task<IResult> Submit(NewDailyReport request, HttpContext http, DailyReportService service, CancellationToken ct)
    {
        var outcome = await service.SubmitAsync(request, http.User, http.Jurisdiction(), ct);
        return outcome.ToHttp(s => new SubmittedDailyReport(ToDto(s.Report), s.Replaced));
    }

    private static async Task<IResult> Figures(HttpContext http, AppDbContext db, DailyReportService service, TimeProvider clock, string? region, DateOnly? day, CancellationToken ct)
    {
        var found = await RegionLookup.FindAsync(http.Jurisdiction(), db, region, "region", ct);
        if (found.Problem is { } problem) return problem.ToHttp();
        var county = found.Value!;
        if (county.Level != RegionLevel.County) return Problem.Invalid("region", Messages.NotACounty(county)).ToHttp();
        if (DailyReportService.DayOf(day, clock) is { Problem: { } invalid }) return invalid.ToHttp();
        return TypedResults.Ok(await service.FiguresAsync(county, day ?? ChinaTime.Today(clock), ct));
    }

    private static async Task<IResult> Missing(HttpContext http, DailyReportService service, TimeProvider clock, DateOnly? day, CancellationToken ct)
    {
        if (!http.User.IsInRole(Roles.Headquarters)) return Problem.Forbidden("headquarters-only", Messages.HeadquartersOnly(new("查看未报情况", "see which reports are missing"))).ToHttp();
        if (DailyReportService.DayOf(day, clock) is { Problem: { } invalid }) return invalid.ToHttp();
        var on = day ?? ChinaTime.Today(clock);
        var counties = await service.ReportsAsync(http.Jurisdiction(), on, ct);
        var required = counties.Where(c => c.Required is not null).ToList();
        return TypedResults.Ok(new MissingDto(on, required.Count, required.Where(c => c.Missing.Count > 0)
            .Select(c => new MissingCountyDto(c.County.Code, c.County.Name, c.Required!.ResponseRegion, c.Required.ResponseRegionName, c.Required.ResponseLevel, c.Missing.Select(k => EnumNames.Of(k)).ToList()))
            .ToList()));
    }

    private static Task<IResult> Export(HttpContext http, AppDbContext db, DailyReportService service, TimeProvider clock, DateOnly? day, CancellationToken ct) =>
        DownloadAsync(http, db, service, clock, day, (region, on, rows) => Task.FromResult(
            (DailyReportSheet.Build($"{on:yyyy-MM-dd}", rows), DailyReportSheet.ContentType, "xlsx")), ct);

    private static Task<IResult> Document(HttpContext http, AppDbContext db, DailyReportService service, TimeProvider clock, DateOnly? day, CancellationToken ct) =>
        DownloadAsync(http, db, service, clock, day, async (region, on, rows) =>
            (await DailyReportDocument.BuildAsync(db, region, on, rows, ct), Documents.OfficialDocument.ContentType, "docx"), ct);

    /// <summary>The day's report of the jurisdiction as a file (headquarters only): the same rows, written by <paramref name="write"/>.</summary>
    private static async Task<IResult> DownloadAsync(HttpContext http, AppDbContext db, DailyReportService service, TimeProvider clock, DateOnly? day,
        Func<string, DateOnly, List<DailySheetRow>, Task<(byte[] Bytes, string ContentType, string Extension)>> write, CancellationToken ct)
    {
        if (!http.User.IsInRole(Roles.Headquarters)) return Problem.Forbidden("headquarters-only", Messages.HeadquartersOnly(new("导出日报", "export the daily reports"))).ToHttp();
        if (DailyReportService.DayOf(day, clock) is { Problem: { } invalid }) return invalid.ToHttp();
        var jurisdiction = http.Jurisdiction();
        var on = day ?? ChinaTime.Today(clock);
        var rows = SheetRows(await service.ReportsAsync(jurisdiction, on, ct));
        var name = await db.Regions.Where(r => r.Code == jurisdiction.RegionCode).Select(r => r.Name).FirstAsync(ct);
        var (bytes, contentType, extension) = await write(jurisdiction.RegionCode, on, rows);
        return TypedResults.File(bytes, contentType, $"{name}疫情日报-{on:yyyy-MM-dd}.{extension}");
    }

    public static List<DailySheetRow> SheetRows(IEnumerable<CountyReports> counties) => counties.Select(c =>
    {
        c.Reports.TryGetValue(DailyReportKind.Zero, out var zero);
        c.Reports.TryGetValue(DailyReportKind.Cases, out var cases);
        c.Reports.TryGetValue(DailyReportKind.Work, out var work);
        var by = string.Join("；", c.Reports.Values.OrderBy(r => r.Kind).Select(r => $"{DailyReportService.KindName(r.Kind)} {r.SubmittedBy} {ChinaTime.Format(r.SubmittedAt)}"));
        return new DailySheetRow(
            c.County.Code, c.County.Name, c.Required is { } r ? $"{Ui.Numeral(r.ResponseLevel)}级（{r.ResponseRegionName}）" : "无",
            zero is null ? null : zero.NewConfirmed + zero.NewAsymptomatic, cases?.NewConfirmed, cases?.NewAsymptomatic, cases?.NewSuspected, cases?.UnderTreatment,
            cases?.ContactsUnderObservation, work?.Text, by, string.Join("、", c.Missing.Select(DailyReportService.KindName)));
    }).ToList();
}
