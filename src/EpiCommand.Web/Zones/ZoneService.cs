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
public sealed class ZoneService(AppDbContext db, FactsCache facts, TimeProvider clock, Notifier notifier)
{
    private Plan Plan => facts.Plan;

    public async Task<(ControlZone? Zone, Refusal? Refusal)> DesignateAsync(NewZone request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Headquarters)) return (null, Refusal.Forbidden("只有指挥部可以划定管控区域或封锁疫区。"));
        if (string.IsNullOrWhiteSpace(request.Region)) return (null, Refusal.Rule("region: 请指明所在地区（社区、苏木乡镇或旗县市区）。"));
        var (access, region) = await jurisdiction.FindRegionAsync(db, request.Region.Trim(), ct);
        if (access == RegionAccess.NotFound) return (null, Refusal.NotFound($"region: 没有代码为“{request.Region}”的地区。"));
        if (access == RegionAccess.Forbidden) return (null, Refusal.Forbidden($"region: {request.Region} 不在您的管辖范围内。"));
        if (region!.Level < RegionLevel.County)
        {
            return (null, Refusal.Rule($"region: 管控区域划至最小单元（001 §5.2.6），应选择旗县市区、苏木乡镇或社区，而“{region.Name}”是{region.Level.ToChinese()}。"));
        }
        if (!EnumNames.TryParse<ZoneKind>(request.Kind, out var kind)) return (null, Refusal.Rule($"kind: “{request.Kind}”不是 controlZone、lockdown 之一。"));

        string unitKind;
        if (kind == ZoneKind.ControlZone)
        {
            if (request.UnitKind is null || !ZoneRules.UnitKinds.ContainsKey(request.UnitKind))
            {
                return (null, Refusal.Rule($"unitKind: “{request.UnitKind}”不是最小单元之一（{string.Join("、", ZoneRules.UnitKinds.Select(u => $"{u.Key} {u.Value.Zh}"))}）。"));
            }
            unitKind = request.UnitKind;
        }
        else
        {
            if (request.UnitKind is not null && request.UnitKind != ZoneRules.LockdownUnitKind)
            {
                return (null, Refusal.Rule($"unitKind: 封锁的是疫区（{ZoneRules.LockdownUnitKind}），不是“{request.UnitKind}”。"));
            }
            unitKind = ZoneRules.LockdownUnitKind;
        }
        if (string.IsNullOrWhiteSpace(request.Name)) return (null, Refusal.Rule("name: 请写明区域名称（如 明仁小区3号楼）。"));
        if (string.IsNullOrWhiteSpace(request.Reason)) return (null, Refusal.Rule("reason: 请写明划定理由。"));
        var now = clock.GetUtcNow();
        var startsAt = request.StartsAt?.ToUniversalTime() ?? now;
        var endsAt = request.EndsAt?.ToUniversalTime() ?? startsAt.AddDays(ZoneRules.DefaultDays(Plan));
        if (endsAt <= startsAt) return (null, Refusal.Rule($"endsAt: 结束时间 {ChinaTime.Format(endsAt)} 须晚于开始时间 {ChinaTime.Format(startsAt)}。"));
        if (endsAt <= now) return (null, Refusal.Rule($"endsAt: 结束时间 {ChinaTime.Format(endsAt)} 已过。"));
        if (kind == ZoneKind.Lockdown && await LockdownRefusalAsync(region, ct) is { } refused) return (null, refused);

        var zone = new ControlZone
        {
            RegionCode = region.Code, RegionPath = region.Path, Kind = kind, UnitKind = unitKind, Name = request.Name.Trim(), Reason = request.Reason.Trim(),
            State = ZoneState.Draft, StartsAt = startsAt, EndsAt = endsAt, CreatedBy = Name(user), CreatedAt = now,
        };
        db.ControlZones.Add(zone);
        await AuditLog.SaveChangesAsync(db, Name(user), now, () => [Audit("zone.designated", zone, new { zone.Kind, zone.UnitKind, zone.Name, zone.Reason, zone.StartsAt, zone.EndsAt })], ct);
        return (zone, null);
    }

    /// <summary>Draft → published; the region is told (001 §5.2.6 "及时公布防控区域相关信息"). A lockdown is checked again against the response in force.</summary>
    public async Task<(ControlZone? Zone, Refusal? Refusal)> PublishAsync(long id, ZoneChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (zone, region, refused) = await FindAsync(id, change, user, jurisdiction, ct);
        if (refused is not null) return (null, refused);
        var now = clock.GetUtcNow();
        if (zone!.State != ZoneState.Draft) return (null, Refusal.Conflict($"区域 #{id} 当前为“{StateName(zone.State)}”，只有草稿可以发布。"));
        if (zone.EndsAt <= now) return (null, Refusal.Rule($"endsAt: 区域 #{id} 的结束时间 {ChinaTime.Format(zone.EndsAt)} 已过，请先延期。"));
        if (zone.Kind == ZoneKind.Lockdown && await LockdownRefusalAsync(region!, ct) is { } lockdown) return (null, lockdown);
        zone.State = ZoneState.Published;
        zone.PublishedBy = Name(user);
        zone.PublishedAt = now;
        return await SaveAsync(zone, region!, user, now, "zone.published", new { zone.StartsAt, zone.EndsAt },
            $"{KindName(zone.Kind)}已发布：{region!.Name}{zone.Name}",
            $"{ZoneRules.UnitKindName(zone.UnitKind)}，{ChinaTime.Format(zone.StartsAt)} 至 {ChinaTime.Format(zone.EndsAt)}。理由：{zone.Reason}", ct);
    }

    /// <summary>A new end, later than the current one; a published zone's region is told.</summary>
    public async Task<(ControlZone? Zone, Refusal? Refusal)> ExtendAsync(long id, ZoneChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (zone, region, refused) = await FindAsync(id, change, user, jurisdiction, ct);
        if (refused is not null) return (null, refused);
        var now = clock.GetUtcNow();
        if (zone!.State == ZoneState.Lifted) return (null, Refusal.Conflict($"区域 #{id} 已解除，不能延期。"));
        if (change.EndsAt?.ToUniversalTime() is not { } endsAt) return (null, Refusal.Rule("endsAt: 请给出新的结束时间。"));
        if (endsAt <= zone.EndsAt) return (null, Refusal.Rule($"endsAt: 新的结束时间 {ChinaTime.Format(endsAt)} 须晚于当前的 {ChinaTime.Format(zone.EndsAt)}。"));
        if (endsAt <= now) return (null, Refusal.Rule($"endsAt: 新的结束时间 {ChinaTime.Format(endsAt)} 已过。"));
        // 001 §5.3.2: a lockdown holds only under a level III response or above — an extension is checked again.
        if (zone.Kind == ZoneKind.Lockdown && await LockdownRefusalAsync(region!, ct) is { } lockdown) return (null, lockdown);
        var previous = zone.EndsAt;
        zone.EndsAt = endsAt;
        var published = zone.State == ZoneState.Published;
        return await SaveAsync(zone, region!, user, now, "zone.extended", new { from = previous, to = endsAt },
            published ? $"{KindName(zone.Kind)}延期：{region!.Name}{zone.Name}" : null, $"延至 {ChinaTime.Format(endsAt)}（原 {ChinaTime.Format(previous)}）。", ct);
    }

    /// <summary>Lifts a draft or published zone, with the reason; a published zone's region is told.</summary>
    public async Task<(ControlZone? Zone, Refusal? Refusal)> LiftAsync(long id, ZoneChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (zone, region, refused) = await FindAsync(id, change, user, jurisdiction, ct);
        if (refused is not null) return (null, refused);
        var now = clock.GetUtcNow();
        if (zone!.State == ZoneState.Lifted) return (null, Refusal.Conflict($"区域 #{id} 已于 {ChinaTime.Format(zone.LiftedAt!.Value)} 解除。"));
        if (string.IsNullOrWhiteSpace(change.Reason)) return (null, Refusal.Rule("reason: 请写明解除理由。"));
        var published = zone.State == ZoneState.Published;
        zone.State = ZoneState.Lifted;
        zone.LiftedBy = Name(user);
        zone.LiftedAt = now;
        zone.LiftReason = change.Reason.Trim();
        return await SaveAsync(zone, region!, user, now, "zone.lifted", new { reason = zone.LiftReason },
            published ? $"{KindName(zone.Kind)}已解除：{region!.Name}{zone.Name}" : null, $"{ChinaTime.Format(now)} 解除。理由：{zone.LiftReason}", ct);
    }

    private async Task<(ControlZone? Zone, Region? Region, Refusal? Refusal)> FindAsync(long id, ZoneChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var zone = await db.ControlZones.FirstOrDefaultAsync(z => z.Id == id, ct);
        if (zone is null || !jurisdiction.Covers(zone)) return (null, null, Refusal.NotFound($"没有编号为 {id} 的管控区域。"));
        if (!user.IsInRole(Roles.Headquarters)) return (null, null, Refusal.Forbidden("只有指挥部可以发布、延期或解除管控区域。"));
        if (change.Version is { } seen && seen != zone.Version)
        {
            return (null, null, Refusal.Conflict($"区域 #{id} 已被他人修改（现为版本 {zone.Version}，您看到的是版本 {seen}），请刷新。"));
        }
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == zone.RegionCode, ct);
        return (zone, region, null);
    }

    /// <summary>Saves the change with its audit entry; when <paramref name="title"/> is given the region is told.</summary>
    private async Task<(ControlZone? Zone, Refusal? Refusal)> SaveAsync(ControlZone zone, Region region, ClaimsPrincipal user, DateTimeOffset now,
        string action, object data, string? title, string body, CancellationToken ct)
    {
        zone.Version++;
        var messages = title is null ? [] : Notifier.Add(db, now, await MessagesAsync(region, title, body, ct));
        try
        {
            await AuditLog.SaveChangesAsync(db, Name(user), now, Audit(action, zone, data), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (null, Refusal.Conflict($"区域 #{zone.Id} 已被他人修改，请刷新。"));
        }
        await notifier.SendAsync(db, messages, ct);
        return (zone, null);
    }

    /// <summary>
    /// 001 §5.3.2: refused unless a response of level III or above is in force for the region or a region above it
    /// (the city runs III, the region II and I — 001 §5.3.1, §5.4.1). The refusal names what is in force.
    /// </summary>
    private async Task<Refusal?> LockdownRefusalAsync(Region region, CancellationToken ct)
    {
        var codes = region.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var inForce = await db.Activations.AsNoTracking().Where(a => a.EndedAt == null && codes.Contains(a.RegionCode)).ToListAsync(ct);
        if (inForce.Any(a => ZoneRules.PermitsLockdown(Plan, a.Level))) return null;
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var current = inForce.Count == 0
            ? $"{region.Name}及其上级地区均未启动应急响应"
            : "现行响应仅有" + string.Join("、", inForce.Select(a => $"{names.GetValueOrDefault(a.RegionCode, a.RegionCode)}{a.Level}级"));
        return Refusal.Rule($"kind: 封锁疫区须在覆盖该地区的Ⅲ级及以上应急响应期间进行（001 §5.3.2）；{current}。");
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

    private static AuditRecord Audit(string action, ControlZone zone, object data) => new(action, "zone", zone.Id.ToString(), data, zone.RegionPath);

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? "?";

    public static string KindName(ZoneKind kind) => kind == ZoneKind.Lockdown ? "封锁疫区" : "管控区域";

    public static string StateName(ZoneState state) => state switch
    {
        ZoneState.Draft => "草稿",
        ZoneState.Published => "已发布",
        _ => "已解除",
    };
}
