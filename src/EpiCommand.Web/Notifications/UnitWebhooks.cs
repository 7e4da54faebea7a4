using System.Globalization;
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

    public async Task<Outcome<List<UnitWebhook>>> ListAsync(ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayManage(user)) return Problem.Forbidden("robots-not-allowed", Messages.RobotsNotAllowed);
        var codes = jurisdiction.Regions(db).Select(r => r.Code);
        return await db.UnitWebhooks.AsNoTracking().Where(w => codes.Contains(w.RegionCode)).OrderBy(w => w.RegionCode).ThenBy(w => w.Unit).ToListAsync(ct);
    }

    public async Task<Outcome<UnitWebhook>> AddAsync(UnitWebhookRequest request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayManage(user)) return Problem.Forbidden("robots-not-allowed", Messages.RobotsNotAllowed);
        var found = await RegionLookup.FindAsync(jurisdiction, db, request.Region, "region", ct);
        if (found.Problem is { } noRegion) return noRegion;
        var region = found.Value!;
        var (unit, url, refused) = await CheckAsync(region, request, ct);
        if (refused is not null) return refused;
        if (await db.UnitWebhooks.AnyAsync(w => w.RegionCode == region.Code && w.Unit == unit, ct)) return Problem.Conflict("robot-exists", Messages.RobotExists(region.Name, unit!));
        var now = clock.GetUtcNow();
        var hook = new UnitWebhook { RegionCode = region.Code, Unit = unit!, Url = url!, Enabled = request.Enabled ?? true, UpdatedBy = user.UserName(), UpdatedAt = now };
        db.UnitWebhooks.Add(hook);
        return await SaveAsync(hook, region, user, now, "webhook.added", ct);
    }

    /// <summary>Changes the unit, address or switch of a robot (its region stays).</summary>
    public async Task<Outcome<UnitWebhook>> UpdateAsync(long id, UnitWebhookRequest request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (hook, region, refusal) = await FindAsync(id, user, jurisdiction, ct);
        if (hook is null) return refusal!;
        if (!string.IsNullOrWhiteSpace(request.Region) && request.Region.Trim() != hook.RegionCode) return Problem.Invalid("region", Messages.RobotRegionFixed(id, hook.RegionCode));
        var (unit, url, refused) = await CheckAsync(region!, request, ct);
        if (refused is not null) return refused;
        if (unit != hook.Unit && await db.UnitWebhooks.AnyAsync(w => w.RegionCode == hook.RegionCode && w.Unit == unit, ct)) return Problem.Conflict("robot-exists", Messages.RobotExists(region!.Name, unit!));
        var now = clock.GetUtcNow();
        hook.Unit = unit!;
        hook.Url = url!;
        hook.Enabled = request.Enabled ?? hook.Enabled;
        hook.UpdatedBy = user.UserName();
        hook.UpdatedAt = now;
        return await SaveAsync(hook, region!, user, now, "webhook.updated", ct);
    }

    public async Task<Problem?> DeleteAsync(long id, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (hook, region, refusal) = await FindAsync(id, user, jurisdiction, ct);
        if (hook is null) return refusal;
        db.UnitWebhooks.Remove(hook);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), clock.GetUtcNow(), Audit("webhook.deleted", hook, region!), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Deleted by someone else since it was read (issue 13: parallel deletes answered 500): it is gone, as for a later request.
            db.ChangeTracker.Clear();
            return Problem.NotFound("no-such-robot", Messages.NoSuchRobot(id));
        }
        return null;
    }

    private async Task<(UnitWebhook? Hook, Region? Region, Problem? Problem)> FindAsync(long id, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayManage(user)) return (null, null, Problem.Forbidden("robots-not-allowed", Messages.RobotsNotAllowed));
        var hook = await db.UnitWebhooks.FirstOrDefaultAsync(w => w.Id == id, ct);
        var region = hook is null ? null : await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == hook.RegionCode, ct);
        if (hook is null || region is null || !jurisdiction.Covers(region)) return (null, null, Problem.NotFound("no-such-robot", Messages.NoSuchRobot(id)));
        return (hook, region, null);
    }

    private async Task<(string? Unit, string? Url, Problem? Problem)> CheckAsync(Region region, UnitWebhookRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var unit = request.Unit?.Trim();
        if (string.IsNullOrWhiteSpace(unit)) errors.Add("unit", Messages.Required(new("成员单位或工作组", "the member unit or working group")));
        else
        {
            var units = await UnitsAsync(region.Code, ct);
            if (!units.Contains(unit)) errors.Add("unit", Messages.NotARobotUnit(unit, region.Name, units));
        }
        var url = request.Url?.Trim();
        if (string.IsNullOrWhiteSpace(url)) errors.Add("url", Messages.Required(new("群机器人的 Webhook 地址", "the robot's webhook address")));
        else if (url.Length > 500) errors.Add("url", Messages.TooLong(500));
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(uri.Host)) errors.Add("url", Messages.NotAnHttpsAddress(url));
        return errors.Problem is { } invalid ? (null, null, invalid) : (unit, url, null);
    }

    private async Task<Outcome<UnitWebhook>> SaveAsync(UnitWebhook hook, Region region, ClaimsPrincipal user, DateTimeOffset now, string action, CancellationToken ct)
    {
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit(action, hook, region)], ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("robot-exists", Messages.RobotConfiguredMeanwhile(region.Name, hook.Unit));
        }
        return hook;
    }

    /// <summary>The robot's key sits in the address's query: the audit trail keeps the address without it.</summary>
    private static AuditRecord Audit(string action, UnitWebhook hook, Region region) =>
        new(action, "unitWebhook", hook.Id.ToString(CultureInfo.InvariantCulture), new { region = hook.RegionCode, hook.Unit, url = WithoutKey(hook.Url), hook.Enabled }, region.Path);

    public static string WithoutKey(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : url;
}

