using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Response;

namespace EpiCommand.Data.Response;

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
