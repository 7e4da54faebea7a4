using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Regions;

namespace EpiCommand.Domain.Scenarios;

/// <summary>Confirmed and asymptomatic cases count; suspected cases never do (requirements: "Case").</summary>
public enum Classification { Confirmed, Asymptomatic, Suspected }

public enum InfectionSource { Imported, Linked, Unknown }

public enum DetectionKind { Food, Environment }

/// <summary>Expert judgments the engine takes as inputs (requirements: "Expert judgments").</summary>
public enum JudgmentKind
{
    /// <summary>进一步扩散趋势 (001 §1.5.2.3, §1.5.3).</summary>
    SpreadTrend,
    /// <summary>专家组认定的其他情形 for risk (001 §1.6.2, §1.6.3).</summary>
    RiskOverride,
    /// <summary>境外输入风险降低 (004 termination).</summary>
    ImportRiskLow,
    /// <summary>外省疫情严重 (001 §3.4.2 warning IV).</summary>
    ExternalSevere,
    /// <summary>A grade set by the experts (001 §1.5.4; 004 §四 "其他情形").</summary>
    OtherCircumstance,
}

public sealed record ScenarioRegion(string Code, string Name, RegionLevel Level, string? Parent, IReadOnlyList<string> Neighbors);

public sealed record ScenarioSetting(string Id, string Name, string? Type, string Region);

/// <summary>
/// A case. <see cref="Settings"/> are the distinct settings it names (the file's <c>setting</c> and <c>settings</c>
/// together); it counts once in each (requirements: "Cluster"). <see cref="OnsetAt"/> changes no rule: it is there for
/// curves by onset.
/// </summary>
public sealed record ScenarioCase(
    string Id,
    Classification Classification,
    string Region,
    DateTimeOffset ReportedAt,
    DateTimeOffset? IsolatedAt,
    InfectionSource? InfectionSource,
    IReadOnlyList<string> Settings,
    IReadOnlyList<string> LinkedTo,
    DateTimeOffset? OnsetAt = null)
{
    public bool Counts => Classification != Classification.Suspected;
}

public sealed record ScenarioDetection(string Id, DetectionKind Kind, string Region, DateTimeOffset DetectedAt);

/// <summary>
/// One judgment: from <see cref="From"/> on, for <see cref="Region"/>. A withdrawn judgment (<c>value: false</c>)
/// has <see cref="InForce"/> false. <see cref="Grade"/> is set for otherCircumstance, <see cref="Risk"/> for riskOverride.
/// </summary>
public sealed record Judgment(JudgmentKind Kind, string Region, DateOnly From, bool InForce, Grade? Grade = null, RiskLevel? Risk = null);

/// <summary>The facts an assessment runs on: regions, settings, cases, detections and judgments.</summary>
public sealed record Scenario(
    IReadOnlyList<ScenarioRegion> Regions,
    IReadOnlyList<ScenarioSetting> Settings,
    IReadOnlyList<ScenarioCase> Cases,
    IReadOnlyList<ScenarioDetection> Detections,
    IReadOnlyList<Judgment> Judgments);