/// <summary>Unit group robots (J5): list, add, change, delete.</summary>
public static class UnitWebhooksApi
{
    public static IEndpointRouteBuilder MapUnitWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/unit-webhooks").WithTags("Notifications").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, UnitWebhookService hooks, CancellationToken ct) =>
            (await hooks.ListAsync(http.User, http.Jurisdiction(), ct)).ToHttp(list => list.Select(ToDto).ToList())).WithName("ListUnitWebhooks").WithSummary("Group robots of the units within the jurisdiction (administrators and headquarters)");
        group.MapGet("/units", async (string region, HttpContext http, AppDbContext db, UnitWebhookService hooks, CancellationToken ct) =>
        {
            var found = await RegionLookup.FindAsync(http.Jurisdiction(), db, region, "region", ct);
            return found.Problem is { } problem ? problem.ToHttp() : Results.Ok(await hooks.UnitsAsync(found.Value!.Code, ct));
        }).WithName("ListWebhookUnits").WithSummary("The units a robot may be configured for in a region");
        group.MapPost("/", async (UnitWebhookRequest request, HttpContext http, UnitWebhookService hooks, CancellationToken ct) =>
            (await hooks.AddAsync(request, http.User, http.Jurisdiction(), ct)).ToCreated(hook => $"/api/unit-webhooks/{hook.Id}", ToDto)).WithName("AddUnitWebhook").WithSummary("Configure a unit's group robot (https only, one per region and unit)");
        group.MapPut("/{id:long}", async (long id, UnitWebhookRequest request, HttpContext http, UnitWebhookService hooks, CancellationToken ct) =>
            (await hooks.UpdateAsync(id, request, http.User, http.Jurisdiction(), ct)).ToHttp(ToDto)).WithName("UpdateUnitWebhook");
        group.MapDelete("/{id:long}", async (long id, HttpContext http, UnitWebhookService hooks, CancellationToken ct) =>
            await hooks.DeleteAsync(id, http.User, http.Jurisdiction(), ct) is { } refusal ? refusal.ToHttp() : Results.NoContent())
            .WithName("DeleteUnitWebhook");
        return app;
    }

    public static UnitWebhookDto ToDto(UnitWebhook w) => new(w.Id, w.RegionCode, w.Unit, w.Url, w.Enabled, w.UpdatedBy, w.UpdatedAt);
}
