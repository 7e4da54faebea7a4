using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Response;

/// <summary>Why a request was refused, with the HTTP status it maps to (400 rule, 403 who, 404 unknown, 409 state).</summary>
public sealed record Refusal(int Status, string Message)
{
    public static Refusal Rule(string message) => new(StatusCodes.Status400BadRequest, message);
    public static Refusal Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);
    public static Refusal NotFound(string message) => new(StatusCodes.Status404NotFound, message);
    public static Refusal Conflict(string message) => new(StatusCodes.Status409Conflict, message);
}

public sealed record NewDecision(string? Region, string? Kind, string? ToLevel, string? Reason);

/// <summary>
/// The response lifecycle (requirements C5–C7, E1, E2): the engine recommends, experts confirm or reject, the responding
/// jurisdiction's headquarters approves and the level above is informed; an approval starts, changes or ends the response
/// and turns the plan's measures into tasks. Every step is written to the audit trail with the change itself.
/// </summary>
public sealed class DecisionService(AppDbContext db, FactsCache facts, TimeProvider clock, Notifier notifier)
{
    public const string Engine = "engine";

    private static readonly SemaphoreSlim RefreshGate = new(1, 1);

    private Plan Plan => facts.Plan;

    /// <summary>The response level in force per jurisdiction (region code → level).</summary>
    public async Task<Dictionary<string, ResponseActivation>> ActiveAsync(CancellationToken ct) =>
        await db.Activations.AsNoTracking().Where(a => a.EndedAt == null).ToDictionaryAsync(a => a.RegionCode, ct);

