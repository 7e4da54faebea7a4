using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Notifications;
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

    public const int MaxNoteLength = Limits.NoteCharacters;

    /// <summary>The actor of changes no person made (the overdue announcement).</summary>
    public const string SystemActor = "system";

    /// <summary>Open or in progress: the task still has to be done.</summary>
    public static bool IsActive(TaskState state) => state is TaskState.Open or TaskState.InProgress;

    /// <summary>An active task past its deadline.</summary>
    public static bool IsOverdue(ResponseTask task, DateTimeOffset now) => IsActive(task.State) && task.DueAt < now;

    /// <summary>Tasks newest first (issue 12 §1: a page at a time); <c>status=overdue</c> finds the late ones.</summary>
    public static readonly Keyset<ResponseTask> Newest = Keyset<ResponseTask>.By(t => t.Id, descending: true);

    /// <summary>A list of tasks bounds the time created and searches the title by prefix; its status filter is <see cref="TaskListStatus"/>.</summary>
    public static readonly ListShape<ResponseTask, TaskListStatus> Shape = new(null, t => t.CreatedAt, t => t.Title);

    /// <summary>A page of the tasks of the jurisdiction a filter keeps, optionally of one unit and one measure ("overdue" = active and past due).</summary>
    public Task<Page<ResponseTask>> ListAsync(Jurisdiction jurisdiction, ListFilter<TaskListStatus> filter, string? unit, PageRequest page, CancellationToken ct, string? measure = null) =>
        Newest.PageAsync(Filtered(jurisdiction, filter, unit, measure), page, t => t, ct);

    /// <summary>
    /// The tasks a filter keeps, grouped by measure or by unit (issue 14: 71 tasks after one approval are read as a dozen
    /// measures, each opened when wanted): one row per group with its counts, counted in SQL; groups with overdue tasks
    /// first. As many rows as the plan has measures or the organisation units — bounded by the plan, not by the tasks.
    /// </summary>
    public async Task<IReadOnlyList<TaskGroup>> GroupsAsync(Jurisdiction jurisdiction, ListFilter<TaskListStatus> filter, string? unit, TaskGrouping by, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tasks = Filtered(jurisdiction, filter, unit, null);
        var rows = by == TaskGrouping.Measure
            ? await tasks.GroupBy(t => t.MeasureId).Select(g => new
            {
                Key = g.Key, Title = g.Max(t => t.Title), Clause = g.Max(t => t.Clause), Level = g.Max(t => t.Level), Total = g.Count(),
                Open = g.Count(t => t.State == TaskState.Open), InProgress = g.Count(t => t.State == TaskState.InProgress), Done = g.Count(t => t.State == TaskState.Done),
                Overdue = g.Count(t => (t.State == TaskState.Open || t.State == TaskState.InProgress) && t.DueAt < now), Presses = g.Sum(t => t.PressCount),
            }).Take(MaxGroups).ToListAsync(ct)
            : await tasks.GroupBy(t => t.Unit).Select(g => new
            {
                Key = g.Key, Title = (string?)g.Key, Clause = (string?)null, Level = (string?)null, Total = g.Count(),
                Open = g.Count(t => t.State == TaskState.Open), InProgress = g.Count(t => t.State == TaskState.InProgress), Done = g.Count(t => t.State == TaskState.Done),
                Overdue = g.Count(t => (t.State == TaskState.Open || t.State == TaskState.InProgress) && t.DueAt < now), Presses = g.Sum(t => t.PressCount),
            }).Take(MaxGroups).ToListAsync(ct);
        return rows.Select(r => new TaskGroup(r.Key, r.Title ?? r.Key, r.Clause, r.Level, r.Total, new BoardCounts(r.Open, r.InProgress, r.Done, r.Overdue, r.Presses)))
            .OrderByDescending(g => g.Counts.Overdue).ThenByDescending(g => g.Counts.Open + g.Counts.InProgress).ThenBy(g => g.Clause ?? g.Title, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The most tasks one document lists; beyond, it says how many it left out.</summary>
    public const int MaxDocumentTasks = 1_000;

    /// <summary>The tasks a filter keeps in the order of a printed list — by clause, region and unit — at most <see cref="MaxDocumentTasks"/>, and how many it keeps in all.</summary>
    public async Task<(List<ResponseTask> Tasks, int Total)> ForDocumentAsync(Jurisdiction jurisdiction, ListFilter<TaskListStatus> filter, string? unit, string? measure, CancellationToken ct)
    {
        var query = Filtered(jurisdiction, filter, unit, measure);
        var tasks = await query.OrderBy(t => t.Clause).ThenBy(t => t.MeasureId).ThenBy(t => t.RegionCode).ThenBy(t => t.Unit).ThenBy(t => t.Id)
            .Take(MaxDocumentTasks).ToListAsync(ct);
        return (tasks, tasks.Count < MaxDocumentTasks ? tasks.Count : await query.CountAsync(ct));
    }

    /// <summary>The most groups one answer holds (a plan has some dozens of measures; an organisation some dozens of units).</summary>
    public const int MaxGroups = 500;

    private IQueryable<ResponseTask> Filtered(Jurisdiction jurisdiction, ListFilter<TaskListStatus> filter, string? unit, string? measure)
    {
        var now = clock.GetUtcNow();
        var query = Shape.Apply(db.Tasks.AsNoTracking(), jurisdiction, filter);
        if (!string.IsNullOrWhiteSpace(unit))
        {
            var wanted = unit.Trim();
            query = query.Where(t => t.Unit == wanted);
        }
        if (!string.IsNullOrWhiteSpace(measure))
        {
            var wanted = measure.Trim();
            query = query.Where(t => t.MeasureId == wanted);
        }
        return filter.Status switch
        {
            TaskListStatus.Overdue => query.Where(t => (t.State == TaskState.Open || t.State == TaskState.InProgress) && t.DueAt < now),
            TaskListStatus.Open => query.Where(t => t.State == TaskState.Open),
            TaskListStatus.InProgress => query.Where(t => t.State == TaskState.InProgress),
            TaskListStatus.Done => query.Where(t => t.State == TaskState.Done),
            TaskListStatus.Closed => query.Where(t => t.State == TaskState.Closed),
            TaskListStatus.Cancelled => query.Where(t => t.State == TaskState.Cancelled),
            _ => query,
        };
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

    /// <summary>Whether the user may report on the task now: <see cref="MayReport"/> and the task still active. Pages offer the action on this.</summary>
    public static bool MayReportNow(ClaimsPrincipal user, Jurisdiction jurisdiction, ResponseTask task) => IsActive(task.State) && MayReport(user, jurisdiction, task);

    /// <summary>Headquarters presses (督办) the tasks within its jurisdiction.</summary>
    public static bool MayPress(ClaimsPrincipal user, Jurisdiction jurisdiction, ResponseTask task) =>
        jurisdiction.Covers(task) && user.IsInRole(Roles.Headquarters);

    /// <summary>The unit reports progress (0–100 %) with a note and optionally one file.</summary>
    public async Task<Outcome<ResponseTask>> ReportProgressAsync(long id, ProgressReport report, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var writable = await WritableAsync(id, report.Version, user, jurisdiction, ct);
        if (writable.Problem is { } refused) return refused;
        var task = writable.Value!;
        var errors = new FieldErrors();
        var progressNote = errors.Text("note", report.Note, MaxNoteLength, Messages.ProgressNoteRequired, multiline: true);
        if (report.Progress is not { } progress || progress is < 0 or > 100)
        {
            errors.Add("progress", Messages.ProgressOutOfRange);
            progress = 0;
        }
        if (report.Attachment is { } file && CheckAttachment(file) is { } bad) errors.Add("file", bad);
        if (errors.Problem is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        task.Progress = progress;
        if (task.State == TaskState.Open) task.State = TaskState.InProgress;
        task.Version++;
        var update = new TaskUpdate
        {
            TaskId = task.Id, At = now, By = user.UserName(), Note = progressNote!, Progress = progress,
            AttachmentName = report.Attachment?.Name, AttachmentType = report.Attachment?.Type, Attachment = report.Attachment?.Content,
        };
        db.TaskUpdates.Add(update);
        return await SaveAsync(task, user, now, () => new { progress, note = update.Note, attachment = update.AttachmentName, update = update.Id }, "task.progress", ct);
    }

    /// <summary>The unit marks the task done (progress 100 %).</summary>
    public async Task<Outcome<ResponseTask>> CompleteAsync(long id, string? note, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var writable = await WritableAsync(id, version, user, jurisdiction, ct);
        if (writable.Problem is { } refused) return refused;
        var task = writable.Value!;
        if (TextFields.Check("note", note, MaxNoteLength, multiline: true) is { } badNote) return badNote;
        var now = clock.GetUtcNow();
        var text = string.IsNullOrWhiteSpace(note) ? "已完成" : note.Trim();
        task.State = TaskState.Done;
        task.Progress = 100;
        task.DoneAt = now;
        task.DoneBy = user.UserName();
        task.Version++;
        db.TaskUpdates.Add(new TaskUpdate { TaskId = task.Id, At = now, By = task.DoneBy, Note = text, Progress = 100 });
        // The last assigned unit reporting done closes a leader's instruction (闭环, 002 §四) in the same save.
        var closed = await Instructions.InstructionService.CloseIfAllDoneAsync(db, task, now, ct);
        return await SaveAsync(task, user, now, () => new { note = text, overdue = task.DueAt < now }, "task.done", ct, closed);
    }

    /// <summary>
    /// Headquarters presses (督办, I4) an unfinished task, optionally with an instruction (批示): the press is counted and
    /// the responsible unit is notified in the app and through its group robot.
    /// </summary>
    public async Task<Outcome<ResponseTask>> PressAsync(long id, string? note, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var task = await jurisdiction.Scope(db.Tasks).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null) return Problem.NotFound("no-such-task", Messages.NoSuchTask(id));
        if (!MayPress(user, jurisdiction, task)) return Problem.Forbidden("press-not-allowed", Messages.PressNotAllowed);
        if (!IsActive(task.State)) return Problem.Conflict("task-state", Messages.NothingToPress(task));
        if (TextFields.Check("note", note, MaxNoteLength, multiline: true) is { } badNote) return badNote;
        var now = clock.GetUtcNow();
        var instruction = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        task.PressCount++;
        task.LastPressedAt = now;
        task.Version++;
        var due = task.DueAt is { } at ? (at < now ? $"已于 {ChinaTime.Format(at)} 逾期" : $"应于 {ChinaTime.Format(at)} 前完成") : "无明确时限";
        var messages = Notifier.Add(db, now, new Message(task.RegionCode, task.RegionPath, $"督办：{task.Title}",
            $"{user.DisplayName()}第 {task.PressCount} 次督办“{task.Title}”（§{task.Clause}），{due}，当前进度 {task.Progress}%。{instruction}", "/tasks", Unit: task.Unit));
        var outcome = await SaveAsync(task, user, now, () => new { count = task.PressCount, note = instruction, overdue = task.DueAt < now }, "task.pressed", ct);
        if (outcome.Succeeded) await notifier.SendAsync(db, messages, ct);
        return outcome;
    }

    /// <summary>The longest default deadline a headquarters may give: 30 days.</summary>
    public const int MaxDefaultHours = 30 * 24;

    /// <summary>The default deadline in force for tasks of <paramref name="region"/>: its own, else the nearest region above's; null when none.</summary>
    public static async Task<TaskDeadlineDefault?> DefaultDeadlineAsync(AppDbContext db, Region region, CancellationToken ct)
    {
        var codes = region.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var set = await db.TaskDeadlineDefaults.AsNoTracking().Where(d => codes.Contains(d.RegionCode)).ToListAsync(ct);
        return set.OrderByDescending(d => d.RegionPath.Length).FirstOrDefault();
    }

    /// <summary>
    /// A headquarters sets the deadline of its region's tasks whose measure has none in the plan
    /// (issue 14): tasks created from then on are due that many hours after their creation; with <paramref name="applyToOpen"/>
    /// the unfinished tasks without a deadline get one too, due that many hours from now (not from their creation, which
    /// would make them overdue at once). Audited with the number of tasks it gave a deadline. Returns that number.
    /// </summary>
    public Task<Outcome<int>> SetDefaultDeadlineAsync(string regionCode, int? hours, bool applyToOpen, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        ChangeDefaultDeadlineAsync(regionCode, hours ?? 0, applyToOpen, user, jurisdiction, ct);

    /// <summary>Removes the region's own default deadline (the region above's applies again); tasks keep the deadlines they have.</summary>
    public Task<Outcome<int>> RemoveDefaultDeadlineAsync(string regionCode, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        ChangeDefaultDeadlineAsync(regionCode, null, false, user, jurisdiction, ct);

    private async Task<Outcome<int>> ChangeDefaultDeadlineAsync(string regionCode, int? hours, bool applyToOpen, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Headquarters)) return Problem.Forbidden("default-deadline-not-allowed", Messages.DefaultDeadlineNotAllowed);
        var named = await jurisdiction.RegionAsync(db, regionCode, "region", ct);
        if (named.Problem is { } problem) return problem;
        var region = named.Value!;
        if (region.Level > RegionLevel.County) return Problem.Invalid("region", Messages.DefaultDeadlineCountyOrAbove);
        if (hours is < 1 or > MaxDefaultHours) return Problem.Invalid("hours", Messages.DefaultDeadlineHours(MaxDefaultHours));

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.TaskDeadlineDefaults.FirstOrDefaultAsync(d => d.RegionCode == region.Code, ct);
        if (hours is null)
        {
            if (existing is not null) db.TaskDeadlineDefaults.Remove(existing);
        }
        else if (existing is null)
        {
            db.TaskDeadlineDefaults.Add(new TaskDeadlineDefault { RegionCode = region.Code, RegionPath = region.Path, Hours = hours.Value, SetAt = now, SetBy = user.UserName() });
        }
        else
        {
            (existing.Hours, existing.SetAt, existing.SetBy) = (hours.Value, now, user.UserName());
        }
        var applied = 0;
        if (applyToOpen)
        {
            var due = now.AddHours(hours!.Value);
            applied = await db.Tasks.Where(t => t.RegionPath.StartsWith(region.Path) && t.DueAt == null && (t.State == TaskState.Open || t.State == TaskState.InProgress))
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.DueAt, due).SetProperty(t => t.Version, t => t.Version + 1), ct);
        }
        await AuditLog.SaveChangesAsync(db, user.UserName(), now,
            () => [new AuditRecord("task.default-deadline", "region", region.Code, new { hours, applied }, region.Path)], ct);
        await transaction.CommitAsync(ct);
        return applied;
    }

    /// <summary>The most tasks one bulk press (督办) takes; the rest wait for the next press.</summary>
    public const int MaxBulkPress = 500;

    /// <summary>How often a bulk press is read and saved again when a task changed meanwhile, before it answers 409.</summary>
    private const int MaxBulkPressAttempts = 3;

    /// <summary>
    /// Headquarters presses every overdue task of a measure, of a unit, or both (督办, I4; issue 14 "bulk 督办") in one step: each task
    /// is counted as pressed and audited as <see cref="PressAsync"/> does, and each unit gets one message listing its tasks rather
    /// than one per task. All or nothing: a task changed meanwhile refuses the whole press (409), to be repeated on fresh figures.
    /// </summary>
    public async Task<Outcome<BulkPress>> PressOverdueAsync(BulkPressRequest request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Headquarters)) return Problem.Forbidden("press-not-allowed", Messages.PressNotAllowed);
        var errors = new FieldErrors();
        var measure = errors.Text("measure", request.Measure, Limits.LineCharacters);
        var unit = errors.Text("unit", request.Unit, Limits.LineCharacters);
        if (measure is null && unit is null) errors.Add("measure", Messages.BulkPressNeedsMeasureOrUnit);
        if (TextFields.Check("note", request.Note, MaxNoteLength, multiline: true) is { } badNote) return badNote;
        Region? region = null;
        if (request.Region is not null)
        {
            var named = await jurisdiction.RegionAsync(db, request.Region, "region", ct);
            if (named.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
            errors.Add(named.Problem);
            region = named.Value;
        }
        if (errors.Problem is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        var query = jurisdiction.Scope(db.Tasks).Where(t => (t.State == TaskState.Open || t.State == TaskState.InProgress) && t.DueAt < now);
        if (region is not null) query = query.Where(t => t.RegionPath.StartsWith(region.Path));
        if (measure is not null) query = query.Where(t => t.MeasureId == measure);
        if (unit is not null) query = query.Where(t => t.Unit == unit);
        var instruction = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        // The press names no versions: it presses the unit's overdue tasks as they are when it is saved. A task changed between
        // the read and the save (the overdue watcher announcing it, the unit reporting progress) makes the save fail as a whole;
        // it is then read and pressed again, so a press made at the moment the watcher runs still takes effect once.
        for (var attempt = 1; ; attempt++)
        {
            var tasks = await query.OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(MaxBulkPress + 1).ToListAsync(ct);
            var more = tasks.Count > MaxBulkPress;
            if (more) tasks.RemoveAt(tasks.Count - 1);
            if (tasks.Count == 0) return new BulkPress(0, false);
            foreach (var task in tasks)
            {
                task.PressCount++;
                task.LastPressedAt = now;
                task.Version++;
            }
            var messages = tasks.GroupBy(t => (t.RegionCode, t.RegionPath, t.Unit)).SelectMany(g => Notifier.Add(db, now, new Message(g.Key.RegionCode, g.Key.RegionPath,
                $"督办：{g.Count()} 项逾期任务",
                $"{user.DisplayName()}督办本单位 {g.Count()} 项逾期任务：{string.Join("；", g.Take(10).Select(t => $"“{t.Title}”（§{t.Clause}，进度 {t.Progress}%）"))}{(g.Count() > 10 ? " 等" : "")}。{instruction}",
                "/tasks", Unit: g.Key.Unit))).ToList();
            try
            {
                await AuditLog.SaveChangesAsync(db, user.UserName(), now,
                    () => [.. tasks.Select(t => Audit("task.pressed", t, new { count = t.PressCount, note = instruction, overdue = true, bulk = true }))], ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                if (attempt < MaxBulkPressAttempts) continue;
                return Problem.Conflict("tasks-changed", Messages.TasksChangedMeanwhile);
            }
            await notifier.SendAsync(db, messages, ct);
            return new BulkPress(tasks.Count, more);
        }
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
    /// <summary>
    /// The board: counts per unit and per measure, grouped in SQL (as many rows as units and measures, not tasks), and the
    /// first page of the unfinished tasks, overdue first (issue 12 §1: the rest through the paged task list).
    /// </summary>
    public async Task<TaskBoard> BoardAsync(Jurisdiction jurisdiction, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tasks = jurisdiction.Scope(db.Tasks.AsNoTracking()).Where(t => t.State != TaskState.Closed && t.State != TaskState.Cancelled);
        var names = await jurisdiction.Regions(db).AsNoTracking().Where(r => r.Level <= RegionLevel.County).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var byUnit = await tasks.GroupBy(t => new { t.RegionCode, t.Unit }).Select(g => new
        {
            g.Key.RegionCode, g.Key.Unit,
            Open = g.Count(t => t.State == TaskState.Open), InProgress = g.Count(t => t.State == TaskState.InProgress), Done = g.Count(t => t.State == TaskState.Done),
            Overdue = g.Count(t => (t.State == TaskState.Open || t.State == TaskState.InProgress) && t.DueAt < now), Presses = g.Sum(t => t.PressCount),
        }).ToListAsync(ct);
        var byMeasure = await tasks.GroupBy(t => t.MeasureId).Select(g => new
        {
            MeasureId = g.Key, Clause = g.Max(t => t.Clause), Title = g.Max(t => t.Title), Level = g.Max(t => t.Level),
            Open = g.Count(t => t.State == TaskState.Open), InProgress = g.Count(t => t.State == TaskState.InProgress), Done = g.Count(t => t.State == TaskState.Done),
            Overdue = g.Count(t => (t.State == TaskState.Open || t.State == TaskState.InProgress) && t.DueAt < now), Presses = g.Sum(t => t.PressCount),
        }).ToListAsync(ct);
        var units = byUnit.Select(u => new BoardUnit(u.RegionCode, names.GetValueOrDefault(u.RegionCode, u.RegionCode), u.Unit, new BoardCounts(u.Open, u.InProgress, u.Done, u.Overdue, u.Presses)))
            .OrderByDescending(u => u.Counts.Overdue).ThenByDescending(u => u.Counts.Open + u.Counts.InProgress).ThenBy(u => u.RegionCode).ThenBy(u => u.Unit, StringComparer.Ordinal)
            .ToList();
        var measures = byMeasure.Select(m => new BoardMeasure(m.MeasureId, m.Clause ?? "", m.Title ?? "", m.Level ?? "", new BoardCounts(m.Open, m.InProgress, m.Done, m.Overdue, m.Presses)))
            .OrderByDescending(m => m.Counts.Overdue).ThenByDescending(m => m.Counts.Open + m.Counts.InProgress).ThenBy(m => m.Clause, StringComparer.Ordinal)
            .ToList();
        var active = await tasks.Where(t => t.State == TaskState.Open || t.State == TaskState.InProgress)
            .OrderBy(t => t.DueAt < now ? 0 : 1).ThenBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.Id)
            .Take(Paging.MaxPageSize).ToListAsync(ct);
        return new TaskBoard(units, measures, active);
    }

    private async Task<Outcome<ResponseTask>> WritableAsync(long id, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var task = await jurisdiction.Scope(db.Tasks).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null) return Problem.NotFound("no-such-task", Messages.NoSuchTask(id));
        if (!MayReport(user, jurisdiction, task)) return Problem.Forbidden("report-not-allowed", Messages.TaskReportNotAllowed(task.Unit));
        if (!IsActive(task.State)) return Problem.Conflict("task-state", Messages.TaskNoLongerOpen(task));
        if (version is { } v && v != task.Version) return Problem.Conflict("task-changed", Messages.TaskChangedMeanwhile(id));
        return task;
    }

    private static Text? CheckAttachment(Attachment file)
    {
        if (file.Content.Length == 0) return Messages.EmptyAttachment(file.Name);
        if (file.Content.Length > MaxAttachmentBytes) return Messages.AttachmentTooLarge(file.Name, MaxAttachmentBytes);
        if (string.IsNullOrWhiteSpace(file.Name) || file.Name.Length > 200) return Messages.AttachmentName;
        return null;
    }

    private async Task<Outcome<ResponseTask>> SaveAsync(ResponseTask task, ClaimsPrincipal user, DateTimeOffset now, Func<object> data, string action, CancellationToken ct, AuditRecord? also = null)
    {
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => also is null ? [Audit(action, task, data())] : [Audit(action, task, data()), also], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("task-changed", Messages.TaskChangedMeanwhile(task.Id));
        }
        return task;
    }

    private static AuditRecord Audit(string action, ResponseTask task, object data) => new(action, "task", task.Id.ToString(CultureInfo.InvariantCulture), data, task.RegionPath);


}

