using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Notifications;

public sealed record UnitWebhookDto(long Id, string Region, string Unit, string Url, bool Enabled, string UpdatedBy, DateTimeOffset UpdatedAt);

public sealed record UnitWebhookRequest(string? Region, string? Unit, string? Url, bool? Enabled);

/// <summary>
/// The group robots (WeCom or DingTalk) of member units and working groups (requirements J5): a unit's notifications —
/// new tasks, pressing, overdue — are posted to its robot. Managed by administrators and headquarters within their jurisdiction.
/// </summary>
public sealed class UnitWebhookService(AppDbContext db, FactsCache facts, TimeProvider clock)
{
    public static bool MayManage(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Headquarters);

    /// <summary>
    /// The units a robot may be configured for in a region: its member units and working groups, and the units the plan's
    /// measures name as responsible (those receive the tasks).
    /// </summary>
    public async Task<List<string>> UnitsAsync(string regionCode, CancellationToken ct)
    {
        var members = await db.MemberUnits.AsNoTracking().Where(u => u.RegionCode == regionCode).OrderBy(u => u.SortOrder).Select(u => u.Name).ToListAsync(ct);
        var groups = await db.WorkingGroups.AsNoTracking().Where(g => g.RegionCode == regionCode).OrderBy(g => g.SortOrder).Select(g => g.Name).ToListAsync(ct);
        var responsible = facts.Plan.ResponseLevels.SelectMany(l => l.Measures).SelectMany(m => m.Responsible);
        return members.Concat(groups).Concat(responsible).Distinct().ToList();
    }

