using EpiCommand.Domain.Regions;

namespace EpiCommand.Domain.Assessment;

/// <summary>What a reason explains.</summary>
public enum ReasonTopic { Grade, PendingGrade, Risk, Warning, Termination }

/// <summary>
/// Whether a reason's rule holds on D (requirements: "Scenario files and assess"): <see cref="Met"/> only where it
/// does; <see cref="Pending"/> where the facts hold but a judgment is missing (or, for termination, the day cannot be
/// known yet); <see cref="NotYet"/> for a termination whose day lies after D.
/// </summary>
public enum ReasonStatus { Met, Pending, NotYet }

/// <summary>
/// Why a result is what it is: the plan clause, the criterion in words, its status on D
/// and the facts — counts and the ids behind them.
/// </summary>
public sealed record Reason(
    ReasonTopic Topic,
    string Clause,
    string Criterion,
    ReasonStatus Status,
    string? MissingJudgment,
    IReadOnlyDictionary<string, object?> Facts)
{
    public bool Pending => Status == ReasonStatus.Pending;
}

/// <summary>
/// A cluster formed on or before D (requirements: "Cluster"): its setting, the county containing the setting (null
/// when the setting lies above county level), its formation day, the day of its run's latest case up to D and the
/// ids of those cases. <see cref="Active"/>: it occurs within 14 days as of D.
/// </summary>
public sealed record ClusterAssessment(
    string Setting,
    string SettingName,
    string? SettingType,
    string? County,
    DateOnly FormedOn,
    DateOnly LastCaseDate,
    IReadOnlyList<string> CaseIds,
    bool Active)
{
    public int Cases => CaseIds.Count;
}

public sealed record RegionAssessment(
    string Code,
    string Name,
    RegionLevel Level,
    Grade? Grade,
    Grade? PendingGrade,
    RiskLevel? Risk,
    Grade? Warning,
    DateOnly? LastCaseDate,
    DateOnly? TerminationEligibleFrom,
    IReadOnlyList<Reason> Reasons)
{
    /// <summary>The response may end on the as-of day (001 §8.1; 004 termination).</summary>
    public bool TerminationEligibleOn(DateOnly day) => TerminationEligibleFrom is { } from && from <= day;
}

public sealed record AssessmentResult(string Plan, DateOnly AsOf, IReadOnlyList<RegionAssessment> Regions, IReadOnlyList<ClusterAssessment> Clusters)
{
    public RegionAssessment? Find(string code) => Regions.FirstOrDefault(r => r.Code == code);
}