/// <summary>Which overdue tasks to press at once: of a measure, of a unit, or both, optionally in a part of the jurisdiction.</summary>
public sealed record BulkPressRequest(string? Measure, string? Unit, string? Region, string? Note);

/// <summary>How many tasks were pressed, and whether more overdue tasks matched than one press takes.</summary>
public sealed record BulkPress(int Pressed, bool More);

/// <summary>What a list of tasks can keep (<c>status</c>): a state, or the overdue ones (active and past due).</summary>
public enum TaskListStatus { Open, InProgress, Done, Closed, Cancelled, Overdue }

public sealed record BoardCounts(int Open, int InProgress, int Done, int Overdue, int Presses);

public sealed record BoardUnit(string RegionCode, string RegionName, string Unit, BoardCounts Counts);

/// <summary>How a list of tasks is grouped.</summary>
public enum TaskGrouping { Measure, Unit }

/// <summary>A group of tasks: its key (the measure's id or the unit), what a person reads, how many tasks and in which state.</summary>
public sealed record TaskGroup(string Key, string Title, string? Clause, string? Level, int Total, BoardCounts Counts);

public sealed record BoardMeasure(string MeasureId, string Clause, string Title, string Level, BoardCounts Counts);

/// <summary>The headquarters' view of the tasks of its jurisdiction.</summary>
public sealed record TaskBoard(IReadOnlyList<BoardUnit> Units, IReadOnlyList<BoardMeasure> Measures, IReadOnlyList<ResponseTask> Active);
