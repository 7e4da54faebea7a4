using EpiCommand.Data;
using EpiCommand.Data.Readiness;
using EpiCommand.Domain.Time;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EpiCommand.Web.Readiness;

public sealed record RegistryImported(int Added, int Changed);

/// <summary>Readiness (requirements F1–F9; 001 §5.1.3): the capacity registers, the headquarters' sizing, and the plans' norms read over them.</summary>
public static class ReadinessApi
{
    public static WebApplicationBuilder AddReadiness(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<RegistryService>();
        builder.Services.AddScoped<ReadinessService>();
        builder.Services.AddScoped<RegistrySheets>();
        builder.Services.AddScoped<NormHistoryService>();
        builder.Services.AddScoped<GapTaskService>();
        builder.Services.AddScoped<ForecastService>();
        builder.Services.AddScoped<ReserveLedger>();
        builder.Services.AddScoped<ForecastSettingsService>();
        builder.Services.AddSingleton<ReadinessSignal>();
        builder.Services.AddHostedService<ReadinessWatcher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder app)
    {
        var readiness = app.MapGroup("/api/readiness").WithTags("Readiness").RequireJurisdiction().WithRefusals();
        readiness.MapGet("/", async (HttpContext http, ReadinessService service, CancellationToken ct) => TypedResults.Ok(await service.ReportAsync(http.Jurisdiction(), ct)))
            .Produces<ReadinessReport>()
            .WithName("GetReadiness").WithSummary("Every readiness norm of the city's plans read over the registers: the city's own and each county's, met / not met / not measurable, with the figures, the shortfall and the clause");
        readiness.MapGet("/history", async (HttpContext http, NormHistoryService history, [FromQuery] string? region, [FromQuery] string? norm,
                [FromQuery] string? after, [FromQuery] string? limit, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var page = Paging.Parse(errors, NormHistoryService.Newest, after, limit);
                if (errors.Problem is { } invalid) return invalid.ToHttp();
                return (await history.HistoryAsync(http.Jurisdiction(), region, norm, page, ct)).ToHttp(p => p);
            })
            .Produces<Page<NormChangeDto>>().WithName("GetNormHistory")
            .WithSummary("The history of one norm in one region (region, norm): each reading that found it in another state than before (met, not met, not measurable), newest first, a page at a time");
        readiness.MapPost("/gap-tasks", async (GapTaskInput input, HttpContext http, GapTaskService gaps, CancellationToken ct) =>
                (await gaps.CreateAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(t => $"/api/tasks/{t.Id}", t => t))
            .Produces<GapTaskRef>(StatusCodes.Status201Created).WithName("CreateGapTask")
            .WithSummary("A task from a gap (a norm not met in region): for a unit of that headquarters, with a deadline (dueAt) — then on /api/tasks as every task (progress, done, press); one open task per gap (409)");
        readiness.MapGet("/forecast", async ([FromQuery] string? region, HttpContext http, ForecastService forecasts, CancellationToken ct) =>
                (await forecasts.ForecastAsync(http.Jurisdiction(), region, ct)).ToHttp(f => f))
            .Produces<ForecastReport>().WithName("GetReadinessForecast")
            .WithSummary("Issue 15 §4: for each county of the jurisdiction (or of region), the day its beds, ICU beds, quarantine rooms and reserves run out at the trend of its confirmed cases per report day, with the curve projected and the assumptions (each with its clause, or marked the platform's own)");
        readiness.MapPost("/forecast/scenario", async (ScenarioInput input, HttpContext http, ForecastService forecasts, CancellationToken ct) =>
                (await forecasts.ScenarioAsync(http.Jurisdiction(), input, ct)).ToHttp(f => f))
            .Produces<ForecastReport>().WithName("RunReadinessScenario")
            .WithSummary("The same question for a scenario in one county: casesPerDay confirmed cases every day for days days from tomorrow (001 §5.1.3(4): a peak daily incidence sustained 20 days)");
        readiness.MapGet("/reserves", async (HttpContext http, ReserveLedger reserves, [FromQuery] string? region, [FromQuery] string? after, [FromQuery] string? limit,
                CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var page = Paging.Parse(errors, ReserveLedger.Order, after, limit);
                if (errors.Problem is { } invalid) return invalid.ToHttp();
                return (await reserves.DaysAsync(http.Jurisdiction(), region, page, ct)).ToHttp(p => p);
            })
            .Produces<Page<ReserveDayRow>>().WithName("ListReserveDays")
            .WithSummary("001 §5.1.3(4): per reserve item and region (the city over all depots, each county over its own; or region alone), the stock on hand against the full-load need (the plan's use per patient-day × the planned confirmed cases), the days it lasts and what is missing to the norm's 30 days, with the last 7 and 30 days' issues a day beside it; a page at a time");
        readiness.MapGet("/forecast/assumptions", async ([FromQuery] string? region, HttpContext http, ForecastSettingsService settings, CancellationToken ct) =>
                (await settings.GetAsync(http.Jurisdiction(), region, ct)).ToHttp(s => s))
            .Produces<ForecastSettingDto>().WithName("GetForecastAssumptions")
            .WithSummary("The forecast's assumptions of a region (the city or a county; the user's own when none is named): each with its value and where it comes from — the plan's default (with its clause) or a headquarters' value (which region, who, when) — and the values this region's headquarters set, with the version to change them");
        readiness.MapPut("/forecast/assumptions/{region}", async (string region, ForecastSettingInput input, HttpContext http, ForecastSettingsService settings, CancellationToken ct) =>
                (await settings.SetAsync(region, input, http.User, http.Jurisdiction(), ct)).ToHttp(s => s))
            .Produces<ForecastSettingDto>().WithName("SetForecastAssumptions")
            .WithSummary("Set a region's forecast assumptions (headquarters or administrator; the city for itself and its counties, a county for itself): a value left out or null is not set here (the city's or the plan's applies); 400 by field out of range; version from the last read, 0 when never set (409 if changed meanwhile)");
        readiness.MapGet("/reserve-use", async ([FromQuery] string? region, HttpContext http, ForecastSettingsService settings, CancellationToken ct) =>
                (await settings.GetReserveUseAsync(http.Jurisdiction(), region, ct)).ToHttp(s => s))
            .Produces<ReserveUseDto>().WithName("GetReserveUse")
            .WithSummary("001 §5.1.3(4): the use per patient-day of each reserve item a region's reserve days and forecast run on (the city or a county; the user's own when none is named), each with where it comes from — the plan's reserveUse or a headquarters' value (which region, who, when) — and the version to change them");
        readiness.MapPut("/reserve-use/{region}", async (string region, ReserveUseInput input, HttpContext http, ForecastSettingsService settings, CancellationToken ct) =>
                (await settings.SetReserveUseAsync(region, input, http.User, http.Jurisdiction(), ct)).ToHttp(s => s))
            .Produces<ReserveUseDto>().WithName("SetReserveUse")
            .WithSummary("Set a region's uses per patient-day (headquarters or administrator; uses: {catalogue code: quantity}, an item left out or null is not set here); 400 by field out of range (uses.CODE); version from the last read, shared with the forecast assumptions, 0 when never set (409 if changed meanwhile)");
        readiness.MapGet("/sizing", async (HttpContext http, ReadinessService service, CancellationToken ct) => TypedResults.Ok(await service.SizingAsync(http.Jurisdiction(), ct)))
            .Produces<IReadOnlyList<SizingDto>>().WithName("ListReadinessSizing").WithSummary("The sizing inputs each city and county headquarters set (planned confirmed cases, resident population)");
        readiness.MapPut("/sizing/{region}", async (string region, SizingInput input, HttpContext http, ReadinessService service, CancellationToken ct) =>
                (await service.SetSizingAsync(region, input, http.User, http.Jurisdiction(), ct)).ToHttp(s => s))
            .Produces<SizingDto>().WithName("SetReadinessSizing")
            .WithSummary("Set a region's sizing (headquarters or administrator); version from the last read, 0 when never set (409 if changed meanwhile)");

        var hospitals = readiness.MapGroup("/hospitals");
        hospitals.MapGet("/", async (HttpContext http, AppDbContext db, RegistryService service, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var list = await query.FilterAsync<Hospital, NoStatus>(http.Jurisdiction(), db, RegistryService.HospitalsByName, ct);
                return list.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await service.HospitalsAsync(http.Jurisdiction(), list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<HospitalDto>>().WithName("ListHospitals").WithSummary("The hospital register by name, a page at a time; region, q: name prefix");
        hospitals.MapGet("/{id:int}", async (int id, HttpContext http, RegistryService service, CancellationToken ct) => (await service.HospitalAsync(id, http.Jurisdiction(), ct)).ToHttp(h => h))
            .Produces<HospitalDto>().WithName("GetHospital");
        hospitals.MapPost("/", async (HospitalInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.CreateHospitalAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(h => $"/api/readiness/hospitals/{h.Id}", h => h))
            .Produces<HospitalDto>(StatusCodes.Status201Created).WithName("RegisterHospital").WithSummary("Register a hospital at the city or a county (headquarters or administrator)");
        hospitals.MapPut("/{id:int}", async (int id, HospitalInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.UpdateHospitalAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(h => h))
            .Produces<HospitalDto>().WithName("UpdateHospital").WithSummary("Change a hospital; version from the last read (409 if changed meanwhile)");
        hospitals.MapDelete("/{id:int}", async (int id, [FromQuery] int? version, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.DeleteHospitalAsync(id, version, http.User, http.Jurisdiction(), ct)) is { Problem: { } refused } ? refused.ToHttp() : TypedResults.NoContent())
            .WithName("RemoveHospital").WithSummary("Take a hospital off the register; ?version= from the last read");
        hospitals.MapGet("/export", (HttpContext http, RegistrySheets sheets, TimeProvider clock) =>
                TypedResults.Stream(body => sheets.WriteHospitalsAsync(http.Jurisdiction(), body, http.RequestAborted), LineListExport.XlsxContentType, $"医院-{ChinaTime.Today(clock):yyyyMMdd}.xlsx"))
            .WithName("ExportHospitals").WithSummary("The hospital register as .xlsx, in the columns an import reads");
        hospitals.MapPost("/import", (IFormFile? file, HttpContext http, RegistrySheets sheets, CancellationToken ct) =>
                ImportAsync(file, http, (stream, format) => sheets.ImportHospitalsAsync(stream, format, http.User, http.Jurisdiction(), ct)))
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(Limits.UploadBytes))
            .Produces<RegistryImported>().WithName("ImportHospitals").WithSummary("Register or change hospitals from an .xlsx (all or nothing; errors by row and column)");

        var labs = readiness.MapGroup("/labs");
        labs.MapGet("/", async (HttpContext http, AppDbContext db, RegistryService service, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var list = await query.FilterAsync<Laboratory, NoStatus>(http.Jurisdiction(), db, RegistryService.LabsByName, ct);
                return list.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await service.LabsAsync(http.Jurisdiction(), list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<LabDto>>().WithName("ListLabs").WithSummary("The laboratory register by name, a page at a time; region, q: name prefix");
        labs.MapGet("/{id:int}", async (int id, HttpContext http, RegistryService service, CancellationToken ct) => (await service.LabAsync(id, http.Jurisdiction(), ct)).ToHttp(l => l))
            .Produces<LabDto>().WithName("GetLab");
        labs.MapPost("/", async (LabInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.CreateLabAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(l => $"/api/readiness/labs/{l.Id}", l => l))
            .Produces<LabDto>(StatusCodes.Status201Created).WithName("RegisterLab").WithSummary("Register a laboratory (headquarters or administrator)");
        labs.MapPut("/{id:int}", async (int id, LabInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.UpdateLabAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(l => l))
            .Produces<LabDto>().WithName("UpdateLab").WithSummary("Change a laboratory; version from the last read (409 if changed meanwhile)");
        labs.MapDelete("/{id:int}", async (int id, [FromQuery] int? version, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.DeleteLabAsync(id, version, http.User, http.Jurisdiction(), ct)) is { Problem: { } refused } ? refused.ToHttp() : TypedResults.NoContent())
            .WithName("RemoveLab").WithSummary("Take a laboratory off the register; ?version= from the last read");
        labs.MapGet("/export", (HttpContext http, RegistrySheets sheets, TimeProvider clock) =>
                TypedResults.Stream(body => sheets.WriteLabsAsync(http.Jurisdiction(), body, http.RequestAborted), LineListExport.XlsxContentType, $"实验室-{ChinaTime.Today(clock):yyyyMMdd}.xlsx"))
            .WithName("ExportLabs").WithSummary("The laboratory register as .xlsx (the hospital by name), in the columns an import reads");
        labs.MapPost("/import", (IFormFile? file, HttpContext http, RegistrySheets sheets, CancellationToken ct) =>
                ImportAsync(file, http, (stream, format) => sheets.ImportLabsAsync(stream, format, http.User, http.Jurisdiction(), ct)))
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(Limits.UploadBytes))
            .Produces<RegistryImported>().WithName("ImportLabs").WithSummary("Register or change laboratories from an .xlsx (all or nothing; errors by row and column)");

        var sites = readiness.MapGroup("/quarantine-sites");
        sites.MapGet("/", async (HttpContext http, AppDbContext db, RegistryService service, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var list = await query.FilterAsync<QuarantineSite, NoStatus>(http.Jurisdiction(), db, RegistryService.SitesByName, ct);
                return list.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await service.SitesAsync(http.Jurisdiction(), list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<QuarantineSiteDto>>().WithName("ListQuarantineSites").WithSummary("The quarantine-site register by name, a page at a time; region, q: name prefix");
        sites.MapGet("/{id:int}", async (int id, HttpContext http, RegistryService service, CancellationToken ct) => (await service.SiteAsync(id, http.Jurisdiction(), ct)).ToHttp(s => s))
            .Produces<QuarantineSiteDto>().WithName("GetQuarantineSite");
        sites.MapPost("/", async (QuarantineSiteInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.CreateSiteAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(s => $"/api/readiness/quarantine-sites/{s.Id}", s => s))
            .Produces<QuarantineSiteDto>(StatusCodes.Status201Created).WithName("RegisterQuarantineSite").WithSummary("Register a quarantine site (headquarters or administrator)");
        sites.MapPut("/{id:int}", async (int id, QuarantineSiteInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.UpdateSiteAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(s => s))
            .Produces<QuarantineSiteDto>().WithName("UpdateQuarantineSite").WithSummary("Change a quarantine site; version from the last read (409 if changed meanwhile)");
        sites.MapDelete("/{id:int}", async (int id, [FromQuery] int? version, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.DeleteSiteAsync(id, version, http.User, http.Jurisdiction(), ct)) is { Problem: { } refused } ? refused.ToHttp() : TypedResults.NoContent())
            .WithName("RemoveQuarantineSite").WithSummary("Take a quarantine site off the register; ?version= from the last read");
        sites.MapGet("/export", (HttpContext http, RegistrySheets sheets, TimeProvider clock) =>
                TypedResults.Stream(body => sheets.WriteSitesAsync(http.Jurisdiction(), body, http.RequestAborted), LineListExport.XlsxContentType, $"集中隔离场所-{ChinaTime.Today(clock):yyyyMMdd}.xlsx"))
            .WithName("ExportQuarantineSites").WithSummary("The quarantine-site register as .xlsx, in the columns an import reads");
        sites.MapPost("/import", (IFormFile? file, HttpContext http, RegistrySheets sheets, CancellationToken ct) =>
                ImportAsync(file, http, (stream, format) => sheets.ImportSitesAsync(stream, format, http.User, http.Jurisdiction(), ct)))
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(Limits.UploadBytes))
            .Produces<RegistryImported>().WithName("ImportQuarantineSites").WithSummary("Register or change quarantine sites from an .xlsx (all or nothing; errors by row and column)");

        // 001 §5.1.3(3) 各地要做好核酸采样场所和采样人员的准备
        var sampling = readiness.MapGroup("/sampling-sites");
        sampling.MapGet("/", async (HttpContext http, AppDbContext db, RegistryService service, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var list = await query.FilterAsync<SamplingSite, NoStatus>(http.Jurisdiction(), db, RegistryService.SamplingSitesByName, ct);
                return list.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await service.SamplingSitesAsync(http.Jurisdiction(), list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<SamplingSiteDto>>().WithName("ListSamplingSites").WithSummary("The nucleic-acid sampling-site register by name, a page at a time; region, q: name prefix");
        sampling.MapGet("/{id:int}", async (int id, HttpContext http, RegistryService service, CancellationToken ct) => (await service.SamplingSiteAsync(id, http.Jurisdiction(), ct)).ToHttp(s => s))
            .Produces<SamplingSiteDto>().WithName("GetSamplingSite");
        sampling.MapPost("/", async (SamplingSiteInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.CreateSamplingSiteAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(s => $"/api/readiness/sampling-sites/{s.Id}", s => s))
            .Produces<SamplingSiteDto>(StatusCodes.Status201Created).WithName("RegisterSamplingSite")
            .WithSummary("Register a sampling site at the city or a county (headquarters or administrator): place (a township or community of the county), kind, booths, staff, people a day, in use or reserve");
        sampling.MapPut("/{id:int}", async (int id, SamplingSiteInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.UpdateSamplingSiteAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(s => s))
            .Produces<SamplingSiteDto>().WithName("UpdateSamplingSite").WithSummary("Change a sampling site; version from the last read (409 if changed meanwhile)");
        sampling.MapDelete("/{id:int}", async (int id, [FromQuery] int? version, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.DeleteSamplingSiteAsync(id, version, http.User, http.Jurisdiction(), ct)) is { Problem: { } refused } ? refused.ToHttp() : TypedResults.NoContent())
            .WithName("RemoveSamplingSite").WithSummary("Take a sampling site off the register; ?version= from the last read");
        sampling.MapGet("/export", (HttpContext http, RegistrySheets sheets, TimeProvider clock) =>
                TypedResults.Stream(body => sheets.WriteSamplingSitesAsync(http.Jurisdiction(), body, http.RequestAborted), LineListExport.XlsxContentType, $"核酸采样点-{ChinaTime.Today(clock):yyyyMMdd}.xlsx"))
            .WithName("ExportSamplingSites").WithSummary("The sampling-site register as .xlsx, in the columns an import reads");
        sampling.MapPost("/import", (IFormFile? file, HttpContext http, RegistrySheets sheets, CancellationToken ct) =>
                ImportAsync(file, http, (stream, format) => sheets.ImportSamplingSitesAsync(stream, format, http.User, http.Jurisdiction(), ct)))
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(Limits.UploadBytes))
            .Produces<RegistryImported>().WithName("ImportSamplingSites").WithSummary("Register or change sampling sites from an .xlsx (all or nothing; errors by row and column)");

        var drills = readiness.MapGroup("/drills");
        drills.MapGet("/", async (HttpContext http, AppDbContext db, RegistryService service, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var list = await query.FilterAsync<Drill, NoStatus>(http.Jurisdiction(), db, RegistryService.DrillsByDay, ct);
                return list.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await service.DrillsAsync(http.Jurisdiction(), list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<DrillDto>>().WithName("ListDrills").WithSummary("Drills by the day scheduled, a page at a time; region, q: title prefix");
        drills.MapGet("/{id:int}", async (int id, HttpContext http, RegistryService service, CancellationToken ct) => (await service.DrillAsync(id, http.Jurisdiction(), ct)).ToHttp(d => d))
            .Produces<DrillDto>().WithName("GetDrill");
        drills.MapPost("/", async (DrillInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.CreateDrillAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(d => $"/api/readiness/drills/{d.Id}", d => d))
            .Produces<DrillDto>(StatusCodes.Status201Created).WithName("ScheduleDrill").WithSummary("Schedule (or record) a drill (headquarters or administrator)");
        drills.MapPut("/{id:int}", async (int id, DrillInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.UpdateDrillAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(d => d))
            .Produces<DrillDto>().WithName("UpdateDrill").WithSummary("Record a drill held and its findings; version from the last read (409 if changed meanwhile)");
        drills.MapDelete("/{id:int}", async (int id, [FromQuery] int? version, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.DeleteDrillAsync(id, version, http.User, http.Jurisdiction(), ct)) is { Problem: { } refused } ? refused.ToHttp() : TypedResults.NoContent())
            .WithName("RemoveDrill").WithSummary("Take a drill off the schedule; ?version= from the last read");
        drills.MapGet("/export", (HttpContext http, RegistrySheets sheets, TimeProvider clock) =>
                TypedResults.Stream(body => sheets.WriteDrillsAsync(http.Jurisdiction(), body, http.RequestAborted), LineListExport.XlsxContentType, $"演练-{ChinaTime.Today(clock):yyyyMMdd}.xlsx"))
            .WithName("ExportDrills").WithSummary("The drills as .xlsx, in the columns an import reads");
        drills.MapPost("/import", (IFormFile? file, HttpContext http, RegistrySheets sheets, CancellationToken ct) =>
                ImportAsync(file, http, (stream, format) => sheets.ImportDrillsAsync(stream, format, http.User, http.Jurisdiction(), ct)))
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(Limits.UploadBytes))
            .Produces<RegistryImported>().WithName("ImportDrills").WithSummary("Schedule or change drills from an .xlsx (a drill by place, title and day scheduled; all or nothing; errors by row and column)");

        var teams = readiness.MapGroup("/teams");
        teams.MapGet("/", async (HttpContext http, AppDbContext db, RegistryService service, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var list = await query.FilterAsync<Team, NoStatus>(http.Jurisdiction(), db, RegistryService.TeamsByName, ct);
                return list.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await service.TeamsAsync(http.Jurisdiction(), list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<TeamDto>>().WithName("ListTeams").WithSummary("The response-team register (001 §5.1.3(1)) by name with each roster, a page at a time; region, q: name prefix");
        teams.MapGet("/{id:int}", async (int id, HttpContext http, RegistryService service, CancellationToken ct) => (await service.TeamAsync(id, http.Jurisdiction(), ct)).ToHttp(t => t))
            .Produces<TeamDto>().WithName("GetTeam");
        teams.MapPost("/", async (TeamInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.CreateTeamAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(t => $"/api/readiness/teams/{t.Id}", t => t))
            .Produces<TeamDto>(StatusCodes.Status201Created).WithName("RegisterTeam")
            .WithSummary("Register a team (headquarters or administrator): name, type, mobile, members [{personId, role, onDuty}] from the directory of people");
        teams.MapPut("/{id:int}", async (int id, TeamInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.UpdateTeamAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(t => t))
            .Produces<TeamDto>().WithName("UpdateTeam").WithSummary("Change a team and its roster (the members sent replace the roster); version from the last read (409 if changed meanwhile)");
        teams.MapDelete("/{id:int}", async (int id, [FromQuery] int? version, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.DeleteTeamAsync(id, version, http.User, http.Jurisdiction(), ct)) is { Problem: { } refused } ? refused.ToHttp() : TypedResults.NoContent())
            .WithName("RemoveTeam").WithSummary("Take a team off the register; ?version= from the last read");
        teams.MapGet("/export", (HttpContext http, RegistrySheets sheets, TimeProvider clock) =>
                TypedResults.Stream(body => sheets.WriteTeamsAsync(http.Jurisdiction(), body, http.RequestAborted), LineListExport.XlsxContentType, $"应急队伍-{ChinaTime.Today(clock):yyyyMMdd}.xlsx"))
            .WithName("ExportTeams").WithSummary("The team register as .xlsx (place, name, type, mobile; not the rosters), in the columns an import reads");
        teams.MapPost("/import", (IFormFile? file, HttpContext http, RegistrySheets sheets, CancellationToken ct) =>
                ImportAsync(file, http, (stream, format) => sheets.ImportTeamsAsync(stream, format, http.User, http.Jurisdiction(), ct)))
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(Limits.UploadBytes))
            .Produces<RegistryImported>().WithName("ImportTeams").WithSummary("Register or change teams from an .xlsx (all or nothing; errors by row and column; rosters untouched)");

        // 001 §5.1.3(1) 加强培训和演练: the teams' training and drill records.
        var trainings = readiness.MapGroup("/trainings");
        trainings.MapGet("/", async (HttpContext http, AppDbContext db, RegistryService service, [AsParameters] ListQuery query, [FromQuery] int? teamId, CancellationToken ct) =>
            {
                var list = await query.FilterAsync<TeamTraining, NoStatus>(http.Jurisdiction(), db, RegistryService.TrainingsByDay, ct);
                return list.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await service.TrainingsAsync(http.Jurisdiction(), list.Value.Filter, teamId, list.Value.Page, ct));
            })
            .Produces<Page<TeamTrainingDto>>().WithName("ListTrainings").WithSummary("The teams' training and drill records, newest first, a page at a time; region, teamId");
        trainings.MapGet("/{id:int}", async (int id, HttpContext http, RegistryService service, CancellationToken ct) => (await service.TrainingAsync(id, http.Jurisdiction(), ct)).ToHttp(t => t))
            .Produces<TeamTrainingDto>().WithName("GetTraining");
        trainings.MapPost("/", async (TeamTrainingInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.CreateTrainingAsync(input, http.User, http.Jurisdiction(), ct)).ToCreated(t => $"/api/readiness/trainings/{t.Id}", t => t))
            .Produces<TeamTrainingDto>(StatusCodes.Status201Created).WithName("RecordTraining")
            .WithSummary("Record a team's training or drill (headquarters or administrator): teamId, heldOn, kind training/drill, topics, participants, note");
        trainings.MapPut("/{id:int}", async (int id, TeamTrainingInput input, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.UpdateTrainingAsync(id, input, http.User, http.Jurisdiction(), ct)).ToHttp(t => t))
            .Produces<TeamTrainingDto>().WithName("UpdateTraining").WithSummary("Change a training record; version from the last read (409 if changed meanwhile)");
        trainings.MapDelete("/{id:int}", async (int id, [FromQuery] int? version, HttpContext http, RegistryService service, CancellationToken ct) =>
                (await service.DeleteTrainingAsync(id, version, http.User, http.Jurisdiction(), ct)) is { Problem: { } refused } ? refused.ToHttp() : TypedResults.NoContent())
            .WithName("RemoveTraining").WithSummary("Remove a training record; ?version= from the last read");
        trainings.MapGet("/export", (HttpContext http, RegistrySheets sheets, TimeProvider clock) =>
                TypedResults.Stream(body => sheets.WriteTrainingsAsync(http.Jurisdiction(), body, http.RequestAborted), LineListExport.XlsxContentType, $"队伍培训演练-{ChinaTime.Today(clock):yyyyMMdd}.xlsx"))
            .WithName("ExportTrainings").WithSummary("The teams' training and drill records as .xlsx, in the columns an import reads");
        trainings.MapPost("/import", (IFormFile? file, HttpContext http, RegistrySheets sheets, CancellationToken ct) =>
                ImportAsync(file, http, (stream, format) => sheets.ImportTrainingsAsync(stream, format, http.User, http.Jurisdiction(), ct)))
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(Limits.UploadBytes))
            .Produces<RegistryImported>().WithName("ImportTrainings").WithSummary("Record or change training records from an .xlsx (team by place and name; all or nothing; errors by row and column)");
        return app;
    }

    /// <summary>A register's sheet taken from a form upload (also the units' register, NormalTimeApi).</summary>
    internal static async Task<IResult> ImportAsync(IFormFile? file, HttpContext http, Func<Stream, LineListFormat, Task<RegistryImportResult>> import)
    {
        if (!RegistryService.MayManage(http.User)) return Problem.Forbidden("readiness-not-allowed", Messages.ReadinessManagersOnly).ToHttp();
        if (file is null || file.Length == 0) return Problem.Invalid("file", Messages.FileFieldMissing).ToHttp();
        if (SheetReader.FormatOf(file.FileName, file.ContentType) is not { } format) return Problem.Invalid("file", Messages.NotASpreadsheet(file.FileName)).ToHttp();
        await using var stream = file.OpenReadStream();
        var result = await import(stream, format);
        if (result.Ok) return TypedResults.Ok(new RegistryImported(result.Added, result.Changed));
        // Keyed by row and column, the way a user finds them in the sheet (as the line lists' import).
        var errors = result.Errors.GroupBy(e => e.Row == 0 ? "file" : $"row {e.Row}, {e.Column}").ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray());
        return TypedResults.ValidationProblem(errors,
            detail: Messages.ImportRefused(file.FileName, result.Errors.Count, result.Errors.Count).ToString(),
            title: Messages.ImportHasErrors.ToString(), type: ProblemResults.TypePrefix + "invalid",
            extensions: new Dictionary<string, object?> { ["rows"] = result.Errors, ["errorCount"] = result.Errors.Count });
    }
}
