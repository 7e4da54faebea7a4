namespace EpiCommand.Data.Surveillance;

public enum ContactStatus { UnderObservation, Released, BecameCase }

/// <summary>
/// A close contact under centralised medical observation until 14 days after the last contact (001 §5.2.7).
/// A contact of a contact names the contact it came from.
/// </summary>
public sealed class CloseContact : IRegional, IPersonLookup
{
    public required string Id { get; set; }
    public required string PersonName { get; set; }
    public string? ResidentId { get; set; }
    public string? Phone { get; set; }
    public string? ResidentIdKey { get; set; }
    public string? PhoneKey { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public string? SourceCaseId { get; set; }
    public string? SourceContactId { get; set; }
    public DateTimeOffset LastContactAt { get; set; }
    public DateOnly ObservationEnds { get; set; }
    public required string Site { get; set; }
    public ContactStatus Status { get; set; }
    public string? CaseId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public List<HealthCheck> Checks { get; set; } = [];
}

/// <summary>A scheduled temperature and symptom check, twice a day (001 §5.2.7).</summary>
public sealed class HealthCheck
{
    public long Id { get; set; }
    public required string ContactId { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public decimal? Temperature { get; set; }
    public bool? Symptoms { get; set; }
    public string? SymptomNote { get; set; }
    public string? RecordedBy { get; set; }
}
