using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Domain.Plans;

/// <summary>A condition over the indicator vocabulary of docs/plans.md, evaluated for one region on one day.</summary>
public abstract record Condition;

public sealed record AllOf(IReadOnlyList<Condition> Conditions) : Condition;

public sealed record AnyOf(IReadOnlyList<Condition> Conditions) : Condition;

public sealed record Not(Condition Condition) : Condition;

public sealed record Always : Condition;

/// <summary>A named condition of the plan's <c>conditions</c> section, resolved at load.</summary>
public sealed record Named(string Name, Condition Condition) : Condition;

/// <summary>An expert judgment of this kind is in force for the region (or, when inherited, for a region above it).</summary>
public sealed record JudgmentHeld(JudgmentKind Kind, bool Inherited) : Condition;

public enum Indicator
{
    Cases,
    LocalCases,
    Detections,
    Clusters,
    CommunitiesWithTransmission,
    ChainCounties,
    NeighborsAffected,
    Children,
}

/// <summary><c>{indicator: cases, days: 14, atLeast: 1}</c> and its kin.</summary>
public sealed record Comparison(
    Indicator Indicator,
    int? Days,
    Classification? Classification,
    DetectionKind? DetectionKind,
    RegionLevel? Level,
    Condition? Where,
    int? AtLeast,
    int? AtMost) : Condition
{
    public bool Holds(int value) => (AtLeast is null || value >= AtLeast) && (AtMost is null || value <= AtMost);
}
