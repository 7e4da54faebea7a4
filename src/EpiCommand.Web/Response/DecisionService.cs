using System.Globalization;
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
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Response;

public sealed record NewDecision(string? Region, string? Kind, string? ToLevel, string? Reason);

/// <summary>
/// The response lifecycle (requirements C5–C7, E1, E2): the engine recommends, experts confirm or reject, the responding
/// jurisdiction's headquarters approves and the level above is informed; an approval starts, changes or ends the response
/// and turns the plan's measures into tasks. Every step is written to the audit trail with the change itself.
/// </summary>
public sealed class DecisionService(AppDbContext db, FactsCache facts, TimeProvider clock, Notifier notifier, RecommendationSignal recommendations)
{
    public const string Engine = "engine";

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
        // A person, or another refresh (the watcher here, another instance), may act on a jurisdiction meanwhile: theirs
        // stands, and this refresh looks again at what is now stored.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RefreshOnceAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return 0;
            }
        }
    }

    private async Task<int> RefreshOnceAsync(CancellationToken ct)
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
            // A refresh that read the clock before another one recommended (a watcher slow to reach this point while the day turned)
            // knows less than that recommendation and leaves it alone.
            if (existing is not null && existing.ProposedAt > now) continue;
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

    /// <summary>
    /// A person proposes a decision (to activate, raise — possibly skipping levels, 004 §八(二) — lower or terminate). An open
    /// engine recommendation for the jurisdiction is superseded in the same save, so a refresh running meanwhile (here or in
    /// another instance) makes the save fail on the one-open-decision key instead of slipping in between; then it is tried once more.
    /// </summary>
    public async Task<Outcome<ResponseDecision>> ProposeAsync(NewDecision request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ProposeOnceAsync(request, user, jurisdiction, ct);
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return Problem.Conflict("decision-changed", Messages.OpenDecisionArrived(request.Region ?? ""));
            }
        }
    }

    private async Task<Outcome<ResponseDecision>> ProposeOnceAsync(NewDecision request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Headquarters) && !user.IsInRole(Roles.Expert)) return Problem.Forbidden("propose-not-allowed", Messages.ProposeNotAllowed);
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Region)) errors.Add("region", Messages.RegionRequired);
        if (!Domain.Scenarios.EnumNames.TryParse<DecisionKind>(request.Kind, out var kind)) errors.Add("kind", Messages.NotADecisionKind(request.Kind));
        var reason = errors.Text("reason", request.Reason, Limits.NoteCharacters, Messages.Required(Messages.ReasonField), multiline: true);
        if (errors.Problem is { } invalid) return invalid;
        var found = await RegionLookup.FindAsync(jurisdiction, db, request.Region, "region", ct);
        if (found.Problem is { } noRegion) return noRegion;
        var region = found.Value!;
        var target = string.IsNullOrWhiteSpace(request.ToLevel) ? null : request.ToLevel.Trim();
        var now = clock.GetUtcNow();
        var current = (await ActiveAsync(ct)).GetValueOrDefault(region.Code)?.Level;
        if (ResponseRules.CheckMove(Plan, region.Level, kind, current, target) is { } refused) return Problem.Rule(refused.Code, Messages.FromRule(refused));
        var row = await AssessedAsync(region.Code, now, ct);
        if (kind == DecisionKind.Terminate && ResponseRules.TerminationRefusal(Plan, row?.TerminationEligibleFrom, row?.Grade, ChinaTime.DayOf(now)) is { } early)
        {
            return Problem.Rule(early.Code, Messages.FromRule(early));
        }
        var existing = await db.Decisions.FirstOrDefaultAsync(d => d.OpenKey == region.Code, ct);
        if (existing is not null && existing.ProposedBy != Engine) return Problem.Conflict("open-decision", Messages.OpenDecisionExists(region.Name, existing));
        var records = new List<AuditRecord>();
        if (existing is not null)
        {
            Close(existing, DecisionStatus.Superseded, now);
            records.Add(Audit("decision.superseded", existing, new { by = "proposal" }));
        }
        var clause = kind == DecisionKind.Terminate ? Plan.Termination!.Clause : Plan.ResponseLevels.First(l => l.Level == target).Clause;
        var decision = new ResponseDecision
        {
            PlanId = Plan.Id, RegionCode = region.Code, RegionPath = region.Path, Kind = kind, FromLevel = current, ToLevel = target, Grade = row?.Grade, Clause = clause,
            Reason = reason!, Status = DecisionStatus.Recommended, ProposedBy = user.UserName(), ProposedAt = now, OpenKey = region.Code,
        };
        db.Decisions.Add(decision);
        var messages = Notifier.Add(db, now, await ExpertMessagesAsync([decision], ct));
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
            records.Append(Audit("decision.proposed", decision, new { decision.Kind, decision.FromLevel, decision.ToLevel, decision.Grade, decision.Reason })), ct);
        await notifier.SendAsync(db, messages, ct);
        return decision;
    }

    /// <summary>Experts of the health commission confirm (or reject) a recommendation, with a reason (001 §5.2.1 "组织有关专家确认").</summary>
    public async Task<Outcome<ResponseDecision>> ConfirmAsync(long id, bool confirm, string? note, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        // Outside the jurisdiction a decision does not exist, as for GET (issue 13, defect 7).
        var decision = await db.Decisions.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (decision is null || !jurisdiction.Covers(decision)) return Problem.NotFound("no-such-decision", Messages.NoSuchDecision(id));
        if (!user.IsInRole(Roles.Expert)) return Problem.Forbidden("confirm-not-allowed", Messages.ConfirmNotAllowed);
        if (TextFields.Check("note", note, Limits.NoteCharacters, Messages.ConfirmationNoteRequired, multiline: true) is { } badNote) return badNote;
        if (decision.Status != DecisionStatus.Recommended) return Problem.Conflict("decision-state", Messages.NoLongerConfirmable(id, decision.Status));
        var now = clock.GetUtcNow();
        decision.ConfirmedBy = user.UserName();
        decision.ConfirmedAt = now;
        decision.ConfirmationNote = note!.Trim();
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
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, [Audit(confirm ? "decision.confirmed" : "decision.rejected", decision, new { note = decision.ConfirmationNote })], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Conflict("decision-changed", Messages.DecisionTakenMeanwhile(id));
        }
        await notifier.SendAsync(db, messages, ct);
        return decision;
    }

    /// <summary>
    /// The headquarters (or government) of the responding jurisdiction approves a confirmed decision. The consequences are
    /// steps of their own, each saved with the approval in one transaction: <see cref="SwitchResponse"/>, <see cref="PlanTasksAsync"/>,
    /// <see cref="LiftUncoveredLockdownsAsync"/>, <see cref="ApprovalMessages"/>; then the audit entries, and the engine looks again.
    /// Of two approvals at once exactly one is saved. A save that collides on another row the approval changes (a task the
    /// overdue watcher touched meanwhile) is tried again from the start: the decision is read anew, so an approval that lost
    /// to another still answers 409.
    /// </summary>
    public async Task<Outcome<ResponseDecision>> ApproveAsync(long id, string? note, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApproveOnceAsync(id, note, user, jurisdiction, ct);
            }
            catch (DbUpdateException e) when (WriteConflict.Is(e) && attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException e) when (WriteConflict.Is(e))
            {
                db.ChangeTracker.Clear();
                return Problem.Conflict("decision-changed", Messages.DecisionTakenMeanwhile(id));
            }
        }
    }

    private async Task<Outcome<ResponseDecision>> ApproveOnceAsync(long id, string? note, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        // Outside the jurisdiction a decision does not exist, as for GET: no 403 naming its county (issue 13, defect 7).
        var decision = await db.Decisions.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (decision is null || !jurisdiction.Covers(decision)) return Problem.NotFound("no-such-decision", Messages.NoSuchDecision(id));
        if (TextFields.Check("note", note, Limits.NoteCharacters, multiline: true) is { } badNote) return badNote;
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == decision.RegionCode, ct);
        var now = clock.GetUtcNow();
        var activation = await db.Activations.FirstOrDefaultAsync(a => a.RegionCode == decision.RegionCode && a.EndedAt == null, ct);
        if (await ApprovalRefusalAsync(decision, region, activation, user, now, ct) is { } refused) return refused;

        decision.ApprovedBy = user.UserName();
        decision.ApprovedAt = now;
        decision.ApprovalNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        decision.InformedRegionCode = region.ParentCode;
        Close(decision, DecisionStatus.Approved, now);
        var records = new List<AuditRecord> { Audit("decision.approved", decision, new { decision.Kind, decision.FromLevel, decision.ToLevel, note = decision.ApprovalNote, informed = region.ParentCode }) };

        SwitchResponse(decision, activation, now);
        var tasks = await PlanTasksAsync(decision, region, activation, now, ct);
        records.AddRange(tasks.Ended.Select(t => new AuditRecord("task." + t.State.ToString().ToLowerInvariant(), "task", t.Id.ToString(CultureInfo.InvariantCulture), new { t.Title, t.Unit, reason = t.ClosedReason }, t.RegionPath)));
        var lifted = await LiftUncoveredLockdownsAsync(decision, region, user.UserName(), now, ct);
        records.AddRange(lifted.Select(z => new AuditRecord("zone.lifted", "zone", z.Id.ToString(CultureInfo.InvariantCulture), new { reason = z.LiftReason, decision = decision.Id }, z.RegionPath)));
        var upper = region.ParentCode is { } parent ? await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == parent, ct) : null;
        var messages = Notifier.Add(db, now, ApprovalMessages(decision, region, upper, tasks.Created, lifted, now));
        // Task ids exist only once saved: the records are built after the change is saved, in the same transaction.
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => records.Concat(tasks.Created.Select(t =>
            new AuditRecord("task.created", "task", t.Id.ToString(CultureInfo.InvariantCulture), new { t.Title, t.Unit, t.Level, t.DueAt, decision = decision.Id }, t.RegionPath))), ct);
        await notifier.SendAsync(db, messages, ct);
        // The response in force changed: what the engine recommends may have changed with it.
        recommendations.Request();
        return decision;
    }

    /// <summary>Who may approve, and whether the decision and the response it was based on still allow it.</summary>
    /// <summary>
    /// Why <paramref name="user"/> cannot approve <paramref name="decision"/> as it stands, or null. The server refuses with it, and the
    /// decisions page shows the approve button disabled with the same words, so a button is never offered that the server would refuse.
    /// </summary>
    public static Problem? ApprovalBlocker(ResponseDecision decision, string regionName, ClaimsPrincipal user)
    {
        // 001 §5.2.1 / §5.3.1 / §8.1: the government or headquarters of the responding level approves — not the level below, nor the one above.
        if (!user.IsInRole(Roles.Headquarters) || user.RegionCode() != decision.RegionCode) return Problem.Forbidden("approve-not-allowed", Messages.ApproveNotAllowed(regionName));
        if (decision.Status == DecisionStatus.Recommended) return Problem.Conflict("not-confirmed", Messages.NotYetConfirmed(decision.Id));
        if (decision.Status != DecisionStatus.Confirmed) return Problem.Conflict("decision-state", Messages.NotApprovable(decision.Id, decision.Status));
        return null;
    }

    private async Task<Problem?> ApprovalRefusalAsync(ResponseDecision decision, Region region, ResponseActivation? activation, ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        if (ApprovalBlocker(decision, region.Name, user) is { } blocked) return blocked;
        if (activation?.Level != decision.FromLevel) return Problem.Conflict("response-changed", Messages.ResponseChangedMeanwhile(region.Name, activation?.Level, decision.FromLevel));
        if (decision.Kind == DecisionKind.Terminate)
        {
            var row = await AssessedAsync(decision.RegionCode, now, ct);
            if (ResponseRules.TerminationRefusal(Plan, row?.TerminationEligibleFrom, row?.Grade, ChinaTime.DayOf(now)) is { } early) return Problem.Rule(early.Code, Messages.FromRule(early));
        }
        return null;
    }

    /// <summary>Step: the response in force ends (<paramref name="activation"/>) and the decision's level, if any, starts.</summary>
    public ResponseActivation? SwitchResponse(ResponseDecision decision, ResponseActivation? activation, DateTimeOffset now)
    {
        if (activation is not null)
        {
            activation.EndedAt = now;
            activation.EndedByDecisionId = decision.Id;
        }
        if (decision.ToLevel is null) return null;
        var started = new ResponseActivation
        {
            PlanId = decision.PlanId, RegionCode = decision.RegionCode, RegionPath = decision.RegionPath, Level = decision.ToLevel, DecisionId = decision.Id, StartedAt = now,
        };
        db.Activations.Add(started);
        return started;
    }

    /// <summary>Step: the measures of the new level become tasks; those no longer in force are cancelled or closed (<see cref="TaskPlanner"/>).</summary>
    public async Task<TaskChange> PlanTasksAsync(ResponseDecision decision, Region region, ResponseActivation? previous, DateTimeOffset now, CancellationToken ct)
    {
        // Only the plan's measures: a meeting's decisions (002 §五(一)) are not the response's to close.
        var openTasks = await db.Tasks.Where(t => t.RegionCode == decision.RegionCode && t.DecisionId != null && (t.State == TaskState.Open || t.State == TaskState.InProgress)).ToListAsync(ct);
        // Tasks of the response in force (not of an earlier episode): a raise does not repeat them.
        var since = previous?.StartedAt ?? now;
        var allTasks = previous is null ? [] : await db.Tasks.AsNoTracking()
            .Where(t => t.RegionCode == decision.RegionCode && t.DecisionId != null && t.State != TaskState.Cancelled && t.State != TaskState.Closed && t.CreatedAt >= since)
            .Select(t => new { t.MeasureId, t.Unit }).ToListAsync(ct);
        var defaultHours = (await Tasks.TaskService.DefaultDeadlineAsync(db, region, ct))?.Hours;
        var change = TaskPlanner.Plan(Plan, decision, region, openTasks, allTasks.Select(t => (t.MeasureId, t.Unit)).ToHashSet(), now, defaultHours);
        db.Tasks.AddRange(change.Created);
        return change;
    }

    /// <summary>
    /// Step: the lockdowns (封锁疫区) in the jurisdiction that this decision leaves without a response over them that permits a
    /// lockdown (001 §5.3.2; 004 §九(一)7) end with the response that allowed them.
    /// </summary>
    public async Task<List<ControlZone>> LiftUncoveredLockdownsAsync(ResponseDecision decision, Region region, string actor, DateTimeOffset now, CancellationToken ct)
    {
        if (ZoneRules.PermitsLockdown(Plan, decision.ToLevel)) return [];
        var lockdowns = await db.ControlZones.Where(z => z.Kind == ZoneKind.Lockdown && z.State != ZoneState.Lifted && z.RegionPath.StartsWith(region.Path)).ToListAsync(ct);
        if (lockdowns.Count == 0) return [];
        var others = (await db.Activations.AsNoTracking().Where(a => a.EndedAt == null && a.RegionCode != region.Code).ToListAsync(ct))
            .Where(a => ZoneRules.PermitsLockdown(Plan, a.Level)).ToList();
        var lifted = lockdowns.Where(z => !others.Any(a => z.RegionPath.StartsWith(a.RegionPath, StringComparison.Ordinal))).ToList();
        var rule = Plan.Lockdown is { } lockdown ? $"封锁须在{Ui.Numeral(lockdown.MinimumLevel)}级及以上响应下实施（§{lockdown.Clause}）" : "预案未规定封锁疫区";
        foreach (var zone in lifted)
        {
            zone.State = ZoneState.Lifted;
            zone.LiftedBy = actor;
            zone.LiftedAt = now;
            zone.LiftReason = $"{region.Name}{Describe(decision)}，{rule}，随之解除（决定 #{decision.Id}）";
            zone.Version++;
        }
        return lifted;
    }

    /// <summary>Step: who is told — the level above (报告), the jurisdiction, each unit of its new tasks, and the region of each lifted lockdown.</summary>
    public static List<Message> ApprovalMessages(ResponseDecision decision, Region region, Region? upper, IReadOnlyList<ResponseTask> created, IReadOnlyList<ControlZone> lifted, DateTimeOffset now)
    {
        var messages = lifted.Select(z => new Message(region.Code, region.Path, $"解除封锁：{z.Name}", z.LiftReason ?? "", "/zones")).ToList();
        var title = $"{region.Name}{Describe(decision)}（已批准）";
        if (upper is not null) messages.Add(new Message(upper.Code, upper.Path, "报告：" + title, $"{decision.ApprovedBy} 于 {ChinaTime.Format(now)} 批准。{decision.Reason}", "/decisions"));
        messages.Add(new Message(region.Code, region.Path, title, decision.Reason, "/decisions"));
        messages.AddRange(created.GroupBy(t => t.Unit).Select(g =>
            new Message(region.Code, region.Path, $"新任务 {g.Count()} 项", $"{region.Name}{Describe(decision)}：{string.Join("；", g.Select(t => t.Title).Distinct().Take(5))}", "/tasks", Unit: g.Key)));
        return messages;
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

    private static AuditRecord Audit(string action, ResponseDecision d, object data) => new(action, "decision", d.Id.ToString(CultureInfo.InvariantCulture), data, d.RegionPath);

    /// <summary>The decision in words, in Chinese: for messages and official documents.</summary>
    public static string Describe(ResponseDecision d) => Messages.Decision.Describe(d).Zh;
}
