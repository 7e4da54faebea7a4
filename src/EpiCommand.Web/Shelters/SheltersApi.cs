using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Places;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Shelters;

public sealed record ShelterMovementDto(long Id, string Kind, int Count, int OccupiedAfter, string? Note, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>
/// A Fangcang site as listed: its state and beds in use, the response <see cref="Level"/> in force over its region, the next
/// step that level allows (<see cref="Allowed"/>: <c>prepared</c>, <c>active</c> or null) and its last ten movements, newest first.
/// </summary>
public sealed record ShelterDto(long Id, string Region, string RegionName, string Name, string Address, int Beds, int Staff, string Status, int Occupied,
    string? Level, string? Allowed, string ChangedBy, DateTimeOffset ChangedAt, int Version, IReadOnlyList<ShelterMovementDto> Movements);

/// <summary>Fangcang shelter hospitals over HTTP (001 §5.4.4; 004 §七(十), §九(四)3).</summary>
public static class SheltersApi
{
    private const int ShownMovements = 10;

    public static WebApplicationBuilder AddShelters(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ShelterService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapShelters(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/shelters").WithTags("Fangcang shelter hospitals").RequireJurisdiction().WithRefusals();
        group.MapGet("/", async (HttpContext http, AppDbContext db, FactsCache facts, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<ShelterHospital, ShelterStatus>(jurisdiction, db, ByName, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await ListAsync(jurisdiction, db, facts.Plan, list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<ShelterDto>>()
            .WithName("ListShelters").WithSummary("Fangcang shelter hospital sites by name, a page at a time, with beds in use and the response in force; status=reserve|prepared|active, region, q: name prefix");
        group.MapPost("/", async (NewShelter request, HttpContext http, ShelterService service, AppDbContext db, FactsCache facts, CancellationToken ct) =>
                await AnswerAsync(await service.RegisterAsync(request, http.User, http.Jurisdiction(), ct), db, facts.Plan, ct, created: true))
            .Produces<ShelterDto>(StatusCodes.Status201Created).WithName("RegisterShelter").WithSummary("Register a site in reserve (region, name, address, beds, staff); headquarters only");
        group.MapPost("/{id:long}/status", async (long id, ShelterChange change, HttpContext http, ShelterService service, AppDbContext db, FactsCache facts, CancellationToken ct) =>
                await AnswerAsync(await service.ChangeAsync(id, change, http.User, http.Jurisdiction(), ct), db, facts.Plan, ct))
            .Produces<ShelterDto>().WithName("ChangeShelterStatus").WithSummary("Prepare (plan: II), activate (plan: I) or stand down a site; version from the last read");
        group.MapPost("/{id:long}/movements", async (long id, ShelterMove move, HttpContext http, ShelterService service, AppDbContext db, FactsCache facts, CancellationToken ct) =>
                await AnswerAsync(await service.MoveAsync(id, move, http.User, http.Jurisdiction(), ct), db, facts.Plan, ct))
            .Produces<ShelterDto>().WithName("MoveShelterPatients").WithSummary("Patients admitted to (kind=admission, active sites, never above the beds) or discharged from a site");
        group.MapGet("/{id:long}/movements", async (long id, HttpContext http, AppDbContext db, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var page = query.Page(errors, Movements);
                if (errors.Problem is { } invalid) return invalid.ToHttp();
                return (await MovementsAsync(http.Jurisdiction(), db, id, page, ct)).ToHttp(p => p);
            })
            .Produces<Page<ShelterMovementDto>>()
            .WithName("ListShelterMovements").WithSummary("A site's whole movement history (admissions and discharges, each with the beds in use after it), newest first, a page at a time (after, limit)");
        return app;
    }

    /// <summary>A site's movements, newest first (the order they were written).</summary>
    public static readonly Keyset<ShelterMovement> Movements = Keyset<ShelterMovement>.By(m => m.Id, descending: true);

    /// <summary>A page of a site's movement history; the site must lie in the jurisdiction (else 404, as for its other endpoints).</summary>
    public static async Task<Outcome<Page<ShelterMovementDto>>> MovementsAsync(Jurisdiction jurisdiction, AppDbContext db, long id, PageRequest page, CancellationToken ct)
    {
        if (!await jurisdiction.Scope(db.ShelterHospitals.AsNoTracking()).AnyAsync(s => s.Id == id, ct)) return Problem.NotFound("no-such-shelter", Messages.NoSuchShelter(id));
        return await Movements.PageAsync(db.ShelterMovements.AsNoTracking().Where(m => m.ShelterId == id), page, ToDto, ct);
    }

    private static ShelterMovementDto ToDto(ShelterMovement m) => new(m.Id, EnumNames.Of(m.Kind), m.Count, m.OccupiedAfter, m.Note, m.RecordedBy, m.RecordedAt);

    public static readonly Keyset<ShelterHospital> ByName = Keyset<ShelterHospital>.By(s => s.Name, s => s.Id);
    public static readonly ListShape<ShelterHospital, ShelterStatus> Shape = new(s => s.Status, null, s => s.Name);

    public static Task<Page<ShelterDto>> ListAsync(Jurisdiction jurisdiction, AppDbContext db, Plan plan, ListFilter<ShelterStatus> filter, PageRequest page, CancellationToken ct) =>
        ByName.PageAsync(Shape.Apply(db.ShelterHospitals.AsNoTracking(), jurisdiction, filter), page, (rows, token) => DtosAsync(db, plan, rows, token), ct);

    private static async Task<IReadOnlyList<ShelterDto>> DtosAsync(AppDbContext db, Plan plan, IReadOnlyList<ShelterHospital> rows, CancellationToken ct)
    {
        var levelOf = await PlaceService.LevelsAsync(db, plan, rows.Select(s => s.RegionPath), ct);
        var codes = rows.Select(s => s.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        // The last movements of every site of the page in one query (a window per site), not one query per site.
        var ids = rows.Select(s => s.Id).ToList();
        var movements = await db.ShelterHospitals.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, Last = db.ShelterMovements.Where(m => m.ShelterId == s.Id).OrderByDescending(m => m.Id).Take(ShownMovements).ToList() })
            .ToDictionaryAsync(x => x.Id, x => x.Last.Select(ToDto).ToList(), ct);
        return rows.Select(s =>
        {
            var level = levelOf(s.RegionPath);
            ShelterStatus? allowed = ShelterRules.Unmet(plan, level, ShelterStatus.Active) is null ? ShelterStatus.Active
                : ShelterRules.Unmet(plan, level, ShelterStatus.Prepared) is null ? ShelterStatus.Prepared : null;
            return new ShelterDto(s.Id, s.RegionCode, names.GetValueOrDefault(s.RegionCode, s.RegionCode), s.Name, s.Address, s.Beds, s.Staff, EnumNames.Of(s.Status), s.Occupied,
                level, allowed is { } a ? EnumNames.Of(a) : null, s.ChangedBy, s.ChangedAt, s.Version, movements[s.Id]);
        }).ToList();
    }

    private static async Task<IResult> AnswerAsync(Outcome<ShelterHospital> outcome, AppDbContext db, Plan plan, CancellationToken ct, bool created = false)
    {
        if (outcome.Problem is { } problem) return problem.ToHttp();
        var dto = (await DtosAsync(db, plan, [outcome.Value!], ct))[0];
        return created ? TypedResults.Created($"/api/shelters/{dto.Id}", dto) : TypedResults.Ok(dto);
    }
}
