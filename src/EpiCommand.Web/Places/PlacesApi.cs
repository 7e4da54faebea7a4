using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Places;

/// <summary>
/// A public place as listed: its own state, and beside it the state the response in force for its region asks for
/// (<see cref="Required"/>, with <see cref="Level"/> and the plan's <see cref="Clause"/>; null when none is in force or the plan
/// names nothing). <see cref="Complies"/>: its state is at least as strict.
/// </summary>
public sealed record PlaceDto(long Id, string Region, string RegionName, string Name, string Kind, string Status, string? Note, string? Level, string? Required,
    string? Clause, bool Complies, string ChangedBy, DateTimeOffset ChangedAt, int Version);

public sealed record CheckpointDayDto(DateOnly Day, int Vehicles, int People, int TurnedBack, int Staff, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A checkpoint with its last seven days of counts, newest first.</summary>
public sealed record CheckpointDto(long Id, string Region, string RegionName, string Name, string? Location, int Staff, IReadOnlyList<CheckpointDayDto> Days);

/// <summary>Public places by response level and checkpoints over HTTP (001 §5.2.11, §5.3.3, §5.4.3; 004 §九(二)–(四)).</summary>
public static class PlacesApi
{
    public static WebApplicationBuilder AddPlaces(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PlaceService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPlaces(this IEndpointRouteBuilder app)
    {
        var places = app.MapGroup("/api/places").WithTags("Public places").RequireJurisdiction().WithRefusals();
        places.MapGet("/", async (HttpContext http, AppDbContext db, FactsCache facts, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<PublicPlace, PlaceStatus>(jurisdiction, db, ByName, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await ListAsync(jurisdiction, db, facts.Plan, list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<PlaceDto>>()
            .WithName("ListPlaces").WithSummary("The register of public places, by name, a page at a time, each with the state the response in force asks for (plan publicPlaces); status=open|limited|closed, region, q: name prefix");
        places.MapPost("/", async (NewPlace request, HttpContext http, PlaceService service, AppDbContext db, FactsCache facts, CancellationToken ct) =>
                await AnswerAsync(await service.RegisterAsync(request, http.User, http.Jurisdiction(), ct), db, facts.Plan, ct, created: true))
            .Produces<PlaceDto>(StatusCodes.Status201Created).WithName("RegisterPlace").WithSummary("Register a public place (kind, county or below, status); headquarters only");
        places.MapPost("/{id:long}/status", async (long id, PlaceChange change, HttpContext http, PlaceService service, AppDbContext db, FactsCache facts, CancellationToken ct) =>
                await AnswerAsync(await service.ChangeAsync(id, change, http.User, http.Jurisdiction(), ct), db, facts.Plan, ct))
            .Produces<PlaceDto>().WithName("ChangePlaceStatus").WithSummary("Open, limit or close a place, with a note; version from the last read");

        var checkpoints = app.MapGroup("/api/checkpoints").WithTags("Checkpoints").RequireJurisdiction().WithRefusals();
        checkpoints.MapGet("/", async (HttpContext http, AppDbContext db, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<Checkpoint, NoStatus>(jurisdiction, db, Checkpoints, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await CheckpointsAsync(jurisdiction, db, list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<CheckpointDto>>()
            .WithName("ListCheckpoints").WithSummary("Checkpoints by name with staffing and the last seven days' counts, a page at a time; region, q: name prefix");
        checkpoints.MapPost("/", async (NewCheckpoint request, HttpContext http, PlaceService service, AppDbContext db, CancellationToken ct) =>
                await CheckpointAnswerAsync(await service.RegisterCheckpointAsync(request, http.User, http.Jurisdiction(), ct), db, ct, created: true))
            .Produces<CheckpointDto>(StatusCodes.Status201Created).WithName("RegisterCheckpoint").WithSummary("Register a checkpoint (region, name, location, staff); headquarters only");
        checkpoints.MapPost("/{id:long}/days", async (long id, CheckpointCounts counts, HttpContext http, PlaceService service, AppDbContext db, CancellationToken ct) =>
                await CheckpointAnswerAsync(await service.RecordDayAsync(id, counts, http.User, http.Jurisdiction(), ct), db, ct))
            .Produces<CheckpointDto>().WithName("RecordCheckpointDay").WithSummary("A day's counts: vehicles, people checked, turned back, staff (today unless day is given; a later report of a day replaces it)");
        return app;
    }

    public static readonly Keyset<PublicPlace> ByName = Keyset<PublicPlace>.By(p => p.Name, p => p.Id);
    public static readonly ListShape<PublicPlace, PlaceStatus> Shape = new(p => p.Status, null, p => p.Name);
    public static readonly Keyset<Checkpoint> Checkpoints = Keyset<Checkpoint>.By(c => c.Name, c => c.Id);
    public static readonly ListShape<Checkpoint, NoStatus> CheckpointShape = new(null, null, c => c.Name);

    public static Task<Page<PlaceDto>> ListAsync(Jurisdiction jurisdiction, AppDbContext db, Plan plan, ListFilter<PlaceStatus> filter, PageRequest page, CancellationToken ct) =>
        ByName.PageAsync(Shape.Apply(db.PublicPlaces.AsNoTracking(), jurisdiction, filter), page, (places, token) => DtosAsync(db, plan, places, token), ct);

    public static Task<Page<CheckpointDto>> CheckpointsAsync(Jurisdiction jurisdiction, AppDbContext db, ListFilter<NoStatus> filter, PageRequest page, CancellationToken ct) =>
        Checkpoints.PageAsync(CheckpointShape.Apply(db.Checkpoints.AsNoTracking(), jurisdiction, filter), page, (rows, token) => CheckpointDtosAsync(db, rows, token), ct);

    private static async Task<IReadOnlyList<PlaceDto>> DtosAsync(AppDbContext db, Plan plan, IReadOnlyList<PublicPlace> places, CancellationToken ct)
    {
        var levelOf = await PlaceService.LevelsAsync(db, plan, places.Select(p => p.RegionPath), ct);
        var names = await NamesAsync(db, places.Select(p => p.RegionCode), ct);
        return places.Select(p =>
        {
            var level = levelOf(p.RegionPath);
            var required = PlaceRules.Required(plan, level, p.Kind);
            return new PlaceDto(p.Id, p.RegionCode, names.GetValueOrDefault(p.RegionCode, p.RegionCode), p.Name, p.Kind, EnumNames.Of(p.Status), p.Note, level,
                required is { } r ? EnumNames.Of(r.Status) : null, required?.Clause, required is not { } need || PlaceRules.Complies(p.Status, need.Status),
                p.ChangedBy, p.ChangedAt, p.Version);
        }).ToList();
    }

    private static async Task<IReadOnlyList<CheckpointDto>> CheckpointDtosAsync(AppDbContext db, IReadOnlyList<Checkpoint> rows, CancellationToken ct)
    {
        var ids = rows.Select(c => c.Id).ToList();
        var days = (await db.CheckpointDays.AsNoTracking().Where(d => ids.Contains(d.CheckpointId)).ToListAsync(ct)).ToLookup(d => d.CheckpointId);
        var names = await NamesAsync(db, rows.Select(c => c.RegionCode), ct);
        return rows.Select(c => new CheckpointDto(c.Id, c.RegionCode, names.GetValueOrDefault(c.RegionCode, c.RegionCode), c.Name, c.Location, c.Staff,
            days[c.Id].OrderByDescending(d => d.Day).Take(7).Select(d => new CheckpointDayDto(d.Day, d.Vehicles, d.People, d.TurnedBack, d.Staff, d.RecordedBy, d.RecordedAt)).ToList())).ToList();
    }

    private static async Task<Dictionary<string, string>> NamesAsync(AppDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        return await db.Regions.AsNoTracking().Where(r => list.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
    }

    private static async Task<IResult> AnswerAsync(Outcome<PublicPlace> outcome, AppDbContext db, Plan plan, CancellationToken ct, bool created = false)
    {
        if (outcome.Problem is { } problem) return problem.ToHttp();
        var dto = (await DtosAsync(db, plan, [outcome.Value!], ct))[0];
        return created ? TypedResults.Created($"/api/places/{dto.Id}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<IResult> CheckpointAnswerAsync(Outcome<Checkpoint> outcome, AppDbContext db, CancellationToken ct, bool created = false)
    {
        if (outcome.Problem is { } problem) return problem.ToHttp();
        var dto = (await CheckpointDtosAsync(db, [outcome.Value!], ct))[0];
        return created ? TypedResults.Created($"/api/checkpoints/{dto.Id}", dto) : TypedResults.Ok(dto);
    }
}
