using EpiCommand.Data.Surveillance;

namespace EpiCommand.Data.Response;

public enum InstructionState { Open, Closed }

/// <summary>
/// A leader's instruction (领导批示, 002 §四 区政府办公室 "负责…领导批示的督办落实"): who of the organisation gave it (a
/// <see cref="People.Person"/>), when, and the text; assigned to units, each with a deadline, each assignment a task followed up,
/// reported on and pressed (督办) by the existing task machinery. Closed once every assigned unit reported its task done (闭环).
/// </summary>
public sealed class Instruction : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }

    /// <summary>The leader who gave it: a person of the organisation (the directory's one person model).</summary>
    public int LeaderId { get; set; }

    public DateTimeOffset IssuedAt { get; set; }
    public required string Text { get; set; }

    /// <summary>What the instruction was written on (a report, a bulletin, a letter), if said.</summary>
    public string? Subject { get; set; }

    public InstructionState State { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<InstructionAssignment> Assignments { get; set; } = [];
    public int Version { get; set; }
}

/// <summary>A unit the instruction is assigned to, with its deadline; it became <see cref="TaskId"/>.</summary>
public sealed class InstructionAssignment
{
    public long Id { get; set; }
    public long InstructionId { get; set; }
    public required string Unit { get; set; }
    public DateTimeOffset DueAt { get; set; }

    /// <summary>What this unit is to do, when more specific than the instruction itself.</summary>
    public string? Requirement { get; set; }

    public long? TaskId { get; set; }
}
