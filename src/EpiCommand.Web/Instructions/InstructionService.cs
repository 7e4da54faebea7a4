using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.People;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Meetings;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Instructions;

public sealed record NewAssignment(string? Unit, DateTimeOffset? DueAt, string? Requirement);

public sealed record NewInstruction(string? Region, int? LeaderId, DateTimeOffset? IssuedAt, string? Text, string? Subject, IReadOnlyList<NewAssignment>? Assignments);

/// <summary>One assigned unit's part of the loop: its task's state and progress and its latest progress note.</summary>
public sealed record AssignmentProgress(InstructionAssignment Assignment, ResponseTask? Task, TaskUpdate? Latest);

/// <summary>
/// Leaders' instructions (领导批示, 002 §四: 区政府办公室 "负责…领导批示…的督办落实"; requirement I4): the headquarters office records
/// who of the organisation gave the instruction, when and its text, and assigns it to units with deadlines; each assignment
/// becomes a task of the existing machinery (reported on by the unit, pressed 督办 by the headquarters, announced when overdue).
/// When every assigned unit has reported its task done the instruction closes by itself (闭环) — see <see cref="CloseIfAllDoneAsync"/>,
/// called by the task service when a task is completed. Every step audited; the units notified.
/// </summary>
public sealed class InstructionService(AppDbContext db, FactsCache facts, TimeProvider clock, Notifier notifier, MeetingService meetings)
{
    public const string Clause = "002 §四";

    public const int MaxAssignments = 50;

    public static readonly Keyset<Instruction> Newest = Keyset<Instruction>.By(i => i.IssuedAt, i => i.Id, descending: true);

    public static readonly ListShape<Instruction, InstructionState> Shape = new(i => i.State, i => i.IssuedAt, i => i.Text);

    /// <summary>The headquarters (its office) records and assigns instructions (002 §四).</summary>
    public static bool MayRecord(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters);

    public Task<Page<Instruction>> ListAsync(Jurisdiction jurisdiction, ListFilter<InstructionState> filter, PageRequest page, CancellationToken ct) =>
        Newest.PageAsync(Shape.Apply(db.Instructions.AsNoTracking(), jurisdiction, filter), page, i => i, ct);

    public async Task<Instruction?> FindAsync(long id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.Instructions.AsNoTracking()).Include(i => i.Assignments).FirstOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>The leaders named by instructions, by id (name and position from the directory).</summary>
    public async Task<Dictionary<int, Person>> LeadersAsync(IEnumerable<Instruction> instructions, CancellationToken ct)
    {
        var ids = instructions.Select(i => i.LeaderId).Distinct().ToList();
        return await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
    }

    /// <summary>
    /// The people of the organisation who may be named as the leader of an instruction of <paramref name="region"/>: those of the
    /// region and of the regions above it (a city leader's instruction reaches a county), at most a page.
    /// </summary>
    public async Task<List<Person>> LeaderChoicesAsync(Region region, CancellationToken ct)
    {
        var above = Ancestry(region);
        return await db.People.AsNoTracking().Where(p => above.Contains(p.RegionCode)).OrderBy(p => p.RegionPath.Length).ThenBy(p => p.Unit).ThenBy(p => p.Name)
            .Take(Paging.MaxPageSize).ToListAsync(ct);
    }

