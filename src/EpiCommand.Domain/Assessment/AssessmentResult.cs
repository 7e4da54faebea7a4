using EpiCommand.Domain.Regions;

namespace EpiCommand.Domain.Assessment;

/// <summary>What a reason explains.</summary>
public enum ReasonTopic { Grade, PendingGrade, Risk, Warning, Termination }

/// <summary>
/// Why a result is what it is: the plan clause, the criterion in words, whether it is met or pending
/// (facts hold, judgment missing) and the facts — counts and the ids behind them.
/// </summary>
public sealed record Reason(
    ReasonTopic Topic,
    string Clause,
    string Criterion,
    bool Pending,
    string? MissingJudgment,
    IReadOnlyDictionary<string, object?> Facts);

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

public sealed record AssessmentResult(string Plan, DateOnly AsOf, IReadOnlyList<RegionAssessment> Regions)
{
    public RegionAssessment? Find(string code) => Regions.FirstOrDefault(r => r.Code == code);
}
