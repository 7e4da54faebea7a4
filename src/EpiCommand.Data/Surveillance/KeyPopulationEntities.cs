namespace EpiCommand.Data.Surveillance;

public enum KeyPersonStatus { UnderObservation, Released, Exempt }

/// <summary>A person of a key population (003 §二(三); 001 §5.1.8(4)): an arrival followed under a plan's protocol.</summary>
public sealed class KeyPerson : IRegional, IPersonLookup
{
    public required string Id { get; set; }
    public required string PersonName { get; set; }
    public string? ResidentId { get; set; }
    public string? Phone { get; set; }
    public string? ResidentIdKey { get; set; }
    public string? PhoneKey { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string ProtocolId { get; set; }
    public required string ArrivedFrom { get; set; }
    public DateTimeOffset ArrivedAt { get; set; }
    public DateTimeOffset? NegativeTestAt { get; set; }
    public DateOnly? ObservationEnds { get; set; }
    public KeyPersonStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public List<KeyPersonTest> Tests { get; set; } = [];
}

/// <summary>One scheduled test of a key person ("1+1": nucleic acid and serology), with its result once taken.</summary>
public sealed class KeyPersonTest
{
    public long Id { get; set; }
    public required string PersonId { get; set; }
    public required string Kind { get; set; }
    public int Number { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public string? Result { get; set; }
    public string? RecordedBy { get; set; }
}
