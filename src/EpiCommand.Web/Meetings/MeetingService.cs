using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Meetings;

public sealed record NewAttendee(string? Unit, int? PersonId);

public sealed record NewMeeting(string? Region, string? CalledBy, string? Topic, DateTimeOffset? StartsAt, string? Place, bool? Online, IReadOnlyList<NewAttendee>? Attendees);

public sealed record NewMeetingDecision(string? Text, string? Unit, DateTimeOffset? DueAt);

public sealed record MeetingRecord(string? Minutes, IReadOnlyList<NewMeetingDecision>? Decisions, int? Version);

public sealed record MeetingCancel(string? Reason, int? Version);

/// <summary>
/// Coordination meetings (联防联控协调会议, 002 §五(一); 001 §9.5 联席会议制度): any member unit may call one — "协调会议可由各部门提出" —
/// with the topic, the units (and people) of the organisation invited, the time and the place or the online room; once held, the minutes
/// and the decisions are recorded, each decision becoming a task for its unit with a deadline, followed up and pressed (督办) as every
/// other task. Every step is audited; the invited units and each decision's unit are notified.
/// </summary>
public sealed class MeetingService(AppDbContext db, FactsCache facts, TimeProvider clock, Notifier notifier)
{
    public const string Clause = "002 §五(一)";

    public const int MaxAttendees = 100;

    public const int MaxDecisions = 50;

    public static readonly Keyset<Meeting> Newest = Keyset<Meeting>.By(m => m.StartsAt, m => m.Id, descending: true);

    public static readonly ListShape<Meeting, MeetingState> Shape = new(m => m.State, m => m.StartsAt, m => m.Topic);

    /// <summary>Callers: the headquarters, and the staff of member units (002 §五(一)); an expert or an administrator does not call meetings.</summary>
    public static bool MayCall(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Investigator);

    /// <summary>Minutes and cancelling: whoever called it, or the headquarters of a jurisdiction covering it.</summary>
    public static bool MayRecord(ClaimsPrincipal user, Jurisdiction jurisdiction, Meeting meeting) =>
        jurisdiction.Covers(meeting) && (user.IsInRole(Roles.Headquarters) || meeting.CreatedBy == user.UserName());

    public Task<Page<Meeting>> ListAsync(Jurisdiction jurisdiction, ListFilter<MeetingState> filter, PageRequest page, CancellationToken ct) =>
        Newest.PageAsync(Shape.Apply(db.Meetings.AsNoTracking(), jurisdiction, filter), page, m => m, ct);

    public async Task<Meeting?> FindAsync(long id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.Meetings.AsNoTracking()).Include(m => m.Attendees).Include(m => m.Decisions).AsSplitQuery().FirstOrDefaultAsync(m => m.Id == id, ct);

    /// <summary>The units of a region's organisation: its member units, working groups and the headquarters office (001 §2.1.1, §2.2.1; 000 §三).</summary>
    public async Task<List<string>> UnitsAsync(string regionCode, CancellationToken ct)
    {
        var units = await db.MemberUnits.AsNoTracking().Where(u => u.RegionCode == regionCode).OrderBy(u => u.SortOrder).Select(u => u.Name).ToListAsync(ct);
        units.AddRange(await db.WorkingGroups.AsNoTracking().Where(g => g.RegionCode == regionCode).OrderBy(g => g.SortOrder).Select(g => g.Name).ToListAsync(ct));
        var office = await db.Headquarters.AsNoTracking().Where(h => h.RegionCode == regionCode).Select(h => h.OfficeName).FirstOrDefaultAsync(ct);
        if (office is not null) units.Insert(0, office);
        return units.Distinct().ToList();
    }

