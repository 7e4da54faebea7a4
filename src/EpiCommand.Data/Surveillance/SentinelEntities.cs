namespace EpiCommand.Data.Surveillance;

/// <summary>Who reported (001 §4.1.6–4.1.8; 003 §二(二)): fever clinics, clinics and pharmacies' real-name registers.</summary>
public enum SentinelKind { FeverClinic, Clinic, Pharmacy }

/// <summary>
/// Where a sentinel report stands on its way: reported → checked by the market regulator → passed to the headquarters
/// → a community check assigned → the check done (003 §二(二)).
/// </summary>
public enum SentinelStage { Reported, RegulatorChecked, ForwardedToHeadquarters, CommunityCheckAssigned, CommunityCheckDone }

/// <summary>A sentinel report about a person (e.g. a real-name purchase of antipyretics) and each step taken on it.</summary>
public sealed class SentinelReport : IRegional
{
    public long Id { get; set; }
    public SentinelKind Kind { get; set; }
    public required string Reporter { get; set; }
    public required string PersonName { get; set; }
    public string? Phone { get; set; }
    public required string Detail { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public required string ReportedBy { get; set; }
    public SentinelStage Stage { get; set; }
    public List<SentinelStep> Steps { get; set; } = [];
}

public sealed class SentinelStep
{
    public long Id { get; set; }
    public long ReportId { get; set; }
    public SentinelStage Stage { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    public string? Note { get; set; }
}
