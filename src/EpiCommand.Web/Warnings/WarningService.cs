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
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Warnings;

/// <summary>Draft a warning from an approved decision, or (no decision) a level IV warning for a region the assessment warns.</summary>
public sealed record NewWarning(long? Decision, string? Region);

/// <summary>The editable content of a draft (001 §3.4); <see cref="Version"/> is the one the editor read.</summary>
public sealed record WarningEdit(
    int Version, string? Name, string? Issuer, List<string>? Audiences, List<string>? Channels, string? Overview, string? Warnings, string? Measures,
    DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);

/// <summary>What may be drafted now: approved decisions with a grade and no warning of their level, and regions the assessment warns without a grade.</summary>
public sealed record WarningCandidate(long? Decision, string Region, string RegionName, string Level, string Why, DateTimeOffset? GradedAt);

/// <summary>
/// Warnings (requirements D1–D5; 001 §3.4): drafted from an approved grade with the level, issuer, audiences, channels and
/// content the plan prescribes, issued by headquarters within the plan's hours, repeated when cases recur, lifted with a reason.
/// Every change is written to the audit trail with the change itself, and the region is notified.
/// </summary>
public sealed class WarningService(AppDbContext db, FactsCache facts, TimeProvider clock, Notifier notifier)
{
    private Plan Plan => facts.Plan;

    public async Task<Outcome<WarningNotice>> DraftAsync(NewWarning request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayWork(user)) return Problem.Forbidden("warning-not-allowed", Messages.WarningWorkNotAllowed(new("起草", "draft")));
        if (Plan.Warning is not { } rules) return Problem.Rule("plan-has-no-warnings", Messages.PlanHasNoWarnings(Plan.Name));
        if (request.Decision is null == string.IsNullOrWhiteSpace(request.Region))
        {
            var either = new FieldErrors();
            either.Add("decision", Messages.DecisionOrRegion);
            either.Add("region", Messages.DecisionOrRegion);
            return either.Problem!;
        }
        var now = clock.GetUtcNow();
        var today = ChinaTime.DayOf(now);
        var assessment = await facts.AssessAsync(today, ct);

