using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tasks;

/// <summary>A file attached to a progress note.</summary>
public sealed record Attachment(string Name, string Type, byte[] Content);

/// <summary>A progress note: how far the task is (0–100 %), what was done, and optionally one file.</summary>
public sealed record ProgressReport(string? Note, int? Progress, Attachment? Attachment, int? Version);

/// <summary>
/// Follow-up of the tasks the measures became (requirements E1) and their supervision by headquarters (督办, I4):
/// the responsible unit reports progress and completion; headquarters sees every unit's tasks, overdue first, and presses
/// the ones that lag, which notifies the unit. Every change is written to the audit trail with the change itself.
/// </summary>
public sealed class TaskService(AppDbContext db, TimeProvider clock, Notifier notifier)
{
    /// <summary>The largest file a progress note may carry.</summary>
    public const int MaxAttachmentBytes = 5 * 1024 * 1024;

    public const int MaxNoteLength = 2000;

    /// <summary>The actor of changes no person made (the overdue announcement).</summary>
    public const string SystemActor = "system";

    /// <summary>Open or in progress: the task still has to be done.</summary>
    public static bool IsActive(TaskState state) => state is TaskState.Open or TaskState.InProgress;

    /// <summary>An active task past its deadline.</summary>
    public static bool IsOverdue(ResponseTask task, DateTimeOffset now) => IsActive(task.State) && task.DueAt < now;