    /// <summary>
    /// Compares the engine's grades today with the responses in force and keeps one open recommendation per jurisdiction
    /// that must change (001 §5.2.1, §5.3.1, §5.4.1, §8.1): a new one supersedes an engine recommendation that no longer holds;
    /// a person's proposal is never overridden by the engine. Returns how many recommendations were added.
    /// </summary>
    public async Task<int> RefreshRecommendationsAsync(CancellationToken ct)
    {
        await RefreshGate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            var today = ChinaTime.DayOf(now);
            var result = await facts.AssessAsync(today, ct);
            var active = await ActiveAsync(ct);
            var open = await db.Decisions.Where(d => d.OpenKey != null).ToDictionaryAsync(d => d.RegionCode, ct);
            // What the experts rejected today is not recommended again today unless the grade moved.
            var startOfDay = ChinaTime.StartOf(today);
            var rejected = await db.Decisions.AsNoTracking().Where(d => d.Status == DecisionStatus.Rejected && d.ConfirmedAt >= startOfDay)
                .Select(d => new { d.RegionCode, d.Kind, d.FromLevel, d.ToLevel, d.Grade }).ToListAsync(ct);
            var regions = await db.Regions.AsNoTracking().Where(r => r.Level <= RegionLevel.County).ToDictionaryAsync(r => r.Code, ct);
            var withHeadquarters = (await db.Headquarters.AsNoTracking().Select(h => h.RegionCode).ToListAsync(ct)).ToHashSet();
            var added = new List<ResponseDecision>();
            var superseded = new List<ResponseDecision>();
            foreach (var row in result.Regions)
            {
                if (!regions.TryGetValue(row.Code, out var region) || !withHeadquarters.Contains(row.Code)) continue;
                var current = active.GetValueOrDefault(row.Code)?.Level;
                var recommendation = ResponseRules.Recommend(Plan, region.Level, row.Grade, current, row.TerminationEligibleFrom, today);
                open.TryGetValue(row.Code, out var existing);
                if (existing is not null && existing.ProposedBy != Engine) continue;
                if (existing is not null && recommendation is not null && existing.Kind == recommendation.Kind && existing.ToLevel == recommendation.To && existing.FromLevel == recommendation.From) continue;
                if (existing is not null)
                {
                    Close(existing, DecisionStatus.Superseded, now);
                    superseded.Add(existing);
                }
                if (recommendation is null) continue;
                if (rejected.Any(r => r.RegionCode == row.Code && r.Kind == recommendation.Kind && r.FromLevel == recommendation.From && r.ToLevel == recommendation.To && r.Grade == row.Grade)) continue;
                added.Add(new ResponseDecision
                {
                    PlanId = Plan.Id, RegionCode = region.Code, RegionPath = region.Path, Kind = recommendation.Kind, FromLevel = recommendation.From, ToLevel = recommendation.To,
                    Grade = row.Grade, Clause = recommendation.Clause, Reason = recommendation.Reason, Status = DecisionStatus.Recommended, ProposedBy = Engine, ProposedAt = now,
                    OpenKey = region.Code,
                });
            }
            try
            {
                if (superseded.Count > 0)
                {
                    await AuditLog.SaveChangesAsync(db, Engine, now, superseded.Select(d => Audit("decision.superseded", d, new { d.Kind, d.ToLevel })), ct);
                }
                if (added.Count == 0) return 0;
                db.Decisions.AddRange(added);
                var messages = Notifier.Add(db, now, await ExpertMessagesAsync(added, ct));
                await AuditLog.SaveChangesAsync(db, Engine, now, () => added.Select(d => Audit("decision.recommended", d, new { d.Kind, d.FromLevel, d.ToLevel, d.Grade, d.Clause, d.Reason })), ct);
                await notifier.SendAsync(db, messages, ct);
                return added.Count;
            }
            catch (DbUpdateException)
            {
                // A person acted on the same jurisdiction meanwhile (confirmed, proposed): theirs stands; the next refresh looks again.
                db.ChangeTracker.Clear();
                return 0;
            }
        }
        finally
        {
            RefreshGate.Release();
        }
    }

    /// <summary>A person proposes a decision (to activate, raise — possibly skipping levels, 004 §八(二) — lower or terminate).</summary>
    public async Task<(ResponseDecision? Decision, Refusal? Refusal)> ProposeAsync(NewDecision request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        // Under the refresh's gate: the engine must not slip a recommendation in between superseding its own and saving the proposal.
        await RefreshGate.WaitAsync(ct);
        try
        {
            return await ProposeCoreAsync(request, user, jurisdiction, ct);
        }
        finally
        {
            RefreshGate.Release();
        }
    }

    private async Task<(ResponseDecision? Decision, Refusal? Refusal)> ProposeCoreAsync(NewDecision request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Headquarters) && !user.IsInRole(Roles.Expert)) return (null, Refusal.Forbidden("只有指挥部或卫生健康委专家可以提出应急响应决定。"));
        if (string.IsNullOrWhiteSpace(request.Region)) return (null, Refusal.Rule("region: 请指明地区。"));
        var (access, region) = await jurisdiction.FindRegionAsync(db, request.Region, ct);
        if (access == RegionAccess.NotFound) return (null, Refusal.NotFound($"region: 没有代码为“{request.Region}”的地区。"));
        if (access == RegionAccess.Forbidden) return (null, Refusal.Forbidden($"region: {request.Region} 不在您的管辖范围内。"));
        if (!Enum.TryParse<DecisionKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return (null, Refusal.Rule($"kind: “{request.Kind}”不是 activate、raise、lower、terminate 之一。"));
        }
        if (string.IsNullOrWhiteSpace(request.Reason)) return (null, Refusal.Rule("reason: 请说明理由。"));
        var target = string.IsNullOrWhiteSpace(request.ToLevel) ? null : request.ToLevel.Trim();
        var now = clock.GetUtcNow();
        var current = (await ActiveAsync(ct)).GetValueOrDefault(region!.Code)?.Level;
        if (ResponseRules.CheckMove(Plan, region.Level, kind, current, target) is { } refused) return (null, Refusal.Rule(refused));
        var row = await AssessedAsync(region.Code, now, ct);
        if (kind == DecisionKind.Terminate && ResponseRules.TerminationRefusal(Plan, row?.TerminationEligibleFrom, row?.Grade, ChinaTime.DayOf(now)) is { } early)
        {
            return (null, Refusal.Rule(early));
        }
        var existing = await db.Decisions.FirstOrDefaultAsync(d => d.OpenKey == region.Code, ct);
        if (existing is not null && existing.ProposedBy != Engine)
        {
            return (null, Refusal.Conflict($"{region.Name}已有待办决定 #{existing.Id}（{Describe(existing)}），请先处理。"));
        }
        var records = new List<AuditRecord>();
        if (existing is not null)
        {
            Close(existing, DecisionStatus.Superseded, now);
            records.Add(Audit("decision.superseded", existing, new { by = "proposal" }));
            await AuditLog.SaveChangesAsync(db, Name(user), now, records, ct);
            records.Clear();
        }
        var clause = kind == DecisionKind.Terminate ? Plan.Termination!.Clause : Plan.ResponseLevels.First(l => l.Level == target).Clause;
        var decision = new ResponseDecision
        {
            PlanId = Plan.Id, RegionCode = region.Code, RegionPath = region.Path, Kind = kind, FromLevel = current, ToLevel = target, Grade = row?.Grade, Clause = clause,
            Reason = request.Reason.Trim(), Status = DecisionStatus.Recommended, ProposedBy = Name(user), ProposedAt = now, OpenKey = region.Code,
        };
        db.Decisions.Add(decision);
        var messages = Notifier.Add(db, now, await ExpertMessagesAsync([decision], ct));
        try
        {
            await AuditLog.SaveChangesAsync(db, Name(user), now, () => [Audit("decision.proposed", decision, new { decision.Kind, decision.FromLevel, decision.ToLevel, decision.Grade, decision.Reason })], ct);
        }
        catch (DbUpdateException)
        {
            return (null, Refusal.Conflict($"{region.Name}刚刚有了另一项待办决定，请刷新后再试。"));
        }
        await notifier.SendAsync(db, messages, ct);
        return (decision, null);
    }

    /// <summary>Experts of the health commission confirm (or reject) a recommendation, with a reason (001 §5.2.1 "组织有关专家确认").</summary>
    public async Task<(ResponseDecision? Decision, Refusal? Refusal)> ConfirmAsync(long id, bool confirm, string? note, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var decision = await db.Decisions.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (decision is null) return (null, Refusal.NotFound($"没有编号为 {id} 的决定。"));
        if (!jurisdiction.Covers(decision)) return (null, Refusal.Forbidden($"决定 #{id} 不在您的管辖范围内。"));
        if (!user.IsInRole(Roles.Expert)) return (null, Refusal.Forbidden("只有卫生健康委专家可以确认或否决应急响应建议。"));
        if (string.IsNullOrWhiteSpace(note)) return (null, Refusal.Rule("note: 请写明确认或否决的理由。"));
        if (decision.Status != DecisionStatus.Recommended) return (null, Refusal.Conflict($"决定 #{id} 当前为“{StatusName(decision.Status)}”，不能再确认或否决。"));
        var now = clock.GetUtcNow();
        decision.ConfirmedBy = Name(user);
        decision.ConfirmedAt = now;
        decision.ConfirmationNote = note.Trim();
        if (confirm)
        {
            decision.Status = DecisionStatus.Confirmed;
            decision.Version++;
        }
        else
        {
            Close(decision, DecisionStatus.Rejected, now);
        }
        var messages = confirm
            ? Notifier.Add(db, now, new Message(decision.RegionCode, decision.RegionPath, "待指挥部批准：" + Describe(decision), decision.ConfirmationNote, "/decisions", Role: Roles.Headquarters))
            : [];
        try
        {
            await AuditLog.SaveChangesAsync(db, Name(user), now, [Audit(confirm ? "decision.confirmed" : "decision.rejected", decision, new { note = decision.ConfirmationNote })], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (null, Refusal.Conflict($"决定 #{id} 已被他人处理，请刷新。"));
        }
        await notifier.SendAsync(db, messages, ct);
        return (decision, null);
    }

    /// <summary>
    /// The headquarters (or government) of the responding jurisdiction approves a confirmed decision. The response changes,
    /// the measures become tasks or are closed, and the level above is informed. Of two approvals at once exactly one is saved.
    /// </summary>
    public async Task<(ResponseDecision? Decision, Refusal? Refusal)> ApproveAsync(long id, string? note, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var decision = await db.Decisions.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (decision is null) return (null, Refusal.NotFound($"没有编号为 {id} 的决定。"));
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == decision.RegionCode, ct);
        // 001 §5.2.1 / §5.3.1 / §8.1: the government or headquarters of the responding level approves — not the level below, nor the one above.
        if (!user.IsInRole(Roles.Headquarters) || user.RegionCode() != decision.RegionCode)
        {
            return (null, Refusal.Forbidden($"此决定须由{region.Name}指挥部（人民政府）批准。"));
        }
        if (decision.Status == DecisionStatus.Recommended) return (null, Refusal.Conflict($"决定 #{id} 尚未经专家确认，不能批准。"));
        if (decision.Status != DecisionStatus.Confirmed) return (null, Refusal.Conflict($"决定 #{id} 当前为“{StatusName(decision.Status)}”，不能批准。"));
        var now = clock.GetUtcNow();
        var today = ChinaTime.DayOf(now);
        var activation = await db.Activations.FirstOrDefaultAsync(a => a.RegionCode == decision.RegionCode && a.EndedAt == null, ct);
        if (activation?.Level != decision.FromLevel)
        {
            return (null, Refusal.Conflict($"{region.Name}当前响应为“{activation?.Level ?? "未启动"}”，与决定所依据的“{decision.FromLevel ?? "未启动"}”不符，请重新提出。"));
        }
        if (decision.Kind == DecisionKind.Terminate)
        {
            var row = await AssessedAsync(decision.RegionCode, now, ct);
            if (ResponseRules.TerminationRefusal(Plan, row?.TerminationEligibleFrom, row?.Grade, today) is { } early) return (null, Refusal.Rule(early));
        }

        decision.ApprovedBy = Name(user);
        decision.ApprovedAt = now;
        decision.ApprovalNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        decision.InformedRegionCode = region.ParentCode;
        Close(decision, DecisionStatus.Approved, now);
        var records = new List<AuditRecord> { Audit("decision.approved", decision, new { decision.Kind, decision.FromLevel, decision.ToLevel, note = decision.ApprovalNote, informed = region.ParentCode }) };

        if (activation is not null)
        {
            activation.EndedAt = now;
            activation.EndedByDecisionId = decision.Id;
        }
        if (decision.ToLevel is not null)
        {
            db.Activations.Add(new ResponseActivation
            {
                PlanId = decision.PlanId, RegionCode = decision.RegionCode, RegionPath = decision.RegionPath, Level = decision.ToLevel, DecisionId = decision.Id, StartedAt = now,
            });
        }

        var openTasks = await db.Tasks.Where(t => t.RegionCode == decision.RegionCode && (t.State == TaskState.Open || t.State == TaskState.InProgress)).ToListAsync(ct);
        // Tasks of the response in force (not of an earlier episode): a raise does not repeat them.
        var since = activation?.StartedAt ?? now;
        var allTasks = activation is null ? [] : await db.Tasks.AsNoTracking()
            .Where(t => t.RegionCode == decision.RegionCode && t.State != TaskState.Cancelled && t.State != TaskState.Closed && t.CreatedAt >= since)
            .Select(t => new { t.MeasureId, t.Unit }).ToListAsync(ct);
        var change = TaskPlanner.Plan(Plan, decision, region, openTasks, allTasks.Select(t => (t.MeasureId, t.Unit)).ToHashSet(), now);
        db.Tasks.AddRange(change.Created);
        records.AddRange(change.Ended.Select(t => new AuditRecord("task." + t.State.ToString().ToLowerInvariant(), "task", t.Id.ToString(), new { t.Title, t.Unit, reason = t.ClosedReason }, t.RegionPath)));

        var messages = new List<Message>();
        foreach (var zone in await LockdownsLeftUncoveredAsync(decision, region, ct))
        {
            zone.State = ZoneState.Lifted;
            zone.LiftedBy = Name(user);
            zone.LiftedAt = now;
            zone.LiftReason = $"{region.Name}{Describe(decision)}，封锁须在Ⅲ级及以上响应下实施（001 §5.3.2），随之解除（决定 #{decision.Id}）";
            zone.Version++;
            records.Add(new AuditRecord("zone.lifted", "zone", zone.Id.ToString(), new { reason = zone.LiftReason, decision = decision.Id }, zone.RegionPath));
            messages.Add(new Message(region.Code, region.Path, $"解除封锁：{zone.Name}", zone.LiftReason, "/zones"));
        }
        var title = $"{region.Name}{Describe(decision)}（已批准）";
        if (region.ParentCode is { } parent && await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == parent, ct) is { } upper)
        {
            messages.Add(new Message(upper.Code, upper.Path, "报告：" + title, $"{decision.ApprovedBy} 于 {ChinaTime.Format(now)} 批准。{decision.Reason}", "/decisions"));
        }
        messages.Add(new Message(region.Code, region.Path, title, decision.Reason, "/decisions"));
        messages.AddRange(change.Created.GroupBy(t => t.Unit).Select(g =>
            new Message(region.Code, region.Path, $"新任务 {g.Count()} 项", $"{region.Name}{Describe(decision)}：{string.Join("；", g.Select(t => t.Title).Distinct().Take(5))}", "/tasks", Unit: g.Key)));
        Notifier.Add(db, now, messages);
        try
        {
            // Task ids exist only once saved: the records are built after the change is saved, in the same transaction.
            await AuditLog.SaveChangesAsync(db, Name(user), now, () => records.Concat(change.Created.Select(t =>
                new AuditRecord("task.created", "task", t.Id.ToString(), new { t.Title, t.Unit, t.Level, t.DueAt, decision = decision.Id }, t.RegionPath))), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (null, Refusal.Conflict($"决定 #{id} 已被他人处理，请刷新。"));
        }
        await notifier.SendAsync(db, messages, ct);
        return (decision, null);
    }

    /// <summary>
    /// The lockdowns (封锁疫区) in the jurisdiction that this decision leaves without a level III response or above over them
    /// (001 §5.3.2; 004 §九(一)7): they end with the response that allowed them.
    /// </summary>
    private async Task<List<ControlZone>> LockdownsLeftUncoveredAsync(ResponseDecision decision, Region region, CancellationToken ct)
    {
        if (decision.ToLevel is not null && ResponseRules.Compare(Plan, decision.ToLevel, "III") >= 0) return [];
        var lockdowns = await db.ControlZones.Where(z => z.Kind == ZoneKind.Lockdown && z.State != ZoneState.Lifted && z.RegionPath.StartsWith(region.Path)).ToListAsync(ct);
        if (lockdowns.Count == 0) return [];
        var others = (await db.Activations.AsNoTracking().Where(a => a.EndedAt == null && a.RegionCode != region.Code).ToListAsync(ct))
            .Where(a => ResponseRules.Compare(Plan, a.Level, "III") >= 0).ToList();
        return lockdowns.Where(z => !others.Any(a => z.RegionPath.StartsWith(a.RegionPath, StringComparison.Ordinal))).ToList();
    }

    /// <summary>"Awaiting confirmation" for the experts of the decision's region and of the region above it (county decisions are confirmed by city experts too).</summary>
    private async Task<List<Message>> ExpertMessagesAsync(IReadOnlyList<ResponseDecision> decisions, CancellationToken ct)
    {
        var codes = decisions.Select(d => d.RegionCode).Distinct().ToList();
        var parents = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code) && r.ParentCode != null)
            .Join(db.Regions, r => r.ParentCode, p => p.Code, (r, p) => new { r.Code, p.Name, ParentCode = p.Code, ParentPath = p.Path }).ToDictionaryAsync(x => x.Code, ct);
        var messages = new List<Message>();
        foreach (var d in decisions)
        {
            var title = "待专家确认：" + Describe(d);
            messages.Add(new Message(d.RegionCode, d.RegionPath, title, d.Reason, "/decisions", Role: Roles.Expert));
            if (parents.TryGetValue(d.RegionCode, out var parent)) messages.Add(new Message(parent.ParentCode, parent.ParentPath, title, d.Reason, "/decisions", Role: Roles.Expert));
        }
        return messages;
    }

    /// <summary>Ends an open decision: no longer the jurisdiction's open one (<see cref="ResponseDecision.OpenKey"/>).</summary>
    private static void Close(ResponseDecision decision, DecisionStatus status, DateTimeOffset now)
    {
        decision.Status = status;
        decision.OpenKey = null;
        decision.ClosedAt = now;
        decision.Version++;
    }

    private async Task<RegionAssessment?> AssessedAsync(string code, DateTimeOffset now, CancellationToken ct) =>
        (await facts.AssessAsync(ChinaTime.DayOf(now), ct)).Regions.FirstOrDefault(r => r.Code == code);

    private static AuditRecord Audit(string action, ResponseDecision d, object data) => new(action, "decision", d.Id.ToString(), data, d.RegionPath);

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? "?";

    public static string Describe(ResponseDecision d) => d.Kind switch
    {
        DecisionKind.Activate => $"启动{d.ToLevel}级应急响应",
        DecisionKind.Raise => $"由{d.FromLevel}级提升为{d.ToLevel}级应急响应",
        DecisionKind.Lower => $"由{d.FromLevel}级调整为{d.ToLevel}级应急响应",
        _ => $"终止{d.FromLevel}级应急响应",
    };

    public static string DescribeEn(ResponseDecision d) => d.Kind switch
    {
        DecisionKind.Activate => $"Activate level {d.ToLevel} response",
        DecisionKind.Raise => $"Raise response from {d.FromLevel} to {d.ToLevel}",
        DecisionKind.Lower => $"Lower response from {d.FromLevel} to {d.ToLevel}",
        _ => $"Terminate level {d.FromLevel} response",
    };

    public static string StatusName(DecisionStatus status) => status switch
    {
        DecisionStatus.Recommended => "待专家确认",
        DecisionStatus.Confirmed => "待批准",
        DecisionStatus.Rejected => "已否决",
        DecisionStatus.Approved => "已批准",
        _ => "已被取代",
    };
}