    public async Task<Outcome<Meeting>> CallAsync(NewMeeting request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayCall(user)) return Problem.Forbidden("call-meeting-not-allowed", Messages.CallMeetingNotAllowed);
        var found = await RegionLookup.FindAsync(jurisdiction, db, request.Region, "region", ct);
        if (found.Problem is { } noRegion) return noRegion;
        var region = found.Value!;
        var errors = new FieldErrors();
        if (region.Level is not (RegionLevel.City or RegionLevel.County or RegionLevel.Province)) errors.Add("region", Messages.PublicationLevel);
        var units = await UnitsAsync(region.Code, ct);
        var calledBy = errors.Text("calledBy", request.CalledBy, Limits.LineCharacters, Messages.Required(new("召集单位", "the calling unit")));
        if (calledBy is not null)
        {
            if (!units.Contains(calledBy)) errors.Add("calledBy", Messages.NotAnOrganisationUnit(calledBy));
            else if (!user.IsInRole(Roles.Headquarters) && user.Unit() is { } own && !calledBy.EndsWith(own.TrimStart('市'), StringComparison.Ordinal)) errors.Add("calledBy", Messages.CallForOwnUnit(own));
        }
        var topic = errors.Text("topic", request.Topic, 200, Messages.TopicRequired);
        var place = errors.Text("place", request.Place, Limits.LineCharacters, Messages.PlaceRequired);
        var now = clock.GetUtcNow();
        if (request.StartsAt?.ToUniversalTime() is not { } startsAt)
        {
            errors.Add("startsAt", Messages.Required(new("会议时间", "the time")));
            startsAt = now;
        }
        errors.NotFarAhead("startsAt", startsAt, now);
        var attendees = new List<MeetingAttendee>();
        var people = request.Attendees?.Where(a => a.PersonId is not null).Select(a => a.PersonId!.Value).Distinct().ToList() ?? [];
        var known = await jurisdiction.Scope(db.People.AsNoTracking()).Where(p => people.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        if (request.Attendees is not { Count: > 0 }) errors.Add("attendees", Messages.MeetingNeedsAttendees);
        else if (request.Attendees.Count > MaxAttendees) errors.Add("attendees", Messages.TooManyItems(MaxAttendees));
        else
        {
            for (var i = 0; i < request.Attendees.Count; i++)
            {
                var attendee = request.Attendees[i];
                var unit = errors.Text($"attendees[{i}].unit", attendee.Unit, Limits.LineCharacters, Messages.Required(new("参会单位", "the unit")));
                if (unit is not null && !units.Contains(unit)) errors.Add($"attendees[{i}].unit", Messages.NotAnOrganisationUnit(unit));
                if (attendee.PersonId is { } person && !known.Contains(person)) errors.Add($"attendees[{i}].personId", Messages.NoSuchPerson(person));
                if (unit is not null) attendees.Add(new MeetingAttendee { Unit = unit, PersonId = attendee.PersonId });
            }
        }
        if (errors.Problem is { } invalid) return invalid;

        var meeting = new Meeting
        {
            RegionCode = region.Code, RegionPath = region.Path, CalledBy = calledBy!, Topic = topic!, StartsAt = startsAt, Place = place!, Online = request.Online ?? false,
            State = MeetingState.Scheduled, CreatedBy = user.UserName(), CreatedAt = now, Attendees = attendees,
        };
        db.Meetings.Add(meeting);
        var invited = attendees.Select(a => a.Unit).Distinct().ToList();
        var messages = invited.SelectMany(unit => Notifier.Add(db, now, new Message(region.Code, region.Path, $"会议通知：{meeting.Topic}",
            $"{meeting.CalledBy}提出召开协调会议“{meeting.Topic}”，时间 {ChinaTime.Format(startsAt)}，{(meeting.Online ? "线上" : "地点")}：{meeting.Place}。请{unit}参会。", "/meetings", Unit: unit))).ToList();
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("meeting.called", meeting, new { meeting.CalledBy, meeting.Topic, meeting.StartsAt, meeting.Place, meeting.Online, units = invited })], ct);
        await notifier.SendAsync(db, messages, ct);
        return meeting;
    }

    /// <summary>The minutes and decisions of a held meeting; each decision becomes a task for its unit with its deadline (督办 as any task).</summary>
    public async Task<Outcome<Meeting>> RecordAsync(long id, MeetingRecord record, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (meeting, refused) = await WritableAsync(id, record.Version, user, jurisdiction, ct);
        if (refused is not null) return refused;
        var now = clock.GetUtcNow();
        if (meeting!.StartsAt > now) return Problem.Rule("meeting-not-started", Messages.MeetingNotYetStarted(id));
        var errors = new FieldErrors();
        var minutes = errors.Text("minutes", record.Minutes, Limits.ReportCharacters, Messages.MinutesRequired, multiline: true);
        var units = await UnitsAsync(meeting.RegionCode, ct);
        var decisions = new List<MeetingDecision>();
        if (record.Decisions is { Count: > MaxDecisions }) errors.Add("decisions", Messages.TooManyItems(MaxDecisions));
        else
        {
            for (var i = 0; i < (record.Decisions?.Count ?? 0); i++)
            {
                var item = record.Decisions![i];
                var text = errors.Text($"decisions[{i}].text", item.Text, Limits.NoteCharacters, Messages.DecisionTextRequired, multiline: true);
                var unit = errors.Text($"decisions[{i}].unit", item.Unit, Limits.LineCharacters, Messages.Required(new("责任单位", "the responsible unit")));
                if (unit is not null && !units.Contains(unit)) errors.Add($"decisions[{i}].unit", Messages.NotAnOrganisationUnit(unit));
                if (item.DueAt?.ToUniversalTime() is not { } due) errors.Add($"decisions[{i}].dueAt", Messages.DueRequired);
                else
                {
                    if (due <= meeting.StartsAt) errors.Add($"decisions[{i}].dueAt", Messages.DueMustFollowMeeting);
                    errors.NotFarAhead($"decisions[{i}].dueAt", due, now);
                    if (text is not null && unit is not null) decisions.Add(new MeetingDecision { MeetingId = meeting.Id, Number = i + 1, Text = text, Unit = unit, DueAt = due });
                }
            }
        }
        if (errors.Problem is { } invalid) return invalid;

        meeting.State = MeetingState.Held;
        meeting.Minutes = minutes;
        meeting.RecordedBy = user.UserName();
        meeting.RecordedAt = now;
        meeting.Version++;
        db.MeetingDecisions.AddRange(decisions);
        var tasks = decisions.Select(d => (Decision: d, Task: new ResponseTask
        {
            PlanId = facts.Plan.Id, RegionCode = meeting.RegionCode, RegionPath = meeting.RegionPath, DecisionId = null, Level = "",
            MeasureId = $"meeting-{meeting.Id}", Clause = Clause, Title = Shorten($"{meeting.Topic}：{d.Text}"), Text = d.Text, Unit = d.Unit,
            CreatedAt = now, DueAt = d.DueAt, State = TaskState.Open,
        })).ToList();
        db.Tasks.AddRange(tasks.Select(t => t.Task));
        var messages = tasks.SelectMany(t => Notifier.Add(db, now, new Message(meeting.RegionCode, meeting.RegionPath, $"会议议定事项：{t.Task.Title}",
            $"协调会议“{meeting.Topic}”议定：{t.Decision.Text}。责任单位：{t.Decision.Unit}，请于 {ChinaTime.Format(t.Decision.DueAt)} 前完成。", "/tasks", Unit: t.Decision.Unit))).ToList();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            foreach (var (decision, task) in tasks)
            {
                decision.TaskId = task.Id;
                task.MeetingDecisionId = decision.Id;
            }
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [Audit("meeting.recorded", meeting, new { decisions = decisions.Count, tasks = tasks.Select(t => t.Task.Id).ToList() }),
                 .. tasks.Select(t => new AuditRecord("task.created", "task", t.Task.Id.ToString(CultureInfo.InvariantCulture),
                     new { t.Task.Title, t.Task.Unit, t.Task.DueAt, meeting = meeting.Id }, t.Task.RegionPath))], ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("meeting-changed", Messages.MeetingChangedMeanwhile(id));
        }
        await notifier.SendAsync(db, messages, ct);
        return meeting;
    }

    public async Task<Outcome<Meeting>> CancelAsync(long id, MeetingCancel cancel, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (meeting, refused) = await WritableAsync(id, cancel.Version, user, jurisdiction, ct);
        if (refused is not null) return refused;
        if (TextFields.Check("reason", cancel.Reason, Limits.NoteCharacters, Messages.Required(new("取消理由", "the reason")), multiline: true) is { } bad) return bad;
        var now = clock.GetUtcNow();
        meeting!.State = MeetingState.Cancelled;
        meeting.CancelReason = cancel.Reason!.Trim();
        meeting.Version++;
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("meeting.cancelled", meeting, new { reason = meeting.CancelReason })], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("meeting-changed", Messages.MeetingChangedMeanwhile(id));
        }
        return meeting;
    }

    private async Task<(Meeting?, Problem?)> WritableAsync(long id, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var meeting = await jurisdiction.Scope(db.Meetings).Include(m => m.Attendees).Include(m => m.Decisions).AsSplitQuery().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null) return (null, Problem.NotFound("no-such-meeting", Messages.NoSuchMeeting(id)));
        if (!MayRecord(user, jurisdiction, meeting)) return (null, Problem.Forbidden("meeting-change-not-allowed", Messages.MeetingChangeNotAllowed));
        if (meeting.State != MeetingState.Scheduled) return (null, Problem.Conflict("meeting-state", Messages.MeetingNotScheduled(id)));
        if (version is { } seen && seen != meeting.Version) return (null, Problem.Conflict("meeting-changed", Messages.MeetingChangedMeanwhile(id)));
        return (meeting, null);
    }

    /// <summary>The tasks the meeting's decisions became, for their progress.</summary>
    public async Task<Dictionary<long, ResponseTask>> TasksAsync(Meeting meeting, CancellationToken ct)
    {
        var ids = meeting.Decisions.Where(d => d.TaskId != null).Select(d => d.TaskId!.Value).ToList();
        return await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..119] + "…";

    private static AuditRecord Audit(string action, Meeting meeting, object data) =>
        new(action, "meeting", meeting.Id.ToString(CultureInfo.InvariantCulture), data, meeting.RegionPath);
}
