using EpiCommand.Data.Surveillance;

namespace EpiCommand.Data.Response;

public enum MeetingState { Scheduled, Held, Cancelled }

/// <summary>
/// A coordination meeting (联防联控协调会议, 002 §五(一); 001 §9.5 联席会议制度): called by any member unit, attended by the
/// organisation's units and people; its minutes and decisions are recorded once held, each decision a task for a unit.
/// </summary>
public sealed class Meeting : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }

    /// <summary>The member unit that called it (002 §五(一) 协调会议可由各部门提出).</summary>
    public required string CalledBy { get; set; }
    public required string Topic { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public required string Place { get; set; }
    public bool Online { get; set; }
    public MeetingState State { get; set; }
    public string? Minutes { get; set; }
    public string? CancelReason { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? RecordedBy { get; set; }
    public DateTimeOffset? RecordedAt { get; set; }
    public List<MeetingAttendee> Attendees { get; set; } = [];
    public List<MeetingDecision> Decisions { get; set; } = [];
    public int Version { get; set; }
}

/// <summary>A unit invited, optionally with one person of the organisation (Person) who attends for it.</summary>
public sealed class MeetingAttendee
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public required string Unit { get; set; }
    public int? PersonId { get; set; }
}

/// <summary>A decision of the meeting (议定事项): a unit must do it by a deadline; it became <see cref="TaskId"/>.</summary>
public sealed class MeetingDecision
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public int Number { get; set; }
    public required string Text { get; set; }
    public required string Unit { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public long? TaskId { get; set; }
}
