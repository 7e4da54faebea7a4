using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Response;

namespace EpiCommand.Data.Response;

/// <summary>
/// A response decision for one jurisdiction (requirements C5–C7, E2): activate, raise, lower or terminate, recommended by the
/// engine or proposed by a person, confirmed by experts, approved by the jurisdiction's headquarters. Every step keeps who, when, why.
/// </summary>
public sealed class ResponseDecision : IRegional
{
    public long Id { get; set; }
    public required string PlanId { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public DecisionKind Kind { get; set; }
    public string? FromLevel { get; set; }
    public string? ToLevel { get; set; }

    /// <summary>The engine's grade for the jurisdiction when the decision was recommended or proposed.</summary>
    public Grade? Grade { get; set; }
    public required string Clause { get; set; }
    public required string Reason { get; set; }
    public DecisionStatus Status { get; set; }

    /// <summary>"engine" for a recommendation, else the user who proposed it.</summary>
    public required string ProposedBy { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public string? ConfirmedBy { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public string? ConfirmationNote { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? ApprovalNote { get; set; }

    /// <summary>The region whose headquarters was informed on approval (the level above, 001 §5.2.1 "报…上级卫生行政部门").</summary>
    public string? InformedRegionCode { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The region code while the decision is open (recommended or confirmed), else null: one open decision per jurisdiction, enforced by a unique index.</summary>
    public string? OpenKey { get; set; }

    /// <summary>Optimistic concurrency: of two approvals at once, exactly one is saved.</summary>
    public int Version { get; set; }
}

/// <summary>A response level in force in a jurisdiction, from the approval that started it until the one that ended or replaced it.</summary>
public sealed class ResponseActivation : IRegional
{
    public long Id { get; set; }
    public required string PlanId { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Level { get; set; }
    public long DecisionId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public long? EndedByDecisionId { get; set; }
}

public enum TaskState { Open, InProgress, Done, Closed, Cancelled }

/// <summary>A plan measure turned into work for one responsible unit or working group (requirements E1).</summary>
public sealed class ResponseTask : IRegional
{
    public long Id { get; set; }
    public required string PlanId { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public long DecisionId { get; set; }

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

public enum WarningState { Draft, Issued, Lifted }

/// <summary>A warning (预警, 001 §3.4) drafted from an approved grade, issued within 24 h, repeated and lifted.</summary>
public sealed class WarningNotice : IRegional
{
    public long Id { get; set; }
    public required string PlanId { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public long? DecisionId { get; set; }
    public Grade Level { get; set; }
    public required string Name { get; set; }
    public required string Issuer { get; set; }
    public List<string> Audiences { get; set; } = [];
    public List<string> Channels { get; set; } = [];
    public required string Overview { get; set; }
    public required string Warnings { get; set; }
    public required string Measures { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }

    /// <summary>When the grade it answers was approved; the plan's clock (§3.4.4, 24 h) runs from here to <see cref="DueAt"/>.</summary>
    public DateTimeOffset GradedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public WarningState State { get; set; }
    public required string DraftedBy { get; set; }
    public DateTimeOffset DraftedAt { get; set; }
    public string? IssuedBy { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    public int RepeatCount { get; set; }
    public DateTimeOffset? LastRepeatedAt { get; set; }
    public string? LiftedBy { get; set; }
    public DateTimeOffset? LiftedAt { get; set; }
    public string? LiftReason { get; set; }
    public int Version { get; set; }
}

public enum ZoneKind { ControlZone, Lockdown }

public enum ZoneState { Draft, Published, Lifted }

/// <summary>A control zone at a minimum unit, or a lockdown of an epidemic area at level III and above (001 §5.2.6, §5.3.2; 004 §九(一)6–7).</summary>
public sealed class ControlZone : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public ZoneKind Kind { get; set; }

    /// <summary>The minimum unit (A1, 004 §九(一)6): building, ward, compound, villageGroup; class, unit, workshop, office, household; or area for a lockdown.</summary>
    public required string UnitKind { get; set; }
    public required string Name { get; set; }
    public required string Reason { get; set; }
    public ZoneState State { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? PublishedBy { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? LiftedBy { get; set; }
    public DateTimeOffset? LiftedAt { get; set; }
    public string? LiftReason { get; set; }
    public int Version { get; set; }
}

/// <summary>The three daily reports that start with a level IV response (001 §5.2.1): 疫情零报告、病情日报告、工作日报告.</summary>
public enum DailyReportKind { Zero, Cases, Work }

/// <summary>One county's report of one kind for one day (CST).</summary>
public sealed class DailyReport : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public DateOnly Day { get; set; }
    public DailyReportKind Kind { get; set; }
    public int NewConfirmed { get; set; }
    public int NewAsymptomatic { get; set; }
    public int NewSuspected { get; set; }
    public int UnderTreatment { get; set; }
    public int ContactsUnderObservation { get; set; }
    public required string Text { get; set; }
    public required string SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
}

/// <summary>The evaluation report after a response ends (001 §8.2.2), pre-filled from the record and edited by people.</summary>
public sealed class EvaluationReport : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public long DecisionId { get; set; }
    public required string Title { get; set; }
    public required string Cause { get; set; }
    public required string SourceAndRoute { get; set; }
    public required string Course { get; set; }
    public required string Treatment { get; set; }
    public required string Measures { get; set; }
    public required string Problems { get; set; }
    public required string Lessons { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>An entry of the append-only, hash-chained audit trail (requirements J2); see <see cref="AuditChain"/>.</summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string SubjectType { get; set; }
    public required string SubjectId { get; set; }

    /// <summary>What changed, as JSON.</summary>
    public required string Data { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }

    /// <summary>The region the subject belongs to (for jurisdiction-scoped reading); not part of the hash.</summary>
    public string? RegionPath { get; set; }
}

/// <summary>A group-robot webhook (WeCom or DingTalk) of one member unit or working group (requirements J5).</summary>
public sealed class UnitWebhook
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string Unit { get; set; }
    public required string Url { get; set; }
    public bool Enabled { get; set; } = true;
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