    private static List<string> Ancestry(Region region) => region.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>Each assigned unit's task and its latest progress note (the leader's closed-loop view).</summary>
    public async Task<List<AssignmentProgress>> ProgressAsync(Instruction instruction, CancellationToken ct)
    {
        var ids = instruction.Assignments.Where(a => a.TaskId != null).Select(a => a.TaskId!.Value).ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var updates = await db.TaskUpdates.AsNoTracking().Where(u => ids.Contains(u.TaskId))
            .Select(u => new TaskUpdate { Id = u.Id, TaskId = u.TaskId, At = u.At, By = u.By, Note = u.Note, Progress = u.Progress, AttachmentName = u.AttachmentName })
            .ToListAsync(ct);
        var latest = updates.GroupBy(u => u.TaskId).ToDictionary(g => g.Key, g => g.OrderByDescending(u => u.At).ThenByDescending(u => u.Id).First());
        return instruction.Assignments.OrderBy(a => a.Id).Select(a => new AssignmentProgress(a,
            a.TaskId is { } t ? tasks.GetValueOrDefault(t) : null, a.TaskId is { } u ? latest.GetValueOrDefault(u) : null)).ToList();
    }

    public async Task<Outcome<Instruction>> RecordAsync(NewInstruction request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayRecord(user)) return Problem.Forbidden("instruction-not-allowed", Messages.InstructionNotAllowed);
        var found = await RegionLookup.FindAsync(jurisdiction, db, request.Region, "region", ct);
        if (found.Problem is { } noRegion) return noRegion;
        var region = found.Value!;
        var errors = new FieldErrors();
        if (region.Level is not (RegionLevel.City or RegionLevel.County or RegionLevel.Province)) errors.Add("region", Messages.InstructionLevel);
        var above = Ancestry(region);
        if (request.LeaderId is not { } leaderId) errors.Add("leaderId", Messages.Required(new("批示领导", "the leader")));
        else if (!await db.People.AsNoTracking().AnyAsync(p => p.Id == leaderId && above.Contains(p.RegionCode), ct))
            errors.Add("leaderId", Messages.NoSuchPerson(leaderId));
        var text = errors.Text("text", request.Text, Limits.ReportCharacters, Messages.InstructionTextRequired, multiline: true);
        var subject = errors.Text("subject", request.Subject, 200);
        var now = clock.GetUtcNow();
        if (request.IssuedAt?.ToUniversalTime() is not { } issuedAt)
        {
            errors.Add("issuedAt", Messages.Required(new("批示时间", "when it was given")));
            issuedAt = now;
        }
        errors.NotAhead("issuedAt", issuedAt, now);
        var units = await meetings.UnitsAsync(region.Code, ct);
        var assignments = new List<InstructionAssignment>();
        if (request.Assignments is not { Count: > 0 }) errors.Add("assignments", Messages.InstructionNeedsUnits);
        else if (request.Assignments.Count > MaxAssignments) errors.Add("assignments", Messages.TooManyItems(MaxAssignments));
        else
        {
            for (var i = 0; i < request.Assignments.Count; i++)
            {
                var item = request.Assignments[i];
                var unit = errors.Text($"assignments[{i}].unit", item.Unit, Limits.LineCharacters, Messages.Required(new("承办单位", "the unit")));
                if (unit is not null && !units.Contains(unit)) errors.Add($"assignments[{i}].unit", Messages.NotAnOrganisationUnit(unit));
                else if (unit is not null && assignments.Any(a => a.Unit == unit)) errors.Add($"assignments[{i}].unit", Messages.UnitAssignedTwice(unit));
                var requirement = errors.Text($"assignments[{i}].requirement", item.Requirement, Limits.NoteCharacters, multiline: true);
                if (item.DueAt?.ToUniversalTime() is not { } due) errors.Add($"assignments[{i}].dueAt", Messages.DueRequired);
                else
                {
                    if (due <= now) errors.Add($"assignments[{i}].dueAt", Messages.DueMustBeAhead);
                    errors.NotFarAhead($"assignments[{i}].dueAt", due, now);
                    if (unit is not null) assignments.Add(new InstructionAssignment { Unit = unit, DueAt = due, Requirement = requirement });
                }
            }
        }
        if (errors.Problem is { } invalid) return invalid;

        var instruction = new Instruction
        {
            RegionCode = region.Code, RegionPath = region.Path, LeaderId = request.LeaderId!.Value, IssuedAt = issuedAt, Text = text!, Subject = subject,
            State = InstructionState.Open, CreatedBy = user.UserName(), CreatedAt = now, Assignments = assignments,
        };
        var leader = await db.People.AsNoTracking().Where(p => p.Id == instruction.LeaderId).Select(p => p.Name).FirstAsync(ct);
        db.Instructions.Add(instruction);
        var tasks = assignments.Select(a => (Assignment: a, Task: new ResponseTask
        {
            PlanId = facts.Plan.Id, RegionCode = region.Code, RegionPath = region.Path, DecisionId = null, Level = "",
            MeasureId = "instruction", Clause = Clause, Title = Shorten($"领导批示：{a.Requirement ?? instruction.Text}"),
            Text = a.Requirement is null ? instruction.Text : $"{instruction.Text}\n{a.Requirement}", Unit = a.Unit, CreatedAt = now, DueAt = a.DueAt, State = TaskState.Open,
        })).ToList();
        db.Tasks.AddRange(tasks.Select(t => t.Task));
        var messages = tasks.SelectMany(t => Notifier.Add(db, now, new Message(region.Code, region.Path, $"领导批示：{t.Task.Title}",
            $"{leader}批示：{instruction.Text}。承办单位：{t.Assignment.Unit}，请于 {ChinaTime.Format(t.Assignment.DueAt)} 前办结并报告进展。", "/tasks", Unit: t.Assignment.Unit))).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            foreach (var (assignment, task) in tasks)
            {
                assignment.TaskId = task.Id;
                task.MeasureId = $"instruction-{instruction.Id}";
            }
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [Audit("instruction.recorded", instruction, new { instruction.LeaderId, instruction.IssuedAt, instruction.Text, instruction.Subject,
                     units = assignments.Select(a => new { a.Unit, a.DueAt, task = a.TaskId }).ToList() }),
                 .. tasks.Select(t => new AuditRecord("task.created", "task", t.Task.Id.ToString(CultureInfo.InvariantCulture),
                     new { t.Task.Title, t.Task.Unit, t.Task.DueAt, instruction = instruction.Id }, t.Task.RegionPath))], ct);
            await transaction.CommitAsync(ct);
        }
        await notifier.SendAsync(db, messages, ct);
        return instruction;
    }

    /// <summary>
    /// The closed loop (闭环): called in the unit of work that marks <paramref name="task"/> done; when it carries out an assignment
    /// of an open instruction and every other assigned unit's task is done too, the instruction is closed (in the same save, so a
    /// refused completion closes nothing). Returns the audit entry to write with the completion, or null.
    /// </summary>
    public static async Task<AuditRecord?> CloseIfAllDoneAsync(AppDbContext db, ResponseTask task, DateTimeOffset now, CancellationToken ct)
    {
        var instructionId = await db.InstructionAssignments.Where(a => a.TaskId == task.Id).Select(a => (long?)a.InstructionId).FirstOrDefaultAsync(ct);
        if (instructionId is null) return null;
        var instruction = await db.Instructions.FirstOrDefaultAsync(i => i.Id == instructionId && i.State == InstructionState.Open, ct);
        if (instruction is null) return null;
        var others = await db.InstructionAssignments.Where(a => a.InstructionId == instruction.Id && a.TaskId != task.Id)
            .Join(db.Tasks, a => a.TaskId, t => t.Id, (a, t) => t.State).ToListAsync(ct);
        if (others.Any(s => s != TaskState.Done)) return null;
        instruction.State = InstructionState.Closed;
        instruction.ClosedAt = now;
        instruction.Version++;
        return Audit("instruction.closed", instruction, new { lastTask = task.Id, lastUnit = task.Unit });
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..119] + "…";

    private static AuditRecord Audit(string action, Instruction instruction, object data) =>
        new(action, "instruction", instruction.Id.ToString(CultureInfo.InvariantCulture), data, instruction.RegionPath);
}
