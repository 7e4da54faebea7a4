using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Response;

namespace EpiCommand.Data.Response;

/// <summary>
/// A Fangcang shelter hospital site (方舱医院; 001 §5.4.4; 004 §七(十), §九(四)3): where it is, the beds and staff it is planned
/// with, its state (<see cref="ShelterRules"/>) and the beds in use — changed only by <see cref="ShelterMovement"/>s, never above
/// <see cref="Beds"/>.
/// </summary>
public sealed class ShelterHospital : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Name { get; set; }
    public required string Address { get; set; }
    public int Beds { get; set; }
    public int Staff { get; set; }
    public ShelterStatus Status { get; set; }
    public int Occupied { get; set; }
    public required string ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public int Version { get; set; }
}

public enum ShelterMovementKind { Admission, Discharge }

/// <summary>Patients admitted to or discharged from a site, with the beds in use after; never changed once written.</summary>
public sealed class ShelterMovement
{
    public long Id { get; set; }
    public long ShelterId { get; set; }
    public ShelterMovementKind Kind { get; set; }
    public int Count { get; set; }
    public int OccupiedAfter { get; set; }
    public string? Note { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
