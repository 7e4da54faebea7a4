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

    public async Task<(WarningNotice? Warning, Refusal? Refusal)> DraftAsync(NewWarning request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayWork(user)) return (null, Refusal.Forbidden("只有指挥部或卫生健康委专家可以起草预警。"));
        if (Plan.Warning is not { } rules) return (null, Refusal.Rule($"预案“{Plan.Name}”未规定预警。"));
        if (request.Decision is null == string.IsNullOrWhiteSpace(request.Region))
        {
            return (null, Refusal.Rule("decision / region: 请指明所依据的已批准决定（decision），或无决定时的地区（region），二者取其一。"));
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
            if (decision is null || !jurisdiction.Covers(decision)) return (null, Refusal.NotFound($"decision: 没有编号为 {decisionId} 的决定。"));
            if (decision.Status != DecisionStatus.Approved || decision.ApprovedAt is null)
            {
                return (null, Refusal.Conflict($"decision: 决定 #{decisionId} 当前为“{DecisionService.StatusName(decision.Status)}”，批准后才能据此起草预警（001 §3.4.4 确定疫情并进行分级后发布）。"));
            }
            if (decision.Kind == DecisionKind.Terminate || decision.ToLevel is null)
            {
                return (null, Refusal.Rule($"decision: 决定 #{decisionId} 是终止应急响应的决定，不据此发布预警；请解除已发布的预警。"));
            }
            if (decision.Grade is not { } grade)
            {
                return (null, Refusal.Rule($"decision: 决定 #{decisionId} 没有疫情分级，无法确定预警级别（001 §3.4.2 预警级别按疫情分级对应）。"));
            }
            // 001 §3.4.2: grade I and II → warning I, III → II, IV → III.
            if (!rules.FromGrade.TryGetValue(grade, out level)) return (null, Refusal.Rule($"预案未规定{grade.ToChinese()}疫情对应的预警级别（§{rules.Clause}）。"));
            region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == decision.RegionCode, ct);
            gradedAt = decision.ApprovedAt.Value;
            measuresLevel = decision.ToLevel;
        }
        else
        {
            var code = request.Region!.Trim();
            var (access, found) = await jurisdiction.FindRegionAsync(db, code, ct);
            if (access == RegionAccess.NotFound) return (null, Refusal.NotFound($"region: 没有代码为“{code}”的地区。"));
            if (access == RegionAccess.Forbidden) return (null, Refusal.Forbidden($"region: {code} 不在您的管辖范围内。"));
            region = found!;
            var row = assessment.Find(region.Code);
            if (row?.Grade is { } graded)
            {
                return (null, Refusal.Rule($"region: {region.Name}疫情已分级为{graded.ToChinese()}，须依据批准的应急响应决定起草预警（001 §3.4.2）。"));
            }
            if (row?.Warning is not { } warned)
            {
                return (null, Refusal.Rule($"region: 按今日评估，{region.Name}既无疫情分级也无毗邻地区疫情，无需预警（001 §3.4.2）。"));
            }
            level = warned;
            // No decision grades a region that only borders the epidemic: its clock starts when the warning is drafted from the assessment.
            gradedAt = now;
            measuresLevel = (await db.Activations.AsNoTracking().FirstOrDefaultAsync(a => a.RegionCode == region.Code && a.EndedAt == null, ct))?.Level
                ?? Plan.ResponseLevels.FirstOrDefault(l => l.Trigger is null)?.Level ?? "";
        }

        if (rules.Levels.FirstOrDefault(l => l.Level == level) is not { } levelRule)
        {
            return (null, Refusal.Rule($"预案未规定{level.ToChinese()}预警的发布单位和对象（§{rules.Clause}）。"));
        }
        var open = await db.Warnings.AsNoTracking().FirstOrDefaultAsync(w => w.RegionCode == region.Code && w.Level == level && w.State != WarningState.Lifted, ct);
        if (open is not null)
        {
            return (null, Refusal.Conflict($"{region.Name}已有{levelRule.Name} #{open.Id}（{StateName(open.State)}）。同一预警期内再次出现病例时，经专家组评估后重复预警（001 §{rules.Repeat?.Clause ?? "3.4.4"}）。"));
        }

        var content = await WarningContent.BuildAsync(db, Plan, region, assessment.Find(region.Code), decision, measuresLevel, today, ct);
        var warning = new WarningNotice
        {
            PlanId = Plan.Id, RegionCode = region.Code, RegionPath = region.Path, DecisionId = decision?.Id, Level = level,
            Name = $"{region.Name}新冠肺炎疫情{levelRule.Name}", Issuer = levelRule.Issuer, Audiences = [.. levelRule.Audiences], Channels = [.. rules.Channels],
            Overview = content.Overview, Warnings = content.Warnings, Measures = content.Measures,
            StartsAt = now, EndsAt = YearEnd(gradedAt), GradedAt = gradedAt,
            // 001 §3.4.4: 确定疫情并进行分级后，应及时发布预警信息，最长不超过24小时.
            DueAt = gradedAt.AddHours(rules.IssueWithinHours ?? 24),
            State = WarningState.Draft, DraftedBy = Name(user), DraftedAt = now,
        };
        db.Warnings.Add(warning);
        var messages = Notifier.Add(db, now, new Message(region.Code, region.Path, $"待发布：{warning.Name}",
            $"由{warning.Issuer}发布，须于 {ChinaTime.Format(warning.DueAt)} 前发布（001 §3.4.4）。", "/warnings", Role: Roles.Headquarters));
        await AuditLog.SaveChangesAsync(db, Name(user), now, () =>
            [Audit("warning.drafted", warning, new { level = warning.Level.ToString(), decision = warning.DecisionId, warning.Issuer, warning.GradedAt, warning.DueAt })], ct);
        await notifier.SendAsync(db, messages, ct);
        return (warning, null);
    }

    /// <summary>Edits the content of a draft; an issued or lifted warning is no longer edited.</summary>
    public async Task<(WarningNotice? Warning, Refusal? Refusal)> EditAsync(long id, WarningEdit edit, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (warning, refused) = await FindAsync(id, jurisdiction, ct);
        if (refused is not null) return (null, refused);
        if (!MayWork(user)) return (null, Refusal.Forbidden("只有指挥部或卫生健康委专家可以修改预警。"));
        if (warning!.State != WarningState.Draft) return (null, Refusal.Conflict($"预警 #{id} 已{StateName(warning.State)}，不能再修改。"));
        if (warning.Version != edit.Version) return (null, Refusal.Conflict($"预警 #{id} 已被他人修改（您读到的是第 {edit.Version} 版，现为第 {warning.Version} 版），请刷新后再改。"));
        var errors = new List<string>();
        string Required(string field, string? value, string label)
        {
            if (string.IsNullOrWhiteSpace(value)) errors.Add($"{field}: 请填写{label}。");
            return value?.Trim() ?? "";
        }
        var name = Required("name", edit.Name ?? warning.Name, "预警名称");
        var issuer = Required("issuer", edit.Issuer ?? warning.Issuer, "发布机关");
        var overview = Required("overview", edit.Overview ?? warning.Overview, "疫情概况");
        var warnings = Required("warnings", edit.Warnings ?? warning.Warnings, "警示事项");
        var measures = Required("measures", edit.Measures ?? warning.Measures, "应采取的措施");
        var channels = edit.Channels?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().ToList() ?? warning.Channels;
        if (channels.Count == 0) errors.Add($"channels: 请至少选择一种发布形式（001 §3.4.5：{string.Join("、", Plan.Warning?.Channels ?? [])}）。");
        var audiences = edit.Audiences?.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList() ?? warning.Audiences;
        var startsAt = edit.StartsAt?.ToUniversalTime() ?? warning.StartsAt;
        var endsAt = edit.EndsAt?.ToUniversalTime() ?? warning.EndsAt;
        if (endsAt is { } end && end <= startsAt) errors.Add("endsAt: 结束时间须晚于起始时间。");
        if (errors.Count > 0) return (null, Refusal.Rule(string.Join(" ", errors)));

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
    public async Task<(WarningNotice? Warning, Refusal? Refusal)> IssueAsync(long id, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (warning, refused) = await FindAsync(id, jurisdiction, ct);
        if (refused is not null) return (null, refused);
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == warning!.RegionCode, ct);
        if (await IssuerRefusalAsync(warning!, region, user, "发布", ct) is { } notIssuer) return (null, notIssuer);
        if (warning!.State != WarningState.Draft) return (null, Refusal.Conflict($"预警 #{id} 已{StateName(warning.State)}，不能再次发布；疫情反复时请重复预警。"));
        var now = clock.GetUtcNow();
        if (warning.StartsAt < now) warning.StartsAt = now;
        warning.EndsAt ??= YearEnd(warning.GradedAt);
        if (warning.EndsAt <= warning.StartsAt) return (null, Refusal.Rule($"预警 #{id} 的结束时间 {ChinaTime.Format(warning.EndsAt.Value)} 早于发布时间，请先修改。"));
        warning.State = WarningState.Issued;
        warning.IssuedBy = Name(user);
        warning.IssuedAt = now;
        warning.Version++;
        var late = now > warning.DueAt;
        var message = new Message(region.Code, region.Path, $"已发布：{warning.Name}",
            $"{warning.Issuer}于 {ChinaTime.Format(now)} 发布，有效至 {ChinaTime.Format(warning.EndsAt.Value)}。{warning.Warnings}", "/warnings");
        return await SaveAsync(warning, user, now, "warning.issued", new { warning.StartsAt, warning.EndsAt, warning.DueAt, late }, [message], ct);
    }

    /// <summary>Repeats an issued warning (001 §3.4.4: the same cases recur and the experts judge the epidemic worse or spreading), with the reason.</summary>
    public async Task<(WarningNotice? Warning, Refusal? Refusal)> RepeatAsync(long id, string? note, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (warning, refused) = await FindAsync(id, jurisdiction, ct);
        if (refused is not null) return (null, refused);
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == warning!.RegionCode, ct);
        if (await IssuerRefusalAsync(warning!, region, user, "重复", ct) is { } notIssuer) return (null, notIssuer);
        if (string.IsNullOrWhiteSpace(note)) return (null, Refusal.Rule("note: 请写明专家组评估意见及需提醒警示的事项（001 §3.4.4）。"));
        if (warning!.State != WarningState.Issued) return (null, Refusal.Conflict($"预警 #{id} 当前为“{StateName(warning.State)}”，只有已发布的预警可以重复。"));
        var now = clock.GetUtcNow();
        warning.RepeatCount++;
        warning.LastRepeatedAt = now;
        warning.Version++;
        var message = new Message(warning.RegionCode, warning.RegionPath, $"重复预警（第{warning.RepeatCount}次）：{warning.Name}", note.Trim(), "/warnings");
        return await SaveAsync(warning, user, now, "warning.repeated", new { count = warning.RepeatCount, note = note.Trim() }, [message], ct);
    }

    /// <summary>Lifts an issued warning, or withdraws a draft that is no longer needed, with the reason (001 §3.4 及时发布和解除预警信息).</summary>
    public async Task<(WarningNotice? Warning, Refusal? Refusal)> LiftAsync(long id, string? reason, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (warning, refused) = await FindAsync(id, jurisdiction, ct);
        if (refused is not null) return (null, refused);
        if (!MayWork(user)) return (null, Refusal.Forbidden("只有指挥部或卫生健康委专家可以解除预警。"));
        if (warning!.State == WarningState.Issued)
        {
            // An issued warning is lifted by whoever may issue it; experts may withdraw drafts only.
            var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == warning.RegionCode, ct);
            if (await IssuerRefusalAsync(warning, region, user, "解除", ct) is { } notIssuer) return (null, notIssuer);
        }
        if (string.IsNullOrWhiteSpace(reason)) return (null, Refusal.Rule("reason: 请写明解除预警的理由。"));
        if (warning!.State == WarningState.Lifted) return (null, Refusal.Conflict($"预警 #{id} 已于 {ChinaTime.Format(warning.LiftedAt!.Value)} 解除。"));
        var now = clock.GetUtcNow();
        var wasIssued = warning.State == WarningState.Issued;
        warning.State = WarningState.Lifted;
        warning.LiftedBy = Name(user);
        warning.LiftedAt = now;
        warning.LiftReason = reason.Trim();
        warning.Version++;
        var message = new Message(warning.RegionCode, warning.RegionPath, $"{(wasIssued ? "解除" : "撤回草稿")}：{warning.Name}", warning.LiftReason, "/warnings");
        return await SaveAsync(warning, user, now, "warning.lifted", new { reason = warning.LiftReason, wasIssued }, [message], ct);
    }

    /// <summary>
    /// Headquarters issue: that of the warned region or of a city or province above it (whose jurisdiction holds it). The health
    /// commission named as issuer (001 §3.4.1) publishes under the headquarters' direction; experts draft and assess but do not issue.
    /// </summary>
    public static bool MayIssue(ClaimsPrincipal user, Region? userRegion, Region warned, Grade level) =>
        userRegion is not null && warned.Path.StartsWith(userRegion.Path, StringComparison.Ordinal) && MayIssue(user, userRegion, level);

    /// <summary>For a warning already known to lie within the user's jurisdiction.</summary>
    /// <remarks>A warning issued above the city (II by the region, I by the nation) is recorded by the city headquarters, the highest level that works on this platform.</remarks>
    public static bool MayIssue(ClaimsPrincipal user, Region? userRegion, Grade level) =>
        user.IsInRole(Roles.Headquarters) && userRegion is not null && userRegion.Level <= (IssuerLevel(level) == RegionLevel.County ? RegionLevel.County : RegionLevel.City);

    /// <summary>001 §3.4.1: IV county, III city, II region health commission; I national (recorded on the platform by the region).</summary>
    public static RegionLevel IssuerLevel(Grade level) => level switch
    {
        Grade.IV => RegionLevel.County,
        Grade.III => RegionLevel.City,
        _ => RegionLevel.Province,
    };

    private async Task<Refusal?> IssuerRefusalAsync(WarningNotice warning, Region region, ClaimsPrincipal user, string verb, CancellationToken ct)
    {
        var userRegion = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == user.RegionCode(), ct);
        return MayIssue(user, userRegion, region, warning.Level)
            ? null
            : Refusal.Forbidden($"{warning.Name}由{warning.Issuer}{verb}（001 §3.4.1），须由{IssuerLevel(warning.Level).ToName() switch { "county" => "旗县（市、区）", "city" => "市", _ => "自治区" }}及以上指挥部操作。");
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

    /// <summary>The end of the warning's year (001 §3.4.4 预警时间持续至疫情发生当年年底), as the first instant of 1 January after it.</summary>
    public static DateTimeOffset YearEnd(DateTimeOffset gradedAt) => ChinaTime.StartOf(new DateOnly(ChinaTime.DayOf(gradedAt).Year + 1, 1, 1));

    public static string StateName(WarningState state) => state switch
    {
        WarningState.Draft => "草稿",
        WarningState.Issued => "已发布",
        _ => "已解除",
    };

    public static string StateNameEn(WarningState state) => state switch
    {
        WarningState.Draft => "Draft",
        WarningState.Issued => "Issued",
        _ => "Lifted",
    };

    private async Task<(WarningNotice? Warning, Refusal? Refusal)> FindAsync(long id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var warning = await db.Warnings.FirstOrDefaultAsync(w => w.Id == id, ct);
        return warning is null || !jurisdiction.Covers(warning) ? (null, Refusal.NotFound($"没有编号为 {id} 的预警。")) : (warning, null);
    }

    private async Task<(WarningNotice? Warning, Refusal? Refusal)> SaveAsync(
        WarningNotice warning, ClaimsPrincipal user, DateTimeOffset now, string action, object data, IReadOnlyList<Message> messages, CancellationToken ct)
    {
        Notifier.Add(db, now, messages);
        try
        {
            await AuditLog.SaveChangesAsync(db, Name(user), now, () => [Audit(action, warning, data)], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (null, Refusal.Conflict($"预警 #{warning.Id} 刚被他人处理，请刷新后再试。"));
        }
        await notifier.SendAsync(db, messages, ct);
        return (warning, null);
    }

    private static bool MayWork(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Expert);

    private static AuditRecord Audit(string action, WarningNotice w, object data) => new(action, "warning", w.Id.ToString(), data, w.RegionPath);

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? "?";
}
