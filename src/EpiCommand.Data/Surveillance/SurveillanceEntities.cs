using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Data.Surveillance;

/// <summary>A record that belongs to a region; <see cref="RegionPath"/> makes jurisdiction scoping one prefix match.</summary>
public interface IRegional
{
    string RegionCode { get; }
    string RegionPath { get; }
}

/// <summary>Clinical severity of a confirmed case (requirements B1).</summary>
public enum Severity { Mild, Moderate, Severe, Critical }

/// <summary>How a case ended, when it has.</summary>
public enum CaseOutcome { Recovered, Died, Excluded }

/// <summary>
/// A case (requirements B1; 001 §1.5, §4.1–4.3). Its id is the number the investigators give it, so that a
/// re-imported line list finds the same case. Times are UTC; <see cref="RegionPath"/> repeats the region's
/// path so that jurisdiction scoping is one indexed prefix match.
/// </summary>
public sealed class CaseRecord : IRegional, IPersonLookup
{
    public required string Id { get; set; }
    public Classification Classification { get; set; }
    public Severity? Severity { get; set; }
    public CaseOutcome? Outcome { get; set; }
    public required string PersonName { get; set; }
    public string? ResidentId { get; set; }
    public string? Phone { get; set; }
    public string? ResidentIdKey { get; set; }
    public string? PhoneKey { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public DateTimeOffset? OnsetAt { get; set; }
    public DateTimeOffset? FoundAt { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? IsolatedAt { get; set; }
    public InfectionSource? InfectionSource { get; set; }
    public string? SettingId { get; set; }
    /// <summary>
    /// Settings the case names beyond <see cref="SettingId"/> (a shopper who is also in a household cluster); it counts
    /// once in each (requirements: "Cluster"). <see cref="SettingId"/> stays the first, with its foreign key.
    /// </summary>
    public List<string> OtherSettingIds { get; set; } = [];
    public List<string> LinkedCaseIds { get; set; } = [];
    public DateTimeOffset? InvestigationDoneAt { get; set; }
    public DateTimeOffset? QuestionnaireUploadedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public List<CaseEvent> Events { get; set; } = [];
}

/// <summary>One change in a case's life: registered, reclassified, recovered, died… with who and when.</summary>
public sealed class CaseEvent
{
    public long Id { get; set; }
    public required string CaseId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    public required string Kind { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Note { get; set; }
}

/// <summary>A small place where cases may cluster: family, school, compound, workshop, natural village, medical institution (001 §1.5.1.1).</summary>
public sealed class Setting : IRegional
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string Type { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }

    /// <summary>Where a person placed the setting on the county map (issue 14), WGS-84; null: its clusters are drawn at the county's centre.</summary>
    public double? Longitude { get; set; }
    public double? Latitude { get; set; }
}

/// <summary>A food or environment nucleic-acid positive (requirements B4; 001 §1.5.1.2).</summary>
public sealed class Detection : IRegional
{
    public required string Id { get; set; }
    public DetectionKind Kind { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
    public required string Sample { get; set; }
    public required string RecordedBy { get; set; }
}

/// <summary>
/// An expert judgment (requirements C5): from a day on, for a region. <see cref="Value"/> is "true"/"false",
/// a grade (otherCircumstance) or a risk level (riskOverride); "false" withdraws.
/// </summary>
public sealed class ExpertJudgment : IRegional
{
    public long Id { get; set; }
    public JudgmentKind Kind { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public DateOnly From { get; set; }
    public required string Value { get; set; }
    public required string Reason { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A confirmation step done for a case (001 §4.2): who did it and when.</summary>
public sealed class CaseConfirmation
{
    public long Id { get; set; }
    public required string CaseId { get; set; }
    public EpiCommand.Domain.People.ConfirmationStep Step { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    public string? Note { get; set; }
}
