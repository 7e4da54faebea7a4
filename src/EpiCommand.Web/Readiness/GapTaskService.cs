using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Meetings;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Readiness;

public sealed record GapTaskInput(string? Region, string? Norm, string? Unit, DateTimeOffset? DueAt, string? Note);

/// <summary>The task of a gap as the readiness report shows it: the latest task created from the norm in the region.</summary>
public sealed record GapTaskRef(long Id, string State, string Unit, DateTimeOffset? DueAt, int PressCount, int Progress);

/// <summary>
/// Tasks from a gap (issue 15 §3 "tasks created from a gap for the responsible unit (the same task machinery as measures, 督办
/// included)"): a norm not met in a county or the city becomes a <see cref="ResponseTask"/> for a unit of that headquarters,
/// with a deadline; the unit reports progress and done, the headquarters presses, on /tasks as every task. One open task per
/// gap: its <c>MeasureId</c> is <c>gap-{norm}</c>, unique per region among open and in-progress tasks (a second → 409).
/// </summary>
public sealed class GapTaskService(AppDbContext db, ReadinessService readiness, MeetingService meetings, Notifier notifier, TimeProvider clock)
{
    public const string Prefix = "gap-";

    /// <summary>The task's measure id (at most 40 characters, as every task's).</summary>
    public static string MeasureOf(string normId) => Cut(Prefix + normId, 40);

    public async Task<Outcome<GapTaskRef>> CreateAsync(GapTaskInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!RegistryService.MayManage(user)) return Problem.Forbidden("readiness-not-allowed", Messages.ReadinessManagersOnly);
        var errors = new FieldErrors();
        var found = await jurisdiction.RegionAsync(db, input.Region, "region", ct);
        if (found.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(found.Problem);
        var normId = input.Norm?.Trim();
        if (string.IsNullOrEmpty(normId)) errors.Add("norm", Messages.ReadinessNormRequired);
        else if (!readiness.Norms().Any(n => n.Norm.Id == normId)) errors.Add("norm", Messages.NoSuchNorm(normId));
        var unit = errors.Text("unit", input.Unit, Limits.LineCharacters, Messages.Required(new("责任单位", "the responsible unit")));
        if (unit is not null && found.Value is { } r && !(await meetings.UnitsAsync(r.Code, ct)).Contains(unit)) errors.Add("unit", Messages.NotAnOrganisationUnit(unit));
        var now = clock.GetUtcNow();
        var due = input.DueAt?.ToUniversalTime();
        if (due is null) errors.Add("dueAt", Messages.DueRequired);
        else
        {
            if (due <= now) errors.Add("dueAt", Messages.DueMustBeAhead);
            errors.NotFarAhead("dueAt", due, now);
        }
        if (TextFields.Check("note", input.Note, Limits.NoteCharacters, multiline: true) is { } badNote) errors.Add(badNote);
        if (errors.Problem is { } invalid) return invalid;
        var region = found.Value!;

        // The gap as it is now: the norm read over the region's registers must be not met.
        var (_, regions) = await readiness.EvaluateAsync(new Jurisdiction(region.Code, region.Path), ct);
        var read = regions.FirstOrDefault(x => x.RegionCode == region.Code)?.Results.FirstOrDefault(x => x.Result.Norm.Id == normId);
        if (read is not { } gap) return Problem.Invalid("norm", Messages.NormNotForRegion(normId!));
        if (gap.Result.Status != NormStatus.NotMet) return Problem.Rule("no-gap", Messages.NormHasNoGap(gap.Result.Norm.Title));

        var measure = MeasureOf(normId!);
        if (await OpenTaskAsync(region.Code, measure, ct) is not null) return Problem.Conflict("gap-task-exists", Messages.GapTaskExists(gap.Result.Norm.Title));
        var norm = gap.Result.Norm;
        var note = string.IsNullOrWhiteSpace(input.Note) ? "" : $"\n{input.Note.Trim()}";
        var task = new ResponseTask
        {
            PlanId = gap.Plan, RegionCode = region.Code, RegionPath = region.Path, DecisionId = null, Level = "", MeasureId = measure, Clause = norm.Clause,
            Title = Cut($"准备缺口：{region.Name}{norm.Title}", 120),
            Text = $"{norm.Title}（{gap.Plan} §{norm.Clause}）：现有 {(gap.Result.Value is { } v ? ReadinessEvaluator.Figure(v) : "—")} {gap.Result.Unit.Zh}，要求 {gap.Result.Requirement?.Zh}，{gap.Result.Shortfall?.Zh}。{note}",
            Unit = unit!, CreatedAt = now, DueAt = due, State = TaskState.Open,
        };
        db.Tasks.Add(task);
        var messages = Notifier.Add(db, now, new Message(region.Code, region.Path, task.Title,
            $"请{unit}于 {ChinaTime.Format(due!.Value)} 前补齐准备缺口：{norm.Title}，{gap.Result.Shortfall?.Zh}（§{norm.Clause}）。", "/tasks", Unit: unit));
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [new AuditRecord("task.created", "task", task.Id.ToString(CultureInfo.InvariantCulture), new { task.Title, task.Unit, task.DueAt, gap = norm.Id, region = region.Code }, task.RegionPath)], ct);
        }
        catch (DbUpdateException)
        {
            // The same gap's task created at the same moment: the unique open task per gap.
            db.ChangeTracker.Clear();
            return Problem.Conflict("gap-task-exists", Messages.GapTaskExists(norm.Title));
        }
        await notifier.SendAsync(db, messages, ct);
        return ToRef(task);
    }

    private Task<ResponseTask?> OpenTaskAsync(string regionCode, string measure, CancellationToken ct) =>
        db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.RegionCode == regionCode && t.MeasureId == measure && (t.State == TaskState.Open || t.State == TaskState.InProgress), ct);

    /// <summary>The latest task of each gap of the jurisdiction, by (region, norm).</summary>
    public static async Task<Dictionary<(string Region, string Norm), GapTaskRef>> LatestAsync(AppDbContext db, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var tasks = await jurisdiction.Scope(db.Tasks.AsNoTracking()).Where(t => t.DecisionId == null && t.MeasureId.StartsWith(Prefix)
                && !db.Tasks.Any(n => n.RegionCode == t.RegionCode && n.MeasureId == t.MeasureId && n.Id > t.Id))
            .ToListAsync(ct);
        return tasks.ToDictionary(t => (t.RegionCode, t.MeasureId), ToRef);
    }

    public static GapTaskRef ToRef(ResponseTask t) => new(t.Id, EnumNames.Of(t.State), t.Unit, t.DueAt, t.PressCount, t.Progress);

    private static string Cut(string text, int length) => text.Length > length ? text[..length] : text;
}
