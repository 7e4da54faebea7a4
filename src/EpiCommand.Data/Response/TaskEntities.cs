using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Response;

namespace EpiCommand.Data.Response;

public enum TaskState { Open, InProgress, Done, Closed, Cancelled }

/// <summary>A plan measure turned into work for one responsible unit or working group (requirements E1).</summary>
public sealed class ResponseTask : IRegional
{
    public long Id { get; set; }
    public required string PlanId { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    /// <summary>The response decision whose measure this is; null for a task from a meeting's decision (<see cref="MeetingDecisionId"/>).</summary>
    public long? DecisionId { get; set; }

    /// <summary>The coordination meeting decision this task carries out (002 §五(一)), if it came from one.</summary>
    public long? MeetingDecisionId { get; set; }

    /// <summary>The response level whose measure this is (a level inherits the measures of those below it).</summary>
    public required string Level { get; set; }
    public required string MeasureId { get; set; }
    public required string Clause { get; set; }
    public required string Title { get; set; }
    public required string Text { get; set; }

    /// <summary>The member unit or working group, as the plan names it.</summary>
    public required string Unit { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public TaskState State { get; set; }
    public int Progress { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public string? DoneBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedReason { get; set; }

    /// <summary>How often headquarters pressed (督办) the task, and when last.</summary>
    public int PressCount { get; set; }
    public DateTimeOffset? LastPressedAt { get; set; }

    /// <summary>When the unit was told the task is overdue (once: the watcher claims the task by setting this).</summary>
    public DateTimeOffset? OverdueAnnouncedAt { get; set; }
    public List<TaskUpdate> Updates { get; set; } = [];
    public int Version { get; set; }
}

/// <summary>A progress note on a task, optionally with one attached file.</summary>
public sealed class TaskUpdate
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    public required string Note { get; set; }
    public int Progress { get; set; }
    public string? AttachmentName { get; set; }
    public string? AttachmentType { get; set; }
    public byte[]? Attachment { get; set; }
}

/// <summary>
/// The deadline a headquarters gives the tasks of its jurisdiction whose measure has none in the plan (issue 14: 71 tasks
/// "无时限" after one approval). The nearest one applies: a county's own, else its city's.
/// </summary>
public sealed class TaskDeadlineDefault : IRegional
{
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }

    /// <summary>Hours from the task's creation.</summary>
    public int Hours { get; set; }

    public DateTimeOffset SetAt { get; set; }
    public required string SetBy { get; set; }
}
