using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Zones;

/// <summary>
/// A zone as listed. <see cref="State"/> is the stored state (draft, published, lifted); <see cref="Status"/> adds the clock:
/// a published zone is scheduled before its start, active until its end, then expired.
/// </summary>
public sealed record ZoneDto(
    long Id, string Region, string RegionName, string Kind, string UnitKind, string Name, string Reason, string State, string Status,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy, DateTimeOffset CreatedAt, string? PublishedBy, DateTimeOffset? PublishedAt,
    string? LiftedBy, DateTimeOffset? LiftedAt, string? LiftReason, double? Longitude, double? Latitude, int Version);

/// <summary>Control zones and lockdowns (requirements E3): list, designate, publish, extend, lift.</summary>
/// <summary>Where a zone stands at a moment (<see cref="ZonesApi.StatusOf"/>), as a list's <c>status</c> filter.</summary>
public enum ZoneStatus { Active, Scheduled, Draft, Expired, Lifted }

public static class ZonesApi
{
    public static WebApplicationBuilder AddZones(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ZoneService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapZones(this IEndpointRouteBuilder app)
    {
        var zones = app.MapGroup("/api/zones").WithTags("Zones").RequireJurisdiction();
        zones.MapGet("/", async (HttpContext http, AppDbContext db, TimeProvider clock, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<ControlZone, ZoneStatus>(jurisdiction, db, Newest, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await ListAsync(jurisdiction, db, clock.GetUtcNow(), list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<ZoneDto>>()
            .WithName("ListZones").WithSummary("Control zones and lockdowns of the jurisdiction, newest first, a page at a time; status=active|scheduled|draft|expired|lifted, region, start from/to; q: name prefix");
        zones.MapGet("/{id:long}", async Task<Results<Ok<ZoneDto>, NotFound>> (long id, HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var zone = await http.Jurisdiction().Scope(db.ControlZones.AsNoTracking()).FirstOrDefaultAsync(z => z.Id == id, ct);
                if (zone is null) return TypedResults.NotFound();
                var name = await db.Regions.Where(r => r.Code == zone.RegionCode).Select(r => r.Name).FirstAsync(ct);
                return TypedResults.Ok(ToDto(zone, name, clock.GetUtcNow()));
            })
            .WithName("GetZone");
        zones.MapPost("/", async (NewZone request, HttpContext http, ZoneService service, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
                await AnswerAsync(await service.DesignateAsync(request, http.User, http.Jurisdiction(), ct), db, clock, ct, created: true))
            .WithName("DesignateZone")
            .WithSummary("Designate a control zone at a minimum unit (001 §5.2.6), or a lockdown of an epidemic area under a level III response or above (001 §5.3.2), as a draft; headquarters only");
        zones.MapPost("/{id:long}/publish", async (long id, ZoneChange change, HttpContext http, ZoneService service, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
                await AnswerAsync(await service.PublishAsync(id, change, http.User, http.Jurisdiction(), ct), db, clock, ct))
            .WithName("PublishZone").WithSummary("Publish a draft zone; the region is notified");
        zones.MapPost("/{id:long}/extend", async (long id, ZoneChange change, HttpContext http, ZoneService service, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
                await AnswerAsync(await service.ExtendAsync(id, change, http.User, http.Jurisdiction(), ct), db, clock, ct))
            .WithName("ExtendZone").WithSummary("Move a zone's end later (endsAt)");
        zones.MapPost("/{id:long}/lift", async (long id, ZoneChange change, HttpContext http, ZoneService service, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
                await AnswerAsync(await service.LiftAsync(id, change, http.User, http.Jurisdiction(), ct), db, clock, ct))
            .WithName("LiftZone").WithSummary("Lift a zone, with the reason; the region is notified if it was published");
        zones.MapPut("/{id:long}/point", async (long id, Map.MapPointInput point, HttpContext http, ZoneService service, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
                await AnswerAsync(await service.PlaceAsync(id, point, http.User, http.Jurisdiction(), ct), db, clock, ct))
            .WithName("PlaceZone").WithSummary("Place the zone on the county map (longitude, latitude, WGS-84) inside its county's boundary; headquarters only");
        zones.MapDelete("/{id:long}/point", async (long id, HttpContext http, ZoneService service, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
                await AnswerAsync(await service.PlaceAsync(id, null, http.User, http.Jurisdiction(), ct), db, clock, ct))
            .WithName("UnplaceZone").WithSummary("Remove the zone's point: it is drawn at its county's centre again");
        return app;
    }

    /// <summary>Newest first (issue 12 §1: a page at a time, as every list); the status filter finds the active ones.</summary>
    public static readonly Keyset<ControlZone> Newest = Keyset<ControlZone>.By(z => z.Id, descending: true);

    public static readonly ListShape<ControlZone, ZoneStatus> Shape = new(null, z => z.StartsAt, z => z.Name);

    /// <summary>A page of the zones of the jurisdiction a filter keeps; the status, computed from now (<see cref="StatusOf"/>), filtered in SQL.</summary>
    public static Task<Page<ZoneDto>> ListAsync(Jurisdiction jurisdiction, AppDbContext db, DateTimeOffset now, ListFilter<ZoneStatus> filter, PageRequest page, CancellationToken ct)
    {
        var query = WithStatus(Shape.Apply(db.ControlZones.AsNoTracking(), jurisdiction, filter), filter.Status, now);
        return Newest.PageAsync(query, page, async (zones, token) =>
        {
            var codes = zones.Select(z => z.RegionCode).Distinct().ToList();
            var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, token);
            return (IReadOnlyList<ZoneDto>)zones.Select(z => ToDto(z, names.GetValueOrDefault(z.RegionCode, z.RegionCode), now)).ToList();
        }, ct);
    }

    /// <summary>The zones whose status at <paramref name="now"/> (<see cref="StatusOf"/>) is <paramref name="status"/>, in SQL; all of them for none.</summary>
    public static IQueryable<ControlZone> WithStatus(IQueryable<ControlZone> query, ZoneStatus? status, DateTimeOffset now) =>
        status switch
        {
            ZoneStatus.Draft => query.Where(z => z.State == ZoneState.Draft),
            ZoneStatus.Lifted => query.Where(z => z.State == ZoneState.Lifted),
            ZoneStatus.Scheduled => query.Where(z => z.State == ZoneState.Published && now < z.StartsAt),
            ZoneStatus.Expired => query.Where(z => z.State == ZoneState.Published && now >= z.EndsAt),
            ZoneStatus.Active => query.Where(z => z.State == ZoneState.Published && now >= z.StartsAt && now < z.EndsAt),
            _ => query,
        };

    public static string StatusOf(ControlZone zone, DateTimeOffset now) => zone.State switch
    {
        ZoneState.Draft => "draft",
        ZoneState.Lifted => "lifted",
        _ when now < zone.StartsAt => "scheduled",
        _ when now >= zone.EndsAt => "expired",
        _ => "active",
    };

    public static ZoneDto ToDto(ControlZone z, string regionName, DateTimeOffset now) => new(
        z.Id, z.RegionCode, regionName, EnumNames.Of(z.Kind), z.UnitKind, z.Name, z.Reason, EnumNames.Of(z.State), StatusOf(z, now),
        z.StartsAt, z.EndsAt, z.CreatedBy, z.CreatedAt, z.PublishedBy, z.PublishedAt, z.LiftedBy, z.LiftedAt, z.LiftReason, z.Longitude, z.Latitude, z.Version);

    private static async Task<IResult> AnswerAsync(Outcome<ControlZone> outcome, AppDbContext db, TimeProvider clock, CancellationToken ct, bool created = false)
    {
        if (outcome.Problem is { } problem) return problem.ToHttp();
        var zone = outcome.Value!;
        var name = await db.Regions.Where(r => r.Code == zone.RegionCode).Select(r => r.Name).FirstAsync(ct);
        var dto = ToDto(zone, name, clock.GetUtcNow());
        return created ? TypedResults.Created($"/api/zones/{zone.Id}", dto) : TypedResults.Ok(dto);
    }
}
