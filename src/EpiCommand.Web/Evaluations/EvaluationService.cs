using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Evaluations;

public sealed record NewEvaluation(long? Decision);

/// <summary>The edited report; <see cref="Version"/> is the one the editor read. A null field keeps its text.</summary>
public sealed record EvaluationEdit(
    int Version, string? Title, string? Cause, string? SourceAndRoute, string? Course, string? Treatment, string? Measures, string? Problems, string? Lessons);

/// <summary>A response that ended by an approved termination, and its evaluation report when one was drafted.</summary>
public sealed record TerminatedResponse(long Decision, string Region, string RegionName, string? Level, DateTimeOffset ApprovedAt, string? ApprovedBy, long? Report, string? ReportTitle);

/// <summary>
/// The evaluation report after a response ends (requirements E9, C7; 001 §8.2): one per approved termination, drafted by
/// headquarters or the health commission's experts from the record, edited with optimistic concurrency, every change audited.
/// </summary>
public sealed class EvaluationService(AppDbContext db, TimeProvider clock, Notifier notifier)
{
    public async Task<List<TerminatedResponse>> TerminatedAsync(Jurisdiction jurisdiction, CancellationToken ct)
    {
        var terminations = await jurisdiction.Scope(db.Decisions.AsNoTracking())
            .Where(d => d.Kind == DecisionKind.Terminate && d.Status == DecisionStatus.Approved)
            .OrderByDescending(d => d.ApprovedAt).Take(200).ToListAsync(ct);
        var ids = terminations.Select(d => d.Id).ToList();
        var reports = await db.EvaluationReports.AsNoTracking().Where(r => ids.Contains(r.DecisionId)).ToDictionaryAsync(r => r.DecisionId, ct);
        var codes = terminations.Select(d => d.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return terminations.Select(d =>
        {
            var report = reports.GetValueOrDefault(d.Id);
            return new TerminatedResponse(d.Id, d.RegionCode, names.GetValueOrDefault(d.RegionCode, d.RegionCode), d.FromLevel, d.ApprovedAt!.Value, d.ApprovedBy, report?.Id, report?.Title);
        }).ToList();
    }

    public async Task<Outcome<EvaluationReport>> DraftAsync(NewEvaluation request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayWork(user)) return Problem.Forbidden("evaluation-not-allowed", Messages.EvaluationNotAllowed(new("起草", "draft")));
        if (request.Decision is not { } id) return Problem.Invalid("decision", Messages.Required(new("终止应急响应的决定", "the decision that terminated the response")));
        var decision = await db.Decisions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (decision is null || !jurisdiction.Covers(decision)) return Problem.NotFound("no-such-decision", Messages.NoSuchDecision(id));
        if (decision.Kind != DecisionKind.Terminate) return Problem.Rule("not-a-termination", Messages.NotATermination(id));
        if (decision.Status != DecisionStatus.Approved || decision.ApprovedAt is null) return Problem.Conflict("decision-not-approved", Messages.TerminationNotApproved(id, decision.Status));
        if (await db.EvaluationReports.AsNoTracking().FirstOrDefaultAsync(r => r.DecisionId == id, ct) is { } existing)
        {
            return Problem.Conflict("evaluation-exists", Messages.EvaluationExists(id, existing.Id));
        }
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == decision.RegionCode, ct);
        var draft = await EvaluationContent.BuildAsync(db, decision, region, ct);
        var now = clock.GetUtcNow();
        var report = new EvaluationReport
        {
            RegionCode = region.Code, RegionPath = region.Path, DecisionId = decision.Id, Title = draft.Title, Cause = draft.Cause, SourceAndRoute = draft.SourceAndRoute,
            Course = draft.Course, Treatment = draft.Treatment, Measures = draft.Measures, Problems = draft.Problems, Lessons = draft.Lessons,
            CreatedBy = user.UserName(), CreatedAt = now,
        };
        db.EvaluationReports.Add(report);
        // 001 §8.2.2: 评估报告报本级人民政府和上一级卫生健康行政部门 — the region is told that the draft awaits the evaluation group.
        var messages = Notifier.Add(db, now, new Message(region.Code, region.Path, $"评估报告待完善：{report.Title}", "已根据记录生成初稿，请评估小组补充存在问题和经验教训。", "/evaluations"));
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("evaluation.drafted", report, new { decision = decision.Id, report.Title })], ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("evaluation-exists", Messages.EvaluationArrived(id));
        }
        await notifier.SendAsync(db, messages, ct);
        return report;
    }

    public async Task<Outcome<EvaluationReport>> EditAsync(long id, EvaluationEdit edit, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var report = await db.EvaluationReports.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null || !jurisdiction.Covers(report)) return Problem.NotFound("no-such-evaluation", Messages.NoSuchEvaluation(id));
        if (!MayWork(user)) return Problem.Forbidden("evaluation-not-allowed", Messages.EvaluationNotAllowed(new("修改", "edit")));
        if (report.Version != edit.Version) return Problem.Conflict("evaluation-changed", Messages.EvaluationVersionChanged(id, edit.Version, report.Version));
        if (edit.Title is { } title && string.IsNullOrWhiteSpace(title)) return Problem.Invalid("title", Messages.Required(new("标题", "the title")));
        var errors = new FieldErrors();
        errors.Text("title", edit.Title, Limits.LineCharacters);
        foreach (var (field, text) in new[] { ("cause", edit.Cause), ("sourceAndRoute", edit.SourceAndRoute), ("course", edit.Course), ("treatment", edit.Treatment),
            ("measures", edit.Measures), ("problems", edit.Problems), ("lessons", edit.Lessons) })
        {
            errors.Text(field, text, Limits.DocumentCharacters, multiline: true);
        }
        if (errors.Problem is { } invalid) return invalid;
        var changed = new List<string>();
        void Set(string field, string? value, string current, Action<string> assign)
        {
            if (value is null || value.Trim() == current) return;
            assign(value.Trim());
            changed.Add(field);
        }
        Set("title", edit.Title, report.Title, v => report.Title = v);
        Set("cause", edit.Cause, report.Cause, v => report.Cause = v);
        Set("sourceAndRoute", edit.SourceAndRoute, report.SourceAndRoute, v => report.SourceAndRoute = v);
        Set("course", edit.Course, report.Course, v => report.Course = v);
        Set("treatment", edit.Treatment, report.Treatment, v => report.Treatment = v);
        Set("measures", edit.Measures, report.Measures, v => report.Measures = v);
        Set("problems", edit.Problems, report.Problems, v => report.Problems = v);
        Set("lessons", edit.Lessons, report.Lessons, v => report.Lessons = v);
        if (changed.Count == 0) return report;
        var now = clock.GetUtcNow();
        report.UpdatedBy = user.UserName();
        report.UpdatedAt = now;
        report.Version++;
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("evaluation.edited", report, new { fields = changed })], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Conflict("evaluation-changed", Messages.EvaluationChangedMeanwhile(id));
        }
        return report;
    }

    private static bool MayWork(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Expert);

    private static AuditRecord Audit(string action, EvaluationReport r, object data) => new(action, "evaluation", r.Id.ToString(CultureInfo.InvariantCulture), data, r.RegionPath);
}
