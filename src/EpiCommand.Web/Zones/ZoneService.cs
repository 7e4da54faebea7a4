using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Zones;

public sealed record NewZone(string? Region, string? Kind, string? UnitKind, string? Name, string? Reason, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);

/// <summary>A change to a zone; <see cref="Version"/>, when given, must be the version the client saw.</summary>
public sealed record ZoneChange(int? Version, DateTimeOffset? EndsAt, string? Reason);

/// <summary>
/// Control zones at minimum units (001 §5.2.6; 004 §九(一)6) and lockdowns of epidemic areas under a level III response
/// or above (001 §5.3.2): designated as drafts, published, extended and lifted by headquarters. Every step is audited;
/// publishing and lifting tell the region.
/// </summary>
public sealed class ZoneService(AppDbContext db, FactsCache facts, TimeProvider clock, Notifier notifier, Map.MapPlacement placement)
{
    private Plan Plan => facts.Plan;

    public async Task<Outcome<ControlZone>> DesignateAsync(NewZone request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Headquarters)) return Problem.Forbidden("designate-not-allowed", Messages.DesignateNotAllowed);
        var found = await RegionLookup.FindAsync(jurisdiction, db, request.Region, "region", ct);
        if (found.Problem is { } noRegion) return noRegion;
        var region = found.Value!;
        var errors = new FieldErrors();
        if (region.Level < RegionLevel.County) errors.Add("region", Messages.ZoneAtMinimumUnit(region));
        if (!EnumNames.TryParse<ZoneKind>(request.Kind, out var kind)) errors.Add("kind", Messages.OneOf(request.Kind ?? "", "controlZone, lockdown"));

        var unitKind = ZoneRules.LockdownUnitKind;
        if (kind == ZoneKind.ControlZone)
        {
            if (request.UnitKind is null || !ZoneRules.UnitKinds.ContainsKey(request.UnitKind)) errors.Add("unitKind", Messages.NotAMinimumUnit(request.UnitKind));
            else unitKind = request.UnitKind;
        }
        else if (request.UnitKind is not null && request.UnitKind != ZoneRules.LockdownUnitKind)
        {
            errors.Add("unitKind", Messages.LockdownIsAnArea(request.UnitKind));
        }
        var name = errors.Text("name", request.Name, Limits.LineCharacters, Messages.ZoneNameRequired);
        var reason = errors.Text("reason", request.Reason, Limits.NoteCharacters, Messages.Required(new("划定理由", "the reason")), multiline: true);
        var now = clock.GetUtcNow();
        var startsAt = request.StartsAt?.ToUniversalTime() ?? now;
        var endsAt = request.EndsAt?.ToUniversalTime() ?? startsAt.AddDays(ZoneRules.DefaultDays(Plan));
        if (endsAt <= startsAt) errors.Add("endsAt", Messages.EndBeforeStart(endsAt, startsAt));
        else if (endsAt <= now) errors.Add("endsAt", Messages.EndPassed(endsAt));
        errors.NotFarAhead("startsAt", startsAt, now);
        errors.NotFarAhead("endsAt", endsAt, now);
        if (errors.Problem is { } invalid) return invalid;
        if (kind == ZoneKind.Lockdown && await LockdownRefusalAsync(region, ct) is { } refused) return refused;

        var zone = new ControlZone
        {
            RegionCode = region.Code, RegionPath = region.Path, Kind = kind, UnitKind = unitKind, Name = name!, Reason = reason!,
            State = ZoneState.Draft, StartsAt = startsAt, EndsAt = endsAt, CreatedBy = user.UserName(), CreatedAt = now,
        };
        db.ControlZones.Add(zone);
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("zone.designated", zone, new { zone.Kind, zone.UnitKind, zone.Name, zone.Reason, zone.StartsAt, zone.EndsAt })], ct);
        return zone;
    }

    /// <summary>Draft → published; the region is told (001 §5.2.6 "及时公布防控区域相关信息"). A lockdown is checked again against the response in force.</summary>
    public async Task<Outcome<ControlZone>> PublishAsync(long id, ZoneChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (zone, region, refused) = await FindAsync(id, change, user, jurisdiction, ct);
        if (refused is not null) return refused;
        var now = clock.GetUtcNow();
        if (zone!.State != ZoneState.Draft) return Problem.Conflict("zone-state", Messages.OnlyDraftsPublished(id, zone.State));
        if (zone.EndsAt <= now) return Problem.Rule("zone-ended", Messages.ZoneEndPassed(id, zone.EndsAt));
        if (zone.Kind == ZoneKind.Lockdown && await LockdownRefusalAsync(region!, ct) is { } lockdown) return lockdown;
        zone.State = ZoneState.Published;
        zone.PublishedBy = user.UserName();
        zone.PublishedAt = now;
        return await SaveAsync(zone, region!, user, now, "zone.published", new { zone.StartsAt, zone.EndsAt },
            $"{KindName(zone.Kind)}已发布：{region!.Name}{zone.Name}",
            $"{ZoneRules.UnitKindName(zone.UnitKind)}，{ChinaTime.Format(zone.StartsAt)} 至 {ChinaTime.Format(zone.EndsAt)}。理由：{zone.Reason}", ct);
    }

    /// <summary>A new end, later than the current one; a published zone's region is told.</summary>
    public async Task<Outcome<ControlZone>> ExtendAsync(long id, ZoneChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (zone, region, refused) = await FindAsync(id, change, user, jurisdiction, ct);
        if (refused is not null) return refused;
        var now = clock.GetUtcNow();
        if (zone!.State == ZoneState.Lifted) return Problem.Conflict("zone-state", Messages.LiftedCannotExtend(id));
        if (change.EndsAt?.ToUniversalTime() is not { } endsAt) return Problem.Invalid("endsAt", Messages.Required(new("新的结束时间", "the new end")));
        if (endsAt <= zone.EndsAt) return Problem.Invalid("endsAt", Messages.ExtensionNotLater(endsAt, zone.EndsAt));
        if (endsAt <= now) return Problem.Invalid("endsAt", Messages.EndPassed(endsAt));
        if (endsAt > now + Limits.PlannedAhead) return Problem.Invalid("endsAt", Messages.TooFarAhead((int)Limits.PlannedAhead.TotalDays));
        // 001 §5.3.2: a lockdown holds only under the response the plan requires — an extension is checked again.
        if (zone.Kind == ZoneKind.Lockdown && await LockdownRefusalAsync(region!, ct) is { } lockdown) return lockdown;
        var previous = zone.EndsAt;
        zone.EndsAt = endsAt;
        var published = zone.State == ZoneState.Published;
        return await SaveAsync(zone, region!, user, now, "zone.extended", new { from = previous, to = endsAt },
            published ? $"{KindName(zone.Kind)}延期：{region!.Name}{zone.Name}" : null, $"延至 {ChinaTime.Format(endsAt)}（原 {ChinaTime.Format(previous)}）。", ct);
    }

    /// <summary>Lifts a draft or published zone, with the reason; a published zone's region is told.</summary>
    public async Task<Outcome<ControlZone>> LiftAsync(long id, ZoneChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (zone, region, refused) = await FindAsync(id, change, user, jurisdiction, ct);
        if (refused is not null) return refused;
        var now = clock.GetUtcNow();
        if (zone!.State == ZoneState.Lifted) return Problem.Conflict("zone-state", Messages.ZoneAlreadyLifted(id, zone.LiftedAt!.Value));
        if (TextFields.Check("reason", change.Reason, Limits.NoteCharacters, Messages.Required(new("解除理由", "the reason for lifting")), multiline: true) is { } badReason) return badReason;
        var published = zone.State == ZoneState.Published;
        zone.State = ZoneState.Lifted;
        zone.LiftedBy = user.UserName();
        zone.LiftedAt = now;
        zone.LiftReason = change.Reason!.Trim();
        return await SaveAsync(zone, region!, user, now, "zone.lifted", new { reason = zone.LiftReason },
            published ? $"{KindName(zone.Kind)}已解除：{region!.Name}{zone.Name}" : null, $"{ChinaTime.Format(now)} 解除。理由：{zone.LiftReason}", ct);
    }

    /// <summary>
    /// Places the zone on the county map where a person clicked (issue 14), inside its county's boundary; <paramref name="point"/>
    /// null removes it (the zone is drawn at its county's centre again). Nobody is notified: the zone itself has not changed.
    /// </summary>
    public async Task<Outcome<ControlZone>> PlaceAsync(long id, Map.MapPointInput? point, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (zone, _, refused) = await FindAsync(id, new ZoneChange(point?.Version, null, null), user, jurisdiction, ct);
        if (refused is not null) return refused;
        if (point is not null && await placement.CheckAsync(zone!.RegionPath, point, ct) is { } outside) return outside;
        var from = new { zone!.Longitude, zone.Latitude };
        (zone.Longitude, zone.Latitude) = (point?.Longitude, point?.Latitude);
        zone.Version++;
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), clock.GetUtcNow(), Audit(point is null ? "zone.unplaced" : "zone.placed", zone, new { from, to = new { zone.Longitude, zone.Latitude } }), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Conflict("zone-changed", Messages.ZoneChangedMeanwhile(zone.Id));
        }
        return zone;
    }

    private async Task<(ControlZone? Zone, Region? Region, Problem? Problem)> FindAsync(long id, ZoneChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var zone = await db.ControlZones.FirstOrDefaultAsync(z => z.Id == id, ct);
        if (zone is null || !jurisdiction.Covers(zone)) return (null, null, Problem.NotFound("no-such-zone", Messages.NoSuchZone(id)));
        if (!user.IsInRole(Roles.Headquarters)) return (null, null, Problem.Forbidden("zone-change-not-allowed", Messages.ZoneChangeNotAllowed));
        if (change.Version is { } seen && seen != zone.Version) return (null, null, Problem.Conflict("zone-changed", Messages.ZoneVersionChanged(id, zone.Version, seen)));
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == zone.RegionCode, ct);
        return (zone, region, null);
    }

    /// <summary>Saves the change with its audit entry; when <paramref name="title"/> is given the region is told.</summary>
    private async Task<Outcome<ControlZone>> SaveAsync(ControlZone zone, Region region, ClaimsPrincipal user, DateTimeOffset now,
        string action, object data, string? title, string body, CancellationToken ct)
    {
        zone.Version++;
        var messages = title is null ? [] : Notifier.Add(db, now, await MessagesAsync(region, title, body, ct));
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, Audit(action, zone, data), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Conflict("zone-changed", Messages.ZoneChangedMeanwhile(zone.Id));
        }
        await notifier.SendAsync(db, messages, ct);
        return zone;
    }

    /// <summary>
    /// 001 §5.3.2: refused unless a response the plan allows lockdowns under (<c>lockdown.minimumLevel</c>: III or above) is in
    /// force for the region or a region above it (the city runs III, the region II and I — 001 §5.3.1, §5.4.1). The refusal names what is in force.
    /// </summary>
    private async Task<Problem?> LockdownRefusalAsync(Region region, CancellationToken ct)
    {
        var codes = region.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var inForce = await db.Activations.AsNoTracking().Where(a => a.EndedAt == null && codes.Contains(a.RegionCode)).ToListAsync(ct);
        if (inForce.Any(a => ZoneRules.PermitsLockdown(Plan, a.Level))) return null;
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var current = inForce.Select(a => (names.GetValueOrDefault(a.RegionCode, a.RegionCode), a.Level)).ToList();
        return Problem.Rule("lockdown-needs-response", Messages.LockdownNeedsResponse(Plan, region.Name, current));
    }

    /// <summary>The zone's region is told; a zone below a county also tells the county, whose headquarters runs it.</summary>
    private async Task<List<Message>> MessagesAsync(Region region, string title, string body, CancellationToken ct)
    {
        var messages = new List<Message> { new(region.Code, region.Path, title, body, "/zones") };
        if (region.Level > RegionLevel.County)
        {
            var codes = region.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var county = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => codes.Contains(r.Code) && r.Level == RegionLevel.County, ct);
            if (county is not null) messages.Add(new Message(county.Code, county.Path, title, body, "/zones"));
        }
        return messages;
    }

    private static AuditRecord Audit(string action, ControlZone zone, object data) => new(action, "zone", zone.Id.ToString(CultureInfo.InvariantCulture), data, zone.RegionPath);

    public static string KindName(ZoneKind kind) => kind == ZoneKind.Lockdown ? "封锁疫区" : "管控区域";

    public static string StateName(ZoneState state) => state switch
    {
        ZoneState.Draft => "草稿",
        ZoneState.Published => "已发布",
        _ => "已解除",
    };
}