    public async Task<(List<UnitWebhook>? Hooks, Refusal? Refusal)> ListAsync(ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayManage(user)) return (null, Refusal.Forbidden("只有系统管理员或指挥部可以查看和管理单位群机器人。"));
        var codes = jurisdiction.Regions(db).Select(r => r.Code);
        return (await db.UnitWebhooks.AsNoTracking().Where(w => codes.Contains(w.RegionCode)).OrderBy(w => w.RegionCode).ThenBy(w => w.Unit).ToListAsync(ct), null);
    }

    public async Task<(UnitWebhook? Hook, Refusal? Refusal)> AddAsync(UnitWebhookRequest request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayManage(user)) return (null, Refusal.Forbidden("只有系统管理员或指挥部可以管理单位群机器人。"));
        if (string.IsNullOrWhiteSpace(request.Region)) return (null, Refusal.Rule("region: 请指明地区。"));
        var (access, region) = await jurisdiction.FindRegionAsync(db, request.Region.Trim(), ct);
        if (access == RegionAccess.NotFound) return (null, Refusal.NotFound($"region: 没有代码为“{request.Region}”的地区。"));
        if (access == RegionAccess.Forbidden) return (null, Refusal.Forbidden($"region: {request.Region} 不在您的管辖范围内。"));
        var (unit, url, refused) = await CheckAsync(region!, request, ct);
        if (refused is not null) return (null, refused);
        if (await db.UnitWebhooks.AnyAsync(w => w.RegionCode == region!.Code && w.Unit == unit, ct))
        {
            return (null, Refusal.Conflict($"unit: {region!.Name}的“{unit}”已配置群机器人，请修改原有配置。"));
        }
        var now = clock.GetUtcNow();
        var hook = new UnitWebhook { RegionCode = region!.Code, Unit = unit!, Url = url!, Enabled = request.Enabled ?? true, UpdatedBy = Name(user), UpdatedAt = now };
        db.UnitWebhooks.Add(hook);
        return await SaveAsync(hook, region, user, now, "webhook.added", ct);
    }

    /// <summary>Changes the unit, address or switch of a robot (its region stays).</summary>
    public async Task<(UnitWebhook? Hook, Refusal? Refusal)> UpdateAsync(long id, UnitWebhookRequest request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (hook, region, refusal) = await FindAsync(id, user, jurisdiction, ct);
        if (hook is null) return (null, refusal);
        if (!string.IsNullOrWhiteSpace(request.Region) && request.Region.Trim() != hook.RegionCode)
        {
            return (null, Refusal.Rule($"region: 群机器人 #{id} 属于 {hook.RegionCode}，不能改到其他地区；请删除后重新添加。"));
        }
        var (unit, url, refused) = await CheckAsync(region!, request, ct);
        if (refused is not null) return (null, refused);
        if (unit != hook.Unit && await db.UnitWebhooks.AnyAsync(w => w.RegionCode == hook.RegionCode && w.Unit == unit, ct))
        {
            return (null, Refusal.Conflict($"unit: {region!.Name}的“{unit}”已配置群机器人。"));
        }
        var now = clock.GetUtcNow();
        hook.Unit = unit!;
        hook.Url = url!;
        hook.Enabled = request.Enabled ?? hook.Enabled;
        hook.UpdatedBy = Name(user);
        hook.UpdatedAt = now;
        return await SaveAsync(hook, region!, user, now, "webhook.updated", ct);
    }

    public async Task<Refusal?> DeleteAsync(long id, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (hook, region, refusal) = await FindAsync(id, user, jurisdiction, ct);
        if (hook is null) return refusal;
        db.UnitWebhooks.Remove(hook);
        await AuditLog.SaveChangesAsync(db, Name(user), clock.GetUtcNow(), Audit("webhook.deleted", hook, region!), ct);
        return null;
    }

    private async Task<(UnitWebhook? Hook, Region? Region, Refusal? Refusal)> FindAsync(long id, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayManage(user)) return (null, null, Refusal.Forbidden("只有系统管理员或指挥部可以管理单位群机器人。"));
        var hook = await db.UnitWebhooks.FirstOrDefaultAsync(w => w.Id == id, ct);
        var region = hook is null ? null : await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == hook.RegionCode, ct);
        if (hook is null || region is null || !jurisdiction.Covers(region)) return (null, null, Refusal.NotFound($"没有编号为 {id} 的群机器人。"));
        return (hook, region, null);
    }

    private async Task<(string? Unit, string? Url, Refusal? Refusal)> CheckAsync(Region region, UnitWebhookRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Unit)) return (null, null, Refusal.Rule("unit: 请指明成员单位或工作组。"));
        var unit = request.Unit.Trim();
        var units = await UnitsAsync(region.Code, ct);
        if (!units.Contains(unit))
        {
            return (null, null, Refusal.Rule($"unit: “{unit}”不是{region.Name}的成员单位、工作组或预案措施的责任单位；可选：{string.Join("、", units.Take(12))}{(units.Count > 12 ? " 等" : "")}。"));
        }
        if (string.IsNullOrWhiteSpace(request.Url)) return (null, null, Refusal.Rule("url: 请填写群机器人的 Webhook 地址。"));
        var url = request.Url.Trim();
        if (url.Length > 500) return (null, null, Refusal.Rule("url: 地址不能超过 500 个字符。"));
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(uri.Host))
        {
            return (null, null, Refusal.Rule($"url: “{url}”不是 https:// 开头的完整地址（企业微信或钉钉群机器人的 Webhook）。"));
        }
        return (unit, url, null);
    }

    private async Task<(UnitWebhook? Hook, Refusal? Refusal)> SaveAsync(UnitWebhook hook, Region region, ClaimsPrincipal user, DateTimeOffset now, string action, CancellationToken ct)
    {
        try
        {
            await AuditLog.SaveChangesAsync(db, Name(user), now, () => [Audit(action, hook, region)], ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (null, Refusal.Conflict($"unit: {region.Name}的“{hook.Unit}”刚刚已被配置群机器人，请刷新。"));
        }
        return (hook, null);
    }

    /// <summary>The robot's key sits in the address's query: the audit trail keeps the address without it.</summary>
    private static AuditRecord Audit(string action, UnitWebhook hook, Region region) =>
        new(action, "unitWebhook", hook.Id.ToString(), new { region = hook.RegionCode, hook.Unit, url = WithoutKey(hook.Url), hook.Enabled }, region.Path);

    public static string WithoutKey(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : url;

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? "?";
}

/// <summary>Unit group robots (J5): list, add, change, delete.</summary>
public static class UnitWebhooksApi
{
    public static IEndpointRouteBuilder MapUnitWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/unit-webhooks").WithTags("Notifications").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, UnitWebhookService hooks, CancellationToken ct) =>
            await hooks.ListAsync(http.User, http.Jurisdiction(), ct) switch
            {
                ({ } list, null) => Results.Ok(list.Select(ToDto).ToList()),
                (_, var refusal) => refusal!.ToProblem(),
            }).WithName("ListUnitWebhooks").WithSummary("Group robots of the units within the jurisdiction (administrators and headquarters)");
        group.MapGet("/units", async (string region, HttpContext http, AppDbContext db, UnitWebhookService hooks, CancellationToken ct) =>
        {
            var (access, found) = await http.Jurisdiction().FindRegionAsync(db, region, ct);
            return access == RegionAccess.Allowed ? Results.Ok(await hooks.UnitsAsync(found!.Code, ct)) : Refusal.NotFound($"region: 没有代码为“{region}”的地区。").ToProblem();
        }).WithName("ListWebhookUnits").WithSummary("The units a robot may be configured for in a region");
        group.MapPost("/", async (UnitWebhookRequest request, HttpContext http, UnitWebhookService hooks, CancellationToken ct) =>
            await hooks.AddAsync(request, http.User, http.Jurisdiction(), ct) switch
            {
                ({ } hook, null) => Results.Created($"/api/unit-webhooks/{hook.Id}", ToDto(hook)),
                (_, var refusal) => refusal!.ToProblem(),
            }).WithName("AddUnitWebhook").WithSummary("Configure a unit's group robot (https only, one per region and unit)");
        group.MapPut("/{id:long}", async (long id, UnitWebhookRequest request, HttpContext http, UnitWebhookService hooks, CancellationToken ct) =>
            await hooks.UpdateAsync(id, request, http.User, http.Jurisdiction(), ct) switch
            {
                ({ } hook, null) => Results.Ok(ToDto(hook)),
                (_, var refusal) => refusal!.ToProblem(),
            }).WithName("UpdateUnitWebhook");
        group.MapDelete("/{id:long}", async (long id, HttpContext http, UnitWebhookService hooks, CancellationToken ct) =>
            await hooks.DeleteAsync(id, http.User, http.Jurisdiction(), ct) is { } refusal ? refusal.ToProblem() : Results.NoContent())
            .WithName("DeleteUnitWebhook");
        return app;
    }

    public static UnitWebhookDto ToDto(UnitWebhook w) => new(w.Id, w.RegionCode, w.Unit, w.Url, w.Enabled, w.UpdatedBy, w.UpdatedAt);
}
