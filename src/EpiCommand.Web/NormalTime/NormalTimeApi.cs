using EpiCommand.Data;
using EpiCommand.Data.Readiness;
using EpiCommand.Domain.Time;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Readiness;
using Microsoft.AspNetCore.Mvc;

namespace EpiCommand.Web.NormalTime;

/// <summary>
/// Normal-time work (常态化防控, 003 §二(四); 001 §5.1.7, §5.1.9): the units' "五有" register beside the other capacity registers, and the
/// influenza vaccination and price reports (requirements F7–F9).
/// </summary>
public static class NormalTimeApi
{
    public static WebApplicationBuilder AddNormalTime(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<NormalTimeService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapNormalTime(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/readiness/units").WithTags("Readiness").RequireJurisdiction().WithRefusals();
        units.MapGet("/", async (HttpContext http, AppDbContext db, RegistryService service, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var list = await query.FilterAsync<UnitPreparedness, NoStatus>(http.Jurisdiction(), db, RegistryService.UnitsByName, ct);
                return list.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await service.UnitsAsync(http.Jurisdiction(), list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<UnitDto>>().WithName("ListUnits").WithSummary("Units' \"five haves\" (001 §5.1.7) and medical institutions' \"three stricts\" (§5.1.9) by name, a page at a time; region, q: name prefix");
        units.MapGet("/export", (HttpContext http, RegistrySheets sheets, TimeProvider clock) =>
                TypedResults.Stream(body => sheets.WriteUnitsAsync(http.Jurisdiction(), body, http.RequestAborted), LineListExport.XlsxContentType, $"单位五有-{ChinaTime.Today(clock):yyyyMMdd}.xlsx"))
            .WithName("ExportUnits").WithSummary("The units' \"five haves\" register as .xlsx, one row per unit, in the columns an import reads");
        units.MapPost("/import", (IFormFile? file, HttpContext http, RegistrySheets sheets, CancellationToken ct) =>
                ReadinessApi.ImportAsync(file, http, (stream, format) => sheets.ImportUnitsAsync(stream, format, http.User, http.Jurisdiction(), ct)))
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(Limits.UploadBytes))
            .Produces<RegistryImported>().WithName("ImportUnits").WithSummary("Register or change units and their \"five haves\" from an .xlsx (all or nothing; errors by row and column)");
        units.MapGet("/{id:int}", async (int id, HttpContext http, RegistryService service, CancellationToken ct) => (await service.UnitAsync(id, http.Jurisdiction(), ct)).ToHttp(u => u))
            .Produces<UnitDto>().WithName("GetUnit");
        units.MapPost("/", async (UnitInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.CreateUnitAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(u => $"/api/readiness/units/{u.Id}", u => u))
            .Produces<UnitDto>(StatusCodes.Status201Created).WithName("RegisterUnit").WithSummary("Register a unit and its \"five haves\" (headquarters or administrator)");
        units.MapPut("/{id:int}", async (int id, UnitInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.UpdateUnitAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(u => u))
            .Produces<UnitDto>().WithName("UpdateUnit").WithSummary("Record a unit's \"five haves\" as checked; version from the last read (409 if changed meanwhile)");
        units.MapDelete("/{id:int}", async (int id, [FromQuery] int? version, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.DeleteUnitAsync(id, version, http.User, http.Jurisdiction(), ct)) is { Problem: { } refused } ? refused.ToHttp() : TypedResults.NoContent())
            .WithName("RemoveUnit").WithSummary("Take a unit off the register; ?version= from the last read");

        var normal = app.MapGroup("/api/normal-time").WithTags("Normal-time work").RequireJurisdiction().WithRefusals();
        normal.MapGet("/vaccination", async (HttpContext http, NormalTimeService service, TimeProvider clock, [FromQuery] string? day, CancellationToken ct) =>
            {
                var asOf = QueryDay.OrToday(day, clock);
                return asOf.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await service.CoverageAsync(http.Jurisdiction(), asOf.Value, ct));
            })
            .Produces<CoverageReport>().WithName("GetVaccinationCoverage")
            .WithSummary("Influenza vaccination coverage of the key groups (003 §二(四)6) this season: the city's sum and each county's latest report per group; day (yyyy-MM-dd, default today)");
        normal.MapGet("/vaccination/reports", async (HttpContext http, AppDbContext db, NormalTimeService service, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var list = await query.FilterAsync<VaccinationReport, VaccinationGroup>(http.Jurisdiction(), db, NormalTimeService.VaccinationsNewest, ct);
                return list.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await service.VaccinationReportsAsync(http.Jurisdiction(), list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<VaccinationReportDto>>().WithName("ListVaccinationReports").WithSummary("Every vaccination report, newest first, a page at a time; region, status: elderly|children|medicalStaff");
        normal.MapPost("/vaccination", async (VaccinationInput input, HttpContext http, NormalTimeService service, CancellationToken ct) =>
                (await service.ReportVaccinationAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(v => $"/api/normal-time/vaccination/reports/{v.Id}", v => v))
            .Produces<VaccinationReportDto>(StatusCodes.Status201Created).WithName("ReportVaccination")
            .WithSummary("A county's cumulative vaccination of a key group as of a day (headquarters or CDC); one report per county, group and day");
        normal.MapGet("/prices", async (HttpContext http, NormalTimeService service, TimeProvider clock, [FromQuery] string? day, CancellationToken ct) =>
            {
                var asOf = QueryDay.OrToday(day, clock);
                return asOf.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await service.WatchAsync(http.Jurisdiction(), asOf.Value, ct));
            })
            .Produces<IReadOnlyList<PriceWatchDto>>().WithName("WatchPrices")
            .WithSummary("Each county's latest price of each daily necessity against its 30-day mean, rises at or above the alert first (003 §二(四)8; 001 §5.4.5)");
        normal.MapGet("/prices/reports", async (HttpContext http, AppDbContext db, NormalTimeService service, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var list = await query.FilterAsync<PriceReport, PriceItem>(http.Jurisdiction(), db, NormalTimeService.PricesNewest, ct);
                return list.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await service.PriceReportsAsync(http.Jurisdiction(), list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<PriceReportDto>>().WithName("ListPriceReports").WithSummary("Every price report, newest first, a page at a time; region, status: an item (rice, pork…)");
        normal.MapPost("/prices", async (PriceInput input, HttpContext http, NormalTimeService service, CancellationToken ct) =>
                (await service.ReportPriceAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(p => $"/api/normal-time/prices/reports/{p.Id}", p => p))
            .Produces<PriceReportDto>(StatusCodes.Status201Created).WithName("ReportPrice").WithSummary("A retail price observed in a county on a day (headquarters); one per county, item and day");
        return app;
    }
}