        ResponseDecision? decision = null;
        Region? region;
        Grade level;
        DateTimeOffset gradedAt;
        string measuresLevel;
        if (request.Decision is { } decisionId)
        {
            decision = await db.Decisions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == decisionId, ct);
            if (decision is null || !jurisdiction.Covers(decision)) return Problem.NotFound("no-such-decision", Messages.NoSuchDecision(decisionId));
            if (decision.Status != DecisionStatus.Approved || decision.ApprovedAt is null) return Problem.Conflict("decision-not-approved", Messages.WarnOnlyOnApproved(decisionId, decision.Status));
            if (decision.Kind == DecisionKind.Terminate || decision.ToLevel is null) return Problem.Rule("decision-terminates", Messages.NoWarningOnTermination(decisionId));
            if (decision.Grade is not { } grade) return Problem.Rule("decision-without-grade", Messages.DecisionWithoutGrade(decisionId));
            // 001 §3.4.2: grade I and II → warning I, III → II, IV → III.
            if (!rules.FromGrade.TryGetValue(grade, out level)) return Problem.Rule("no-warning-for-grade", Messages.NoWarningForGrade(grade, rules.Clause));
            region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == decision.RegionCode, ct);
            gradedAt = decision.ApprovedAt.Value;
            measuresLevel = decision.ToLevel;
        }
        else
        {
            var found = await RegionLookup.FindAsync(jurisdiction, db, request.Region, "region", ct);
            if (found.Problem is { } noRegion) return noRegion;
            region = found.Value!;
            var row = assessment.Find(region.Code);
            if (row?.Grade is { } graded) return Problem.Rule("graded-needs-decision", Messages.GradedNeedsDecision(region.Name, graded));
            if (row?.Warning is not { } warned) return Problem.Rule("no-warning-needed", Messages.NoWarningNeeded(region.Name));
            level = warned;
            // No decision grades a region that only borders the epidemic: its clock starts when the warning is drafted from the assessment.
            gradedAt = now;
            measuresLevel = (await db.Activations.AsNoTracking().FirstOrDefaultAsync(a => a.RegionCode == region.Code && a.EndedAt == null, ct))?.Level
                ?? Plan.ResponseLevels.FirstOrDefault(l => l.Trigger is null)?.Level ?? "";
        }

        if (rules.Levels.FirstOrDefault(l => l.Level == level) is not { } levelRule)
        {
            return Problem.Rule("no-warning-level", Messages.NoWarningLevel(level, rules.Clause));
        }
        var content = await WarningContent.BuildAsync(db, Plan, region, assessment.Find(region.Code), decision, measuresLevel, today, ct);
        // 001 §3.4.1: issued by the health commission of the issuing level — this jurisdiction's own, by name, with the plan's 主送 filled in.
        var body = await IssuingBody.ForAsync(db, region, levelRule, ct);
        // One open warning per region and level (001 §3.4.4 repeats it rather than drafting another): the region's row is locked
        // (a row lock on PostgreSQL, the write lock on SQLite) before looking, so that of two drafts at once the second sees the
        // first (issue 13: six parallel drafts stored six warnings).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Regions.Where(r => r.Code == region.Code).ExecuteUpdateAsync(s => s.SetProperty(r => r.Name, r => r.Name), ct);
        var open = await db.Warnings.AsNoTracking().FirstOrDefaultAsync(w => w.RegionCode == region.Code && w.Level == level && w.State != WarningState.Lifted, ct);
        if (open is not null)
        {
            return Problem.Conflict("warning-open", Messages.WarningAlreadyOpen(region.Name, levelRule.Name, open, rules.Repeat?.Clause));
        }

        var warning = new WarningNotice
        {
            PlanId = Plan.Id, RegionCode = region.Code, RegionPath = region.Path, DecisionId = decision?.Id, Level = level,
            Name = $"{region.Name}新冠肺炎疫情{levelRule.Name}", Issuer = body.Issuer, Audiences = [.. body.Recipients.Count > 0 ? body.Recipients : levelRule.Audiences], Channels = [.. rules.Channels],
            Overview = content.Overview, Warnings = content.Warnings, Measures = content.Measures,
            StartsAt = now, EndsAt = DefaultEnd(rules, gradedAt), GradedAt = gradedAt,
            // 001 §3.4.4: 确定疫情并进行分级后，应及时发布预警信息，最长不超过24小时.
            DueAt = gradedAt.AddHours(rules.IssueWithinHours ?? 24),
            State = WarningState.Draft, DraftedBy = user.UserName(), DraftedAt = now,
        };
        db.Warnings.Add(warning);
        var messages = Notifier.Add(db, now, new Message(region.Code, region.Path, $"待发布：{warning.Name}",
            $"由{warning.Issuer}发布，须于 {ChinaTime.Format(warning.DueAt)} 前发布（001 §3.4.4）。", "/warnings", Role: Roles.Headquarters));
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
            [Audit("warning.drafted", warning, new { level = warning.Level.ToString(), decision = warning.DecisionId, warning.Issuer, warning.GradedAt, warning.DueAt })], ct);
        await transaction.CommitAsync(ct);
        await notifier.SendAsync(db, messages, ct);
        return warning;
    }

    /// <summary>Edits the content of a draft; an issued or lifted warning is no longer edited.</summary>
    public async Task<Outcome<WarningNotice>> EditAsync(long id, WarningEdit edit, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (warning, refused) = await FindAsync(id, jurisdiction, ct);
        if (refused is not null) return refused;
        if (!MayWork(user)) return Problem.Forbidden("warning-not-allowed", Messages.WarningWorkNotAllowed(new("修改", "edit")));
        if (warning!.State != WarningState.Draft) return Problem.Conflict("warning-state", Messages.WarningNoLongerEditable(id, warning.State));
        if (warning.Version != edit.Version) return Problem.Conflict("warning-changed", Messages.WarningVersionChanged(id, edit.Version, warning.Version));
        var errors = new FieldErrors();
        string Required(string field, string? value, Text label, int max, bool multiline = false) =>
            errors.Text(field, value, max, Messages.Required(label), multiline) ?? "";
        var name = Required("name", edit.Name ?? warning.Name, new("预警名称", "the warning's name"), Limits.LineCharacters);
        var issuer = Required("issuer", edit.Issuer ?? warning.Issuer, new("发布机关", "the issuer"), Limits.LineCharacters);
        var overview = Required("overview", edit.Overview ?? warning.Overview, new("疫情概况", "the overview of the epidemic"), Limits.DocumentCharacters, multiline: true);
        var warnings = Required("warnings", edit.Warnings ?? warning.Warnings, new("警示事项", "what the warning warns of"), Limits.DocumentCharacters, multiline: true);
        var measures = Required("measures", edit.Measures ?? warning.Measures, new("应采取的措施", "the measures to take"), Limits.DocumentCharacters, multiline: true);
        var channels = edit.Channels?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().ToList() ?? warning.Channels;
        if (channels.Count == 0) errors.Add("channels", Messages.ChannelRequired(Plan.Warning?.Channels ?? []));
        var audiences = edit.Audiences?.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList() ?? warning.Audiences;
        if (channels.Count > 20) errors.Add("channels", Messages.TooMany(20));
        if (audiences.Count > 50) errors.Add("audiences", Messages.TooMany(50));
        for (var i = 0; i < channels.Count; i++) errors.Text($"channels[{i}]", channels[i], Limits.LineCharacters);
        for (var i = 0; i < audiences.Count; i++) errors.Text($"audiences[{i}]", audiences[i], Limits.LineCharacters);
        var startsAt = edit.StartsAt?.ToUniversalTime() ?? warning.StartsAt;
        var endsAt = edit.EndsAt?.ToUniversalTime() ?? warning.EndsAt;
        if (endsAt is { } end && end <= startsAt) errors.Add("endsAt", Messages.WarningEndBeforeStart);
        var today = clock.GetUtcNow();
        errors.NotFarAhead("startsAt", startsAt, today);
        errors.NotFarAhead("endsAt", endsAt, today);
        if (errors.Problem is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        warning.Name = name;
        warning.Issuer = issuer;
        warning.Overview = overview;
        warning.Warnings = warnings;
        warning.Measures = measures;
        warning.Channels = channels;
        warning.Audiences = audiences;
        warning.StartsAt = startsAt;
        warning.EndsAt = endsAt;
        warning.Version++;
        return await SaveAsync(warning, user, now, "warning.edited", new { warning.Name, warning.Issuer, warning.Channels, warning.Audiences, warning.StartsAt, warning.EndsAt }, [], ct);
    }

    /// <summary>
    /// Issues a draft (001 §3.4.4): by the headquarters of the warned region or of the city above it. The warning starts now
    /// (or at the later start the draft set) and lasts to the year end unless the draft set another end.
    /// </summary>
    public async Task<Outcome<WarningNotice>> IssueAsync(long id, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (warning, refused) = await FindAsync(id, jurisdiction, ct);
        if (refused is not null) return refused;
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == warning!.RegionCode, ct);
        if (await IssuerRefusalAsync(warning!, region, user, new("发布", "issued"), ct) is { } notIssuer) return notIssuer;
        if (warning!.State != WarningState.Draft) return Problem.Conflict("warning-state", Messages.WarningNotReissuable(id, warning.State));
        var now = clock.GetUtcNow();
        if (warning.StartsAt < now) warning.StartsAt = now;
        warning.EndsAt ??= Plan.Warning is { } rules ? DefaultEnd(rules, warning.GradedAt) : null;
        if (warning.EndsAt <= warning.StartsAt) return Problem.Rule("warning-ended", Messages.WarningEndsBeforeIssue(id, warning.EndsAt!.Value));
        warning.State = WarningState.Issued;
        warning.IssuedBy = user.UserName();
        warning.IssuedAt = now;
        warning.Version++;
        var late = now > warning.DueAt;
        var message = new Message(region.Code, region.Path, $"已发布：{warning.Name}",
            $"{warning.Issuer}于 {ChinaTime.Format(now)} 发布，{(warning.EndsAt is { } until ? $"有效至 {ChinaTime.Format(until)}" : "至解除时止")}。{warning.Warnings}", "/warnings");
        return await SaveAsync(warning, user, now, "warning.issued", new { warning.StartsAt, warning.EndsAt, warning.DueAt, late }, [message], ct);
    }

    /// <summary>Repeats an issued warning (001 §3.4.4: the same cases recur and the experts judge the epidemic worse or spreading), with the reason.</summary>
    public async Task<Outcome<WarningNotice>> RepeatAsync(long id, string? note, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (warning, refused) = await FindAsync(id, jurisdiction, ct);
        if (refused is not null) return refused;
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == warning!.RegionCode, ct);
        if (await IssuerRefusalAsync(warning!, region, user, new("重复", "repeated"), ct) is { } notIssuer) return notIssuer;
        if (TextFields.Check("note", note, Limits.NoteCharacters, Messages.RepeatNoteRequired, multiline: true) is { } badNote) return badNote;
        if (warning!.State != WarningState.Issued) return Problem.Conflict("warning-state", Messages.OnlyIssuedRepeat(id, warning.State));
        var now = clock.GetUtcNow();
        warning.RepeatCount++;
        warning.LastRepeatedAt = now;
        warning.Version++;
        var message = new Message(warning.RegionCode, warning.RegionPath, $"重复预警（第{warning.RepeatCount}次）：{warning.Name}", note!.Trim(), "/warnings");
        return await SaveAsync(warning, user, now, "warning.repeated", new { count = warning.RepeatCount, note = note!.Trim() }, [message], ct);
    }

    /// <summary>Lifts an issued warning, or withdraws a draft that is no longer needed, with the reason (001 §3.4 及时发布和解除预警信息).</summary>
    public async Task<Outcome<WarningNotice>> LiftAsync(long id, string? reason, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (warning, refused) = await FindAsync(id, jurisdiction, ct);
        if (refused is not null) return refused;
        if (!MayWork(user)) return Problem.Forbidden("warning-not-allowed", Messages.WarningWorkNotAllowed(new("解除", "lift")));
        if (warning!.State == WarningState.Issued)
        {
            // An issued warning is lifted by whoever may issue it; experts may withdraw drafts only.
            var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == warning.RegionCode, ct);
            if (await IssuerRefusalAsync(warning, region, user, new("解除", "lifted"), ct) is { } notIssuer) return notIssuer;
        }
        if (TextFields.Check("reason", reason, Limits.NoteCharacters, Messages.Required(new("解除预警的理由", "the reason for lifting the warning")), multiline: true) is { } badReason) return badReason;
        if (warning!.State == WarningState.Lifted) return Problem.Conflict("warning-state", Messages.WarningAlreadyLifted(id, warning.LiftedAt!.Value));
        var now = clock.GetUtcNow();
        var wasIssued = warning.State == WarningState.Issued;
        warning.State = WarningState.Lifted;
        warning.LiftedBy = user.UserName();
        warning.LiftedAt = now;
        warning.LiftReason = reason!.Trim();
        warning.Version++;
        var message = new Message(warning.RegionCode, warning.RegionPath, $"{(wasIssued ? "解除" : "撤回草稿")}：{warning.Name}", warning.LiftReason, "/warnings");
        return await SaveAsync(warning, user, now, "warning.lifted", new { reason = warning.LiftReason, wasIssued }, [message], ct);
    }

    /// <summary>
    /// Headquarters issue: that of the warned region or of a city or province above it (whose jurisdiction holds it). The health
    /// commission named as issuer (001 §3.4.1) publishes under the headquarters' direction; experts draft and assess but do not issue.
    /// </summary>
    public static bool MayIssue(Plan plan, ClaimsPrincipal user, Region? userRegion, Region warned, Grade level) =>
        userRegion is not null && warned.Path.StartsWith(userRegion.Path, StringComparison.Ordinal) && MayIssue(plan, user, userRegion, level);

    /// <summary>For a warning already known to lie within the user's jurisdiction.</summary>
    /// <remarks>A warning issued above the city (II by the region, I by the nation) is recorded by the city headquarters, the highest level that works on this platform.</remarks>
    public static bool MayIssue(Plan plan, ClaimsPrincipal user, Region? userRegion, Grade level) =>
        user.IsInRole(Roles.Headquarters) && userRegion is not null && userRegion.Level <= (IssuerLevel(plan, level) == RegionLevel.County ? RegionLevel.County : RegionLevel.City);

    /// <summary>The level of the warning's issuer, from the plan (<c>warning.levels[].issuerLevel</c>; 001 §3.4.1); the nation ranks as the province on the platform.</summary>
    /// <summary>The notice's 抄报 line: the plan's "同时报告…" addressees (001 §3.4.3) for the warning's issuing jurisdiction.</summary>
    public static async Task<IReadOnlyList<string>> CopyToAsync(AppDbContext db, Plan plan, WarningNotice warning, CancellationToken ct)
    {
        var level = plan.Warning?.Levels.FirstOrDefault(l => l.Level == warning.Level);
        var region = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == warning.RegionCode, ct);
        return level is null || region is null ? [] : (await IssuingBody.ForAsync(db, region, level, ct)).CopyTo;
    }

    public static RegionLevel IssuerLevel(Plan plan, Grade level) =>
        plan.Warning?.Levels.FirstOrDefault(l => l.Level == level)?.IssuerLevel ?? RegionLevel.Province;

    private async Task<Problem?> IssuerRefusalAsync(WarningNotice warning, Region region, ClaimsPrincipal user, Text verb, CancellationToken ct)
    {
        var userRegion = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == user.RegionCode(), ct);
        return MayIssue(Plan, user, userRegion, region, warning.Level)
            ? null
            : Problem.Forbidden("issuer-only", Messages.IssuerOnly(warning, verb, IssuerLevel(Plan, warning.Level)));
    }

    /// <summary>What may be drafted now within the jurisdiction (for the page and the API).</summary>
    public async Task<List<WarningCandidate>> CandidatesAsync(Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (Plan.Warning is not { } rules) return [];
        var open = await jurisdiction.Scope(db.Warnings.AsNoTracking()).Where(w => w.State != WarningState.Lifted)
            .Select(w => new { w.RegionCode, w.Level, w.DecisionId }).ToListAsync(ct);
        var drafted = await jurisdiction.Scope(db.Warnings.AsNoTracking()).Where(w => w.DecisionId != null).Select(w => w.DecisionId!.Value).ToListAsync(ct);
        var names = await jurisdiction.Regions(db).AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var result = new List<WarningCandidate>();
        var decisions = await jurisdiction.Scope(db.Decisions.AsNoTracking())
            .Where(d => d.Status == DecisionStatus.Approved && d.Grade != null && d.ToLevel != null)
            .OrderByDescending(d => d.ApprovedAt).Take(100).ToListAsync(ct);
        foreach (var d in decisions)
        {
            if (drafted.Contains(d.Id) || !rules.FromGrade.TryGetValue(d.Grade!.Value, out var level)) continue;
            if (open.Any(w => w.RegionCode == d.RegionCode && w.Level == level)) continue;
            result.Add(new WarningCandidate(d.Id, d.RegionCode, names.GetValueOrDefault(d.RegionCode, d.RegionCode), level.ToString(),
                $"{DecisionService.Describe(d)}（疫情分级{d.Grade.Value.ToChinese()}，§{rules.Clause}）", d.ApprovedAt));
        }
        var assessment = await facts.AssessAsync(ChinaTime.Today(clock), ct);
        foreach (var row in assessment.Regions.Where(r => r.Grade is null && r.Warning is not null && names.ContainsKey(r.Code)))
        {
            if (open.Any(w => w.RegionCode == row.Code && w.Level == row.Warning)) continue;
            var why = row.Reasons.FirstOrDefault(x => x.Topic == ReasonTopic.Warning)?.Criterion ?? $"§{rules.Clause}";
            result.Add(new WarningCandidate(null, row.Code, row.Name, row.Warning!.Value.ToString(), why, null));
        }
        return result;
    }

    /// <summary>
    /// When a warning ends unless its draft sets another end, as the plan's <c>warning.duration.until</c> says: <c>yearEnd</c> is the end
    /// of the year the epidemic was graded in (001 §3.4.4 预警时间持续至疫情发生当年年底), the first instant of 1 January after it. Null: until lifted.
    /// </summary>
    public static DateTimeOffset? DefaultEnd(WarningRules rules, DateTimeOffset gradedAt) => rules.Duration?.Until switch
    {
        WarningEnd.YearEnd => ChinaTime.StartOf(new DateOnly(ChinaTime.DayOf(gradedAt).Year + 1, 1, 1)),
        _ => null,
    };

    public static string StateName(WarningState state) => Messages.WarningState(state).Zh;

    private async Task<(WarningNotice? Warning, Problem? Problem)> FindAsync(long id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var warning = await db.Warnings.FirstOrDefaultAsync(w => w.Id == id, ct);
        return warning is null || !jurisdiction.Covers(warning) ? (null, Problem.NotFound("no-such-warning", Messages.NoSuchWarning(id))) : (warning, null);
    }

    private async Task<Outcome<WarningNotice>> SaveAsync(
        WarningNotice warning, ClaimsPrincipal user, DateTimeOffset now, string action, object data, IReadOnlyList<Message> messages, CancellationToken ct)
    {
        Notifier.Add(db, now, messages);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit(action, warning, data)], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Conflict("warning-changed", Messages.WarningChangedMeanwhile(warning.Id));
        }
        await notifier.SendAsync(db, messages, ct);
        return warning;
    }

    private static bool MayWork(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Expert);

    private static AuditRecord Audit(string action, WarningNotice w, object data) => new(action, "warning", w.Id.ToString(CultureInfo.InvariantCulture), data, w.RegionPath);

}