    /// <summary>
    /// The tasks of the jurisdiction, optionally of one region, unit and state ("overdue" = active and past due):
    /// overdue first, then the active ones by due time, then those done or ended.
    /// </summary>
    public async Task<(List<ResponseTask>? Tasks, Refusal? Refusal)> ListAsync(Jurisdiction jurisdiction, string? region, string? unit, string? state, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var query = jurisdiction.Scope(db.Tasks.AsNoTracking());
        if (!string.IsNullOrWhiteSpace(region))
        {
            var (access, found) = await jurisdiction.FindRegionAsync(db, region.Trim(), ct);
            if (access == RegionAccess.NotFound) return (null, Refusal.NotFound($"region: 没有代码为“{region}”的地区。"));
            if (access == RegionAccess.Forbidden) return (null, Refusal.Forbidden($"region: {region} 不在您的管辖范围内。"));
            query = query.Where(t => t.RegionPath.StartsWith(found!.Path));
        }
        if (!string.IsNullOrWhiteSpace(unit)) query = query.Where(t => t.Unit == unit.Trim());
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (state == "overdue")
            {
                query = query.Where(t => (t.State == TaskState.Open || t.State == TaskState.InProgress) && t.DueAt < now);
            }
            else if (EnumNames.TryParse<TaskState>(state, out var parsed))
            {
                query = query.Where(t => t.State == parsed);
            }
            else
            {
                return (null, Refusal.Rule($"state: “{state}”不是 open、inProgress、done、closed、cancelled、overdue 之一。"));
            }
        }
        var tasks = await query
            .OrderBy(t => (t.State == TaskState.Open || t.State == TaskState.InProgress) ? (t.DueAt < now ? 0 : 1) : 2)
            .ThenBy(t => t.DueAt == null)
            .ThenBy(t => t.DueAt)
            .ThenBy(t => t.Id)
            .Take(1000)
            .ToListAsync(ct);
        return (tasks, null);
    }

    public async Task<ResponseTask?> FindAsync(long id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.Tasks.AsNoTracking()).FirstOrDefaultAsync(t => t.Id == id, ct);

    /// <summary>The progress notes of a task, oldest first, without the files' contents.</summary>
    public async Task<List<TaskUpdateDto>> UpdatesAsync(long taskId, CancellationToken ct) =>
        await db.TaskUpdates.AsNoTracking().Where(u => u.TaskId == taskId).OrderBy(u => u.At).ThenBy(u => u.Id)
            .Select(u => new TaskUpdateDto(u.Id, u.At, u.By, u.Note, u.Progress, u.AttachmentName, u.AttachmentType,
                u.AttachmentName == null ? null : "/api/tasks/" + u.TaskId + "/updates/" + u.Id + "/attachment"))
            .ToListAsync(ct);

    /// <summary>The file of a progress note of a task within the jurisdiction, or null.</summary>
    public async Task<Attachment?> AttachmentAsync(long taskId, long updateId, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (await FindAsync(taskId, jurisdiction, ct) is null) return null;
        var file = await db.TaskUpdates.AsNoTracking().Where(u => u.TaskId == taskId && u.Id == updateId && u.Attachment != null)
            .Select(u => new { u.AttachmentName, u.AttachmentType, u.Attachment }).FirstOrDefaultAsync(ct);
        return file is null ? null : new Attachment(file.AttachmentName ?? "attachment", file.AttachmentType ?? "application/octet-stream", file.Attachment!);
    }

    /// <summary>
    /// Who may report on a task: the people of the responsible unit in the task's own jurisdiction, and the headquarters
    /// of that jurisdiction or of one above it (001 §2.1 指挥部 directs the member units).
    /// </summary>
    public static bool MayReport(ClaimsPrincipal user, Jurisdiction jurisdiction, ResponseTask task) =>
        jurisdiction.Covers(task) && ((user.Unit() == task.Unit && user.RegionCode() == task.RegionCode) || user.IsInRole(Roles.Headquarters));

    /// <summary>Headquarters presses (督办) the tasks within its jurisdiction.</summary>
    public static bool MayPress(ClaimsPrincipal user, Jurisdiction jurisdiction, ResponseTask task) =>
        jurisdiction.Covers(task) && user.IsInRole(Roles.Headquarters);

    /// <summary>The unit reports progress (0–100 %) with a note and optionally one file.</summary>
    public async Task<(ResponseTask? Task, Refusal? Refusal)> ReportProgressAsync(long id, ProgressReport report, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (task, refusal) = await WritableAsync(id, report.Version, user, jurisdiction, ct);
        if (task is null) return (null, refusal);
        if (string.IsNullOrWhiteSpace(report.Note)) return (null, Refusal.Rule("note: 请写明进展情况。"));
        if (report.Note.Length > MaxNoteLength) return (null, Refusal.Rule($"note: 进展说明不能超过 {MaxNoteLength} 字。"));
        if (report.Progress is not { } progress || progress is < 0 or > 100) return (null, Refusal.Rule("progress: 进度须为 0 到 100 之间的整数（百分比）。"));
        if (report.Attachment is { } file && CheckAttachment(file) is { } bad) return (null, bad);

        var now = clock.GetUtcNow();
        task.Progress = progress;
        if (task.State == TaskState.Open) task.State = TaskState.InProgress;
        task.Version++;
        var update = new TaskUpdate
        {
            TaskId = task.Id, At = now, By = Name(user), Note = report.Note.Trim(), Progress = progress,
            AttachmentName = report.Attachment?.Name, AttachmentType = report.Attachment?.Type, Attachment = report.Attachment?.Content,
        };
        db.TaskUpdates.Add(update);
        return await SaveAsync(task, user, now, () => new { progress, note = update.Note, attachment = update.AttachmentName, update = update.Id }, "task.progress", ct);
    }

    /// <summary>The unit marks the task done (progress 100 %).</summary>
    public async Task<(ResponseTask? Task, Refusal? Refusal)> CompleteAsync(long id, string? note, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (task, refusal) = await WritableAsync(id, version, user, jurisdiction, ct);
        if (task is null) return (null, refusal);
        if (note?.Length > MaxNoteLength) return (null, Refusal.Rule($"note: 说明不能超过 {MaxNoteLength} 字。"));
        var now = clock.GetUtcNow();
        var text = string.IsNullOrWhiteSpace(note) ? "已完成" : note.Trim();
        task.State = TaskState.Done;
        task.Progress = 100;
        task.DoneAt = now;
        task.DoneBy = Name(user);
        task.Version++;
        db.TaskUpdates.Add(new TaskUpdate { TaskId = task.Id, At = now, By = task.DoneBy, Note = text, Progress = 100 });
        return await SaveAsync(task, user, now, () => new { note = text, overdue = task.DueAt < now }, "task.done", ct);
    }

    /// <summary>
    /// Headquarters presses (督办, I4) an unfinished task, optionally with an instruction (批示): the press is counted and
    /// the responsible unit is notified in the app and through its group robot.
    /// </summary>
    public async Task<(ResponseTask? Task, Refusal? Refusal)> PressAsync(long id, string? note, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var task = await jurisdiction.Scope(db.Tasks).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null) return (null, Refusal.NotFound($"没有编号为 {id} 的任务。"));
        if (!MayPress(user, jurisdiction, task)) return (null, Refusal.Forbidden("只有指挥部可以督办任务。"));
        if (!IsActive(task.State)) return (null, Refusal.Conflict($"任务 #{id} {StateText(task)}，无需督办。"));
        if (note?.Length > MaxNoteLength) return (null, Refusal.Rule($"note: 督办意见不能超过 {MaxNoteLength} 字。"));
        var now = clock.GetUtcNow();
        var instruction = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        task.PressCount++;
        task.LastPressedAt = now;
        task.Version++;
        var due = task.DueAt is { } at ? (at < now ? $"已于 {ChinaTime.Format(at)} 逾期" : $"应于 {ChinaTime.Format(at)} 前完成") : "无明确时限";
        var messages = Notifier.Add(db, now, new Message(task.RegionCode, task.RegionPath, $"督办：{task.Title}",
            $"{user.DisplayName()}第 {task.PressCount} 次督办“{task.Title}”（§{task.Clause}），{due}，当前进度 {task.Progress}%。{instruction}", "/tasks", Unit: task.Unit));
        var outcome = await SaveAsync(task, user, now, () => new { count = task.PressCount, note = instruction, overdue = task.DueAt < now }, "task.pressed", ct);
        if (outcome.Task is not null) await notifier.SendAsync(db, messages, ct);
        return outcome;
    }

    /// <summary>
    /// Announces every newly overdue task once to its unit (in the app and to the unit's robot), with a "task.overdue" audit entry.
    /// The task is claimed by setting <see cref="ResponseTask.OverdueAnnouncedAt"/> with a <see cref="ResponseTask.Version"/> bump,
    /// so that of two scanners at once only one saves. Returns how many tasks this call announced.
    /// </summary>
    public async Task<int> AnnounceOverdueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var overdue = await db.Tasks.Where(t => (t.State == TaskState.Open || t.State == TaskState.InProgress) && t.OverdueAnnouncedAt == null && t.DueAt < now)
            .OrderBy(t => t.DueAt).Take(500).ToListAsync(ct);
        var count = 0;
        foreach (var task in overdue)
        {
            // Claimed through the task's version: of two scanners only one saves, so each task is announced once.
            task.OverdueAnnouncedAt = now;
            task.Version++;
            var messages = Notifier.Add(db, now, new Message(task.RegionCode, task.RegionPath, $"逾期：{task.Title}",
                $"任务“{task.Title}”（§{task.Clause}）应于 {ChinaTime.Format(task.DueAt!.Value)} 前完成，已逾期，当前进度 {task.Progress}%。", "/tasks", Unit: task.Unit));
            try
            {
                await AuditLog.SaveChangesAsync(db, SystemActor, now, Audit("task.overdue", task, new { task.DueAt, task.Progress }), ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Changed meanwhile (another scanner, or the unit reporting): the next scan sees it afresh.
                db.ChangeTracker.Clear();
                break;
            }
            await notifier.SendAsync(db, messages, ct);
            count++;
        }
        return count;
    }

    /// <summary>Counts per unit and per measure, and the unfinished tasks, overdue first (the headquarters' board).</summary>
    public async Task<TaskBoard> BoardAsync(Jurisdiction jurisdiction, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tasks = await jurisdiction.Scope(db.Tasks.AsNoTracking()).Where(t => t.State != TaskState.Closed && t.State != TaskState.Cancelled).ToListAsync(ct);
        var names = await jurisdiction.Regions(db).AsNoTracking().Where(r => r.Level <= RegionLevel.County).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        BoardCounts Count(IEnumerable<ResponseTask> group)
        {
            var list = group.ToList();
            return new BoardCounts(list.Count(t => t.State == TaskState.Open), list.Count(t => t.State == TaskState.InProgress),
                list.Count(t => t.State == TaskState.Done), list.Count(t => IsOverdue(t, now)), list.Sum(t => t.PressCount));
        }
        var units = tasks.GroupBy(t => (t.RegionCode, t.Unit))
            .Select(g => new BoardUnit(g.Key.RegionCode, names.GetValueOrDefault(g.Key.RegionCode, g.Key.RegionCode), g.Key.Unit, Count(g)))
            .OrderByDescending(u => u.Counts.Overdue).ThenByDescending(u => u.Counts.Open + u.Counts.InProgress).ThenBy(u => u.RegionCode).ThenBy(u => u.Unit, StringComparer.Ordinal)
            .ToList();
        var measures = tasks.GroupBy(t => t.MeasureId)
            .Select(g => new BoardMeasure(g.Key, g.First().Clause, g.First().Title, g.First().Level, Count(g)))
            .OrderByDescending(m => m.Counts.Overdue).ThenByDescending(m => m.Counts.Open + m.Counts.InProgress).ThenBy(m => m.Clause, StringComparer.Ordinal)
            .ToList();
        var active = tasks.Where(t => IsActive(t.State))
            .OrderBy(t => IsOverdue(t, now) ? 0 : 1).ThenBy(t => t.DueAt is null).ThenBy(t => t.DueAt).ThenBy(t => t.Id)
            .ToList();
        return new TaskBoard(units, measures, active);
    }

    private async Task<(ResponseTask? Task, Refusal? Refusal)> WritableAsync(long id, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var task = await jurisdiction.Scope(db.Tasks).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null) return (null, Refusal.NotFound($"没有编号为 {id} 的任务。"));
        if (!MayReport(user, jurisdiction, task)) return (null, Refusal.Forbidden($"只有{task.Unit}或指挥部可以报告此任务的进展。"));
        if (!IsActive(task.State)) return (null, Refusal.Conflict($"任务 #{id} {StateText(task)}，不能再报告进展。"));
        if (version is { } v && v != task.Version) return (null, Refusal.Conflict($"任务 #{id} 已被他人更新（督办或进展），请刷新后重试。"));
        return (task, null);
    }

    private static Refusal? CheckAttachment(Attachment file)
    {
        if (file.Content.Length == 0) return Refusal.Rule($"file: 附件“{file.Name}”是空文件。");
        if (file.Content.Length > MaxAttachmentBytes) return Refusal.Rule($"file: 附件“{file.Name}”超过 {MaxAttachmentBytes / 1048576} MB。");
        if (string.IsNullOrWhiteSpace(file.Name) || file.Name.Length > 200) return Refusal.Rule("file: 附件须有文件名，且不超过 200 字。");
        return null;
    }

    private async Task<(ResponseTask? Task, Refusal? Refusal)> SaveAsync(ResponseTask task, ClaimsPrincipal user, DateTimeOffset now, Func<object> data, string action, CancellationToken ct)
    {
        try
        {
            await AuditLog.SaveChangesAsync(db, Name(user), now, () => [Audit(action, task, data())], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return (null, Refusal.Conflict($"任务 #{task.Id} 已被他人更新，请刷新后重试。"));
        }
        return (task, null);
    }

    private static AuditRecord Audit(string action, ResponseTask task, object data) => new(action, "task", task.Id.ToString(), data, task.RegionPath);

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? "?";

    /// <summary>Why a task is no longer open to changes, in words.</summary>
    public static string StateText(ResponseTask task) => task.State switch
    {
        TaskState.Done => $"已于 {ChinaTime.Format(task.DoneAt ?? default)} 由 {task.DoneBy} 完成",
        TaskState.Closed => $"已关闭（{task.ClosedReason}）",
        TaskState.Cancelled => $"已取消（{task.ClosedReason}）",
        _ => "尚未完成",
    };
}

public sealed record BoardCounts(int Open, int InProgress, int Done, int Overdue, int Presses);

public sealed record BoardUnit(string RegionCode, string RegionName, string Unit, BoardCounts Counts);

public sealed record BoardMeasure(string MeasureId, string Clause, string Title, string Level, BoardCounts Counts);

/// <summary>The headquarters' view of the tasks of its jurisdiction.</summary>
public sealed record TaskBoard(IReadOnlyList<BoardUnit> Units, IReadOnlyList<BoardMeasure> Measures, IReadOnlyList<ResponseTask> Active);
