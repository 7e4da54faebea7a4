using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Zones;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Screening;

public sealed record HouseholdDto(long Id, long Zone, string Region, string Address, int? Residents, string State, bool Symptomatic, string? Symptoms,
    DateTimeOffset? ScreenedAt, string? ScreenedBy, DateTimeOffset AddedAt, int Version);

/// <summary>A zone's coverage: households listed, visited, not yet visited (001 §5.3.4 "不漏一户"), and those with symptoms.</summary>
public sealed record ZoneCoverageDto(long Zone, string Region, string RegionName, string Name, string Status, int Households, int Screened, int NotScreened, int Symptomatic);

/// <summary>A household list's status filter: not yet visited, visited, visited and symptomatic.</summary>
public enum HouseholdStatus { NotScreened, Screened, Symptomatic }

/// <summary>Door-to-door screening in control zones over HTTP (004 §九(一)8, 001 §5.3.4): the endpoints call <see cref="ScreeningService"/>, as the page does.</summary>
public static class ScreeningApi
{
    public static WebApplicationBuilder AddScreening(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ScreeningService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapScreening(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/screening").WithTags("Screening").RequireJurisdiction().WithRefusals();
        group.MapGet("/zones", async (HttpContext http, AppDbContext db, TimeProvider clock, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<ControlZone, ZoneStatus>(jurisdiction, db, ZonesApi.Newest, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await CoverageAsync(jurisdiction, db, clock.GetUtcNow(), list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<ZoneCoverageDto>>()
            .WithName("ListScreeningCoverage").WithSummary("Each control zone's screening coverage — households listed, screened, not yet screened, symptomatic — newest zone first, a page at a time; status (the zone's: active, draft…), region, q: zone name prefix");
        group.MapGet("/households", async (HttpContext http, AppDbContext db, [AsParameters] ListQuery query, [FromQuery] long? zone, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<ScreeningHousehold, HouseholdStatus>(jurisdiction, db, Listed, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await HouseholdsAsync(jurisdiction, db, zone, list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<HouseholdDto>>()
            .WithName("ListHouseholds").WithSummary("Households of the control zones, in the order listed, a page at a time; zone, status=notScreened|screened|symptomatic, region, q: address prefix");
        group.MapPost("/households", async (NewHousehold request, HttpContext http, ScreeningService service, CancellationToken ct) =>
                (await service.AddAsync(request, http.User, http.Jurisdiction(), ct)).ToCreated(h => $"/api/screening/households/{h.Id}", ToDto))
            .Produces<HouseholdDto>(StatusCodes.Status201Created)
            .WithName("AddHousehold").WithSummary("List a household of a control zone (not lifted) to be screened; headquarters and investigators");
        group.MapPost("/households/{id:long}/screen", async (long id, HouseholdScreening request, HttpContext http, ScreeningService service, CancellationToken ct) =>
                (await service.ScreenAsync(id, request, http.User, http.Jurisdiction(), ct)).ToHttp(ToDto))
            .Produces<HouseholdDto>()
            .WithName("ScreenHousehold").WithSummary("Record a visit: symptomatic (fever, respiratory or digestive symptoms in the last 14 days, 004 §九(一)8) and which; a symptomatic household is flagged to the CDC");
        group.MapPost("/zones/{id:long}/import", async (long id, IFormFile? file, HttpContext http, ScreeningService service, CancellationToken ct) =>
            {
                if (!ScreeningService.MayScreen(http.User)) return Problem.Forbidden("screening-not-allowed", Messages.ScreeningNotAllowed).ToHttp();
                if (file is null || file.Length == 0) return Problem.Invalid("file", Messages.FileFieldMissing).ToHttp();
                if (SheetReader.FormatOf(file.FileName, file.ContentType) is not { } format) return Problem.Invalid("file", Messages.NotASpreadsheet(file.FileName)).ToHttp();
                await using var stream = new MemoryStream();
                await file.CopyToAsync(stream, ct);
                stream.Position = 0;
                var errors = new List<HouseholdSheetError>();
                var outcome = await service.ImportAsync(id, stream, format, http.User, http.Jurisdiction(), errors, ct);
                if (errors.Count == 0) return outcome.ToHttp(r => r);
                // Keyed by row and column, the way a user finds them in the sheet (as the registers' import).
                var byCell = errors.GroupBy(e => e.Row == 0 ? "file" : $"row {e.Row}, {e.Column}").ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray());
                return TypedResults.ValidationProblem(byCell, detail: Messages.ImportRefused(file.FileName, errors.Count, errors.Count).ToString(),
                    title: Messages.ImportHasErrors.ToString(), type: ProblemResults.TypePrefix + "invalid",
                    extensions: new Dictionary<string, object?> { ["rows"] = errors, ["errorCount"] = errors.Count });
            })
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(Limits.UploadBytes))
            .Produces<HouseholdsImported>()
            .WithName("ImportHouseholds").WithSummary("The zone's household list from an .xlsx or CSV (columns 地址, 人数): all or nothing, addresses already listed skipped");
        return app;
    }

    /// <summary>In the order listed (the order of the community's sheet), so a team walks it door to door.</summary>
    public static readonly Keyset<ScreeningHousehold> Listed = Keyset<ScreeningHousehold>.By(h => h.Id);

    public static readonly ListShape<ScreeningHousehold, HouseholdStatus> Shape = new(null, h => h.AddedAt, h => h.Address);

    public static Task<Page<HouseholdDto>> HouseholdsAsync(Jurisdiction jurisdiction, AppDbContext db, long? zone, ListFilter<HouseholdStatus> filter, PageRequest page, CancellationToken ct)
    {
        var query = Shape.Apply(db.ScreeningHouseholds.AsNoTracking(), jurisdiction, filter);
        if (zone is { } id) query = query.Where(h => h.ZoneId == id);
        query = filter.Status switch
        {
            HouseholdStatus.NotScreened => query.Where(h => h.State == ScreeningState.NotScreened),
            HouseholdStatus.Screened => query.Where(h => h.State == ScreeningState.Screened),
            HouseholdStatus.Symptomatic => query.Where(h => h.State == ScreeningState.Screened && h.Symptomatic),
            _ => query,
        };
        return Listed.PageAsync(query, page, ToDto, ct);
    }

    /// <summary>A page of zones (as the zones' list) with their households counted in SQL, one grouped query for the page.</summary>
    public static Task<Page<ZoneCoverageDto>> CoverageAsync(Jurisdiction jurisdiction, AppDbContext db, DateTimeOffset now, ListFilter<ZoneStatus> filter, PageRequest page, CancellationToken ct)
    {
        var query = ZonesApi.WithStatus(ZonesApi.Shape.Apply(db.ControlZones.AsNoTracking(), jurisdiction, filter), filter.Status, now);
        return ZonesApi.Newest.PageAsync(query, page, async (zones, token) =>
        {
            var ids = zones.Select(z => z.Id).ToList();
            var counts = await db.ScreeningHouseholds.AsNoTracking().Where(h => ids.Contains(h.ZoneId))
                .GroupBy(h => h.ZoneId)
                .Select(g => new
                {
                    Zone = g.Key, All = g.Count(),
                    Screened = g.Count(h => h.State == ScreeningState.Screened),
                    Symptomatic = g.Count(h => h.State == ScreeningState.Screened && h.Symptomatic),
                })
                .ToDictionaryAsync(c => c.Zone, token);
            var codes = zones.Select(z => z.RegionCode).Distinct().ToList();
            var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, token);
            return (IReadOnlyList<ZoneCoverageDto>)zones.Select(z =>
            {
                var c = counts.GetValueOrDefault(z.Id);
                int all = c?.All ?? 0, screened = c?.Screened ?? 0;
                return new ZoneCoverageDto(z.Id, z.RegionCode, names.GetValueOrDefault(z.RegionCode, z.RegionCode), z.Name, ZonesApi.StatusOf(z, now),
                    all, screened, all - screened, c?.Symptomatic ?? 0);
            }).ToList();
        }, ct);
    }

    public static HouseholdDto ToDto(ScreeningHousehold h) => new(h.Id, h.ZoneId, h.RegionCode, h.Address, h.Residents, EnumNames.Of(h.State), h.Symptomatic, h.Symptoms,
        h.ScreenedAt, h.ScreenedBy, h.AddedAt, h.Version);
}
