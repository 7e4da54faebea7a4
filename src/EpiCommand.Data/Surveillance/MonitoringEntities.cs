namespace EpiCommand.Data.Surveillance;

/// <summary>
/// A sentinel hospital's influenza-like illness count of one ISO week (流感样病例; 001 §5.1.4; 004 §七(三)): ILI visits among all
/// outpatient and emergency visits. A later report of the week replaces it.
/// </summary>
public sealed class IliReport : IRegional
{
    public long Id { get; set; }
    public int HospitalId { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }

    /// <summary>The Monday of the ISO week.</summary>
    public DateOnly WeekStart { get; set; }

    public int IliVisits { get; set; }
    public int Visits { get; set; }

    /// <summary>Whether the week's ILI% was above the alert threshold when last reported (the alert went out on crossing it).</summary>
    public bool AboveThreshold { get; set; }

    public required string ReportedBy { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
}

/// <summary>An unexplained pneumonia (不明原因肺炎) reported by a hospital (001 §5.1.4; 004 §七(三)): no name, the hospital's record number.</summary>
public sealed class PneumoniaReport : IRegional
{
    public long Id { get; set; }
    public int HospitalId { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string PatientRecord { get; set; }
    public DateOnly Onset { get; set; }
    public required string Findings { get; set; }
    public required string ReportedBy { get; set; }
    public DateTimeOffset ReportedAt { get; set; }

    /// <summary>How the report was closed; null while it is open (under investigation).</summary>
    public PneumoniaOutcome? Outcome { get; set; }

    /// <summary>The registered case it turned out to be (<see cref="PneumoniaOutcome.Covid"/>).</summary>
    public string? CaseId { get; set; }

    /// <summary>The diagnosis reached (required for <see cref="PneumoniaOutcome.OtherDiagnosis"/>), or a note.</summary>
    public string? Diagnosis { get; set; }

    /// <summary>The day the conclusion was reached.</summary>
    public DateOnly? ConcludedOn { get; set; }

    public string? ClosedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>How an unexplained pneumonia ended: COVID-19 excluded, a confirmed COVID-19 case (linked), or another diagnosis.</summary>
public enum PneumoniaOutcome { Excluded, Covid, OtherDiagnosis }
