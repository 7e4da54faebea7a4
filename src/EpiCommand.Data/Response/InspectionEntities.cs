using EpiCommand.Data.Surveillance;

namespace EpiCommand.Data.Response;

public enum InspectionState { Planned, Inspected, Closed }

/// <summary>Pending: not yet inspected; Passed; Failed (open, no order yet, or re-opened); Rectifying (an order is out); Closed (re-inspected and passed).</summary>
public enum FindingState { Pending, Passed, Failed, Rectifying, Closed }

/// <summary>
/// An inspection (督查检查, 002 §五(七) 督导检查与责任追究机制; 003 §三(四) 专项督查; 004 督查检查组; 001 §5.1.9 加强督导): who inspects
/// (units and people of the organisation), which unit (and place) is inspected, when, and the checklist of the plan it is made
/// against — its items copied as findings when planned, so a later change of the plan leaves it as it was.
/// </summary>
public sealed class Inspection : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Title { get; set; }

    /// <summary>The plan's checklist (<c>inspections[].id</c>), its name and clause as they were when planned.</summary>
    public required string ChecklistId { get; set; }
    public required string ChecklistName { get; set; }
    public required string Clause { get; set; }

    /// <summary>The unit of the organisation inspected; rectification orders become its tasks.</summary>
    public required string InspectedUnit { get; set; }

    /// <summary>The place inspected, when more precise than the unit (a fever clinic, a market).</summary>
    public string? Place { get; set; }

    /// <summary>
    /// The entry of the units' "五有" register (<c>UnitPreparedness</c>) this inspection checks, if any: each finding whose item names a
    /// register entry records its result there (001 §5.1.9 加强督导…落实"五有三严").
    /// </summary>
    public int? RegisterUnitId { get; set; }

    public DateTimeOffset ScheduledAt { get; set; }
    public InspectionState State { get; set; }
    public DateTimeOffset? InspectedAt { get; set; }
    public string? InspectedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<InspectionInspector> Inspectors { get; set; } = [];
    public List<InspectionFinding> Findings { get; set; } = [];
    public int Version { get; set; }
}

/// <summary>Who inspects: a unit of the organisation (督查检查组, a member unit), optionally with one person of the directory.</summary>
public sealed class InspectionInspector
{
    public long Id { get; set; }
    public long InspectionId { get; set; }
    public required string Unit { get; set; }
    public int? PersonId { get; set; }
}

/// <summary>
/// One checklist item of an inspection: its result (pass/fail, a note), the rectification order it became (a task of the
/// inspected unit with a deadline), and its re-inspection (closed, or re-opened).
/// </summary>
public sealed class InspectionFinding
{
    public long Id { get; set; }
    public long InspectionId { get; set; }
    public int Number { get; set; }
    public required string ItemId { get; set; }
    public required string Clause { get; set; }
    public required string Text { get; set; }

    /// <summary>The register entry the item records (<c>ChecklistItem.Register</c>, copied when planned); null: none.</summary>
    public string? Register { get; set; }

    public FindingState State { get; set; }
    public string? Note { get; set; }

    /// <summary>The latest rectification order: what to put right, by when, and the task it became.</summary>
    public string? Requirement { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public long? TaskId { get; set; }

    /// <summary>How often a re-inspection found it still wanting (re-opened).</summary>
    public int Reopened { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public string? ReinspectionNote { get; set; }
    public int Version { get; set; }
}

/// <summary>A photo taken for a finding, stored in the database as the task attachments are (image types only, bounded size).</summary>
public sealed class InspectionPhoto
{
    public long Id { get; set; }
    public long InspectionId { get; set; }
    public long FindingId { get; set; }
    public required string Name { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
}

/// <summary>
/// An accountability record (问责, 002 §五(七) "依法问责惩处"; 003 §三(四) "严肃查处问责"; 004 督查检查组 "对工作不力、失职失责的实施问责"):
/// who was held to account, for what, and the decision taken.
/// </summary>
public sealed class InspectionAccountability
{
    public long Id { get; set; }
    public long InspectionId { get; set; }
    public long? FindingId { get; set; }
    public required string Who { get; set; }
    public required string Unit { get; set; }
    public required string What { get; set; }
    public required string Decision { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
