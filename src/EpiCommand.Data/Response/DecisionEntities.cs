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
