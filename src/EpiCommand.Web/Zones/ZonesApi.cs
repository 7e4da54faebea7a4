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
    string? LiftedBy, DateTimeOffset? LiftedAt, string? LiftReason, int Version);

/// <summary>Control zones and lockdowns (requirements E3): list, designate, publish, extend, lift.</summary>
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
        zones.MapGet("/", async (HttpContext http, AppDbContext db, TimeProvider clock, string? region, CancellationToken ct) =>
                TypedResults.Ok(await ListAsync(http.Jurisdiction(), db, clock.GetUtcNow(), region, ct)))
            .WithName("ListZones").WithSummary("Control zones and lockdowns of the jurisdiction (optionally at or below one region), active first");
        zones.MapGet("/{id:long}", async Task<Results<Ok<ZoneDto>, NotFound>> (long id, HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
                (await ListAsync(http.Jurisdiction(), db, clock.GetUtcNow(), null, ct, id)).FirstOrDefault() is { } zone ? TypedResults.Ok(zone) : TypedResults.NotFound())
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
        return app;
    }

    /// <summary>The zones of the jurisdiction: active, scheduled, drafts, expired, lifted; newest start first within each.</summary>
    public static async Task<List<ZoneDto>> ListAsync(Jurisdiction jurisdiction, AppDbContext db, DateTimeOffset now, string? region, CancellationToken ct, long? id = null)
    {
        var query = jurisdiction.Scope(db.ControlZones.AsNoTracking());
        if (id is { } one) query = query.Where(z => z.Id == one);
        if (region is { Length: > 0 })
        {
            var path = await db.Regions.Where(r => r.Code == region).Select(r => r.Path).FirstOrDefaultAsync(ct);
            query = path is null ? query.Where(_ => false) : query.Where(z => z.RegionPath.StartsWith(path));
        }
        var zones = await query.OrderByDescending(z => z.Id).Take(1000).ToListAsync(ct);
        var codes = zones.Select(z => z.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return zones.Select(z => ToDto(z, names.GetValueOrDefault(z.RegionCode, z.RegionCode), now))
            .OrderBy(z => Array.IndexOf(StatusOrder, z.Status)).ThenByDescending(z => z.StartsAt).ToList();
    }

    private static readonly string[] StatusOrder = ["active", "scheduled", "draft", "expired", "lifted"];

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
        z.StartsAt, z.EndsAt, z.CreatedBy, z.CreatedAt, z.PublishedBy, z.PublishedAt, z.LiftedBy, z.LiftedAt, z.LiftReason, z.Version);

    private static async Task<IResult> AnswerAsync(Outcome<ControlZone> outcome, AppDbContext db, TimeProvider clock, CancellationToken ct, bool created = false)
    {
        if (outcome.Problem is { } problem) return problem.ToHttp();
        var zone = outcome.Value!;
        var name = await db.Regions.Where(r => r.Code == zone.RegionCode).Select(r => r.Name).FirstAsync(ct);
        var dto = ToDto(zone, name, clock.GetUtcNow());
        return created ? TypedResults.Created($"/api/zones/{zone.Id}", dto) : TypedResults.Ok(dto);
    }
}
